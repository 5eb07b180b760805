#include "operatorevents.h"

#include "core/logging.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <spdlog/spdlog.h>

namespace {
constexpr int kMaxKeptEvents = 10'000; // the history view's memory; the file keeps everything
}

QJsonObject OperatorEvent::toJson() const
{
    QJsonObject object { { QStringLiteral("time_ms"), timeMs }, { QStringLiteral("action"), action },
        { QStringLiteral("service"), service }, { QStringLiteral("target"), target },
        { QStringLiteral("detail"), detail }, { QStringLiteral("ok"), ok } };
    if (!error.isEmpty())
        object.insert(QStringLiteral("error"), error);
    return object;
}

OperatorEvent OperatorEvent::fromJson(const QJsonObject &object)
{
    OperatorEvent event;
    event.timeMs = object.value(QStringLiteral("time_ms")).toInteger();
    event.action = object.value(QStringLiteral("action")).toString();
    event.service = object.value(QStringLiteral("service")).toString();
    event.target = object.value(QStringLiteral("target")).toString();
    event.detail = object.value(QStringLiteral("detail")).toString();
    event.ok = object.value(QStringLiteral("ok")).toBool(true);
    event.error = object.value(QStringLiteral("error")).toString();
    return event;
}

QString OperatorEvent::summary() const
{
    QString text = action + QLatin1Char(' ') + (target.isEmpty() ? service : target);
    if (!detail.isEmpty())
        text += QStringLiteral(" (%1)").arg(detail);
    if (!ok)
        text += QStringLiteral(": failed: %1").arg(error);
    return text;
}

OperatorEvents::OperatorEvents(const QString &dataDir, QObject *parent)
    : QObject(parent)
    , m_path(path(dataDir))
{
    qRegisterMetaType<OperatorEvent>();
    if (!m_path.isEmpty())
        m_events = load(m_path);
    if (m_events.size() > kMaxKeptEvents)
        m_events.remove(0, m_events.size() - kMaxKeptEvents);
}

QString OperatorEvents::path(const QString &dataDir)
{
    return dataDir.isEmpty() ? QString() : QDir(dataDir).filePath(QStringLiteral("operator-events.jsonl"));
}

QList<OperatorEvent> OperatorEvents::load(const QString &filePath)
{
    QList<OperatorEvent> events;
    QFile file(filePath);
    if (!file.open(QIODevice::ReadOnly))
        return events;
    while (!file.atEnd()) {
        const auto line = file.readLine().trimmed();
        if (line.isEmpty())
            continue;
        const auto document = QJsonDocument::fromJson(line);
        if (document.isObject()) // a line cut short by a crash is skipped, the rest still counts
            events.append(OperatorEvent::fromJson(document.object()));
    }
    return events;
}

void OperatorEvents::record(OperatorEvent event)
{
    if (event.timeMs == 0)
        event.timeMs = QDateTime::currentMSecsSinceEpoch();
    auto log = Logging::get("operator");
    if (event.ok)
        log->info("{}", event.summary().toStdString());
    else
        log->warn("{}", event.summary().toStdString());
    if (!m_path.isEmpty()) {
        QFile file(m_path);
        if (file.open(QIODevice::WriteOnly | QIODevice::Append))
            file.write(QJsonDocument(event.toJson()).toJson(QJsonDocument::Compact) + '\n');
        else
            log->error("cannot append to {}: {}", m_path.toStdString(), file.errorString().toStdString());
    }
    m_events.append(event);
    if (m_events.size() > kMaxKeptEvents)
        m_events.removeFirst();
    Q_EMIT recorded(event);
}
