#include "alerthistory.h"

#include <QFile>
#include <QJsonDocument>
#include <QSaveFile>

AlertHistory::AlertHistory(QString filePath, int maxEvents)
    : m_path(std::move(filePath))
    , m_maxEvents(qMax(1, maxEvents))
{ }

bool AlertHistory::open(QString *error)
{
    m_events.clear();
    m_skipped = 0;
    QFile file(m_path);
    if (!file.exists())
        return true;
    if (!file.open(QIODevice::ReadOnly)) {
        if (error)
            *error = QStringLiteral("cannot read alert history %1: %2").arg(m_path, file.errorString());
        return false;
    }
    qint64 lines = 0;
    while (!file.atEnd()) {
        const auto line = file.readLine().trimmed();
        if (line.isEmpty())
            continue;
        ++lines;
        const auto document = QJsonDocument::fromJson(line);
        const auto event = document.isObject() ? AlertEvent::fromJson(document.object()) : std::nullopt;
        if (!event) {
            ++m_skipped;
            continue;
        }
        m_events << *event;
        if (m_events.size() > m_maxEvents)
            m_events.removeFirst();
    }
    file.close();
    if (lines > 2LL * m_maxEvents || m_skipped > 0)
        return compact(error);
    return true;
}

bool AlertHistory::compact(QString *error)
{
    QSaveFile file(m_path);
    if (!file.open(QIODevice::WriteOnly)) {
        if (error)
            *error = QStringLiteral("cannot rewrite alert history %1: %2").arg(m_path, file.errorString());
        return false;
    }
    for (const auto &event : std::as_const(m_events))
        file.write(QJsonDocument(event.toJson()).toJson(QJsonDocument::Compact) + '\n');
    if (!file.commit()) {
        if (error)
            *error = QStringLiteral("cannot rewrite alert history %1: %2").arg(m_path, file.errorString());
        return false;
    }
    return true;
}

bool AlertHistory::append(const AlertEvent &event, QString *error)
{
    m_events << event;
    if (m_events.size() > m_maxEvents)
        m_events.removeFirst();
    QFile file(m_path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Append)) {
        if (error)
            *error = QStringLiteral("cannot append to alert history %1: %2").arg(m_path, file.errorString());
        return false;
    }
    const QByteArray line = QJsonDocument(event.toJson()).toJson(QJsonDocument::Compact) + '\n';
    if (file.write(line) != line.size()) {
        if (error)
            *error = QStringLiteral("cannot append to alert history %1: %2").arg(m_path, file.errorString());
        return false;
    }
    return true;
}

QList<AlertEvent> AlertHistory::eventsFor(const QString &ruleName) const
{
    QList<AlertEvent> result;
    for (const auto &event : m_events) {
        if (event.ruleName == ruleName)
            result << event;
    }
    return result;
}
