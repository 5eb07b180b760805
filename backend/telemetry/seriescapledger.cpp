#include "seriescapledger.h"

#include "core/logging.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>
#include <spdlog/spdlog.h>

namespace {

constexpr qint64 kSaveEveryMs = 5'000;

} // namespace

SeriesCapLedger::SeriesCapLedger(const QString &historyPath)
    : m_path(historyPath.isEmpty() ? QString() : pathFor(historyPath))
{ }

QString SeriesCapLedger::pathFor(const QString &historyPath)
{
    return historyPath + QStringLiteral(".limits");
}

void SeriesCapLedger::refuse(const QString &key, const QString &instance, qint64 timeMs, int maxSeries)
{
    m_summary.maxSeries = maxSeries;
    const size_t hash = qHash(key);
    if (m_refused.contains(hash))
        return;
    m_refused.insert(hash);
    ++m_summary.droppedSeries;
    auto &count = m_summary.byInstance[instance];
    ++count;
    m_summary.firstMs = m_summary.firstMs ? m_summary.firstMs : timeMs;
    m_summary.lastMs = timeMs;
    m_dirty = true;
    if (m_summary.droppedSeries == 1)
        Logging::get("telemetry")
            ->warn("the metric store holds its cap of {} series: new series are not recorded, and the figures of "
                   "the instances concerned are incomplete (raise it or scrape fewer series)",
                maxSeries);
    if (count == 1 && !instance.isEmpty())
        Logging::get("telemetry")
            ->warn(
                "{}: series over the store's cap are not recorded; its figures are incomplete", instance.toStdString());
}

void SeriesCapLedger::save(qint64 nowMs, bool force)
{
    if (!m_dirty || m_path.isEmpty() || (!force && nowMs - m_savedMs < kSaveEveryMs))
        return;
    QJsonObject instances;
    for (auto it = m_summary.byInstance.cbegin(); it != m_summary.byInstance.cend(); ++it)
        instances.insert(it.key(), it.value());
    const QJsonObject object { { QStringLiteral("max_series"), m_summary.maxSeries },
        { QStringLiteral("dropped_series"), m_summary.droppedSeries }, { QStringLiteral("instances"), instances },
        { QStringLiteral("first_ms"), m_summary.firstMs }, { QStringLiteral("last_ms"), m_summary.lastMs } };
    QSaveFile file(m_path);
    if (file.open(QIODevice::WriteOnly) && file.write(QJsonDocument(object).toJson(QJsonDocument::Compact)) >= 0
        && file.commit()) {
        m_dirty = false;
        m_savedMs = nowMs;
    }
}

void SeriesCapLedger::reset()
{
    m_refused.clear();
    m_summary = {};
    m_dirty = false;
    if (!m_path.isEmpty())
        QFile::remove(m_path);
}

void SeriesCapLedger::load()
{
    QFile file(m_path);
    if (m_path.isEmpty() || !file.open(QIODevice::ReadOnly))
        return;
    const auto object = QJsonDocument::fromJson(file.read(1 << 20)).object();
    m_summary.maxSeries = object.value(QStringLiteral("max_series")).toInt();
    m_summary.droppedSeries = object.value(QStringLiteral("dropped_series")).toInt();
    m_summary.firstMs = qint64(object.value(QStringLiteral("first_ms")).toDouble());
    m_summary.lastMs = qint64(object.value(QStringLiteral("last_ms")).toDouble());
    const auto instances = object.value(QStringLiteral("instances")).toObject();
    for (auto it = instances.begin(); it != instances.end(); ++it)
        m_summary.byInstance.insert(it.key(), it.value().toInt());
}
