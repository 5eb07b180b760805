#include "timeseriesstore.h"

#include "core/logging.h"
#include "registrystate.h"
#include "seriesfile.h"
#include "timeseriesstore_p.h"

#include <map>
#include <mutex>
#include <optional>
#include <QDir>
#include <QFileInfo>
#include <spdlog/spdlog.h>
#include <utility>

namespace {

constexpr QChar kLabelSep(0x1f);
constexpr QChar kValueSep(0x1e);
constexpr qint64 kPointBytes = 21;
constexpr qint64 kSeriesRecordBytes = 10; // plus the key
constexpr qint64 kRetentionSweepMs = 10'000;

QString keyOf(const QString &metric, const MetricLabels &sortedLabels)
{
    QString key = metric;
    for (const auto &[name, value] : sortedLabels)
        key += kLabelSep + name + kValueSep + value;
    return key;
}

void parseKey(const QString &key, QString *metric, MetricLabels *labels)
{
    const auto parts = key.split(kLabelSep);
    *metric = parts.value(0);
    for (qsizetype i = 1; i < parts.size(); ++i) {
        const auto sep = parts[i].indexOf(kValueSep);
        labels->append({ parts[i].left(sep), parts[i].mid(sep + 1) });
    }
}

bool isCounterLike(MetricType type, const QString &family, const QString &sample)
{
    switch (type) {
    case MetricType::Counter:
        return true;
    case MetricType::Histogram:
        return sample != family; // _bucket, _sum, _count
    case MetricType::Summary:
        return sample != family; // _sum, _count; the quantiles themselves are gauges
    default:
        return false;
    }
}

quint8 flagsOf(const auto &series)
{
    return quint8((series.counterLike ? SeriesFlag::CounterLike : 0) | (series.perBucket ? SeriesFlag::PerBucket : 0));
}

// The labels of a bucket sample without its le, as text: what identifies the histogram it belongs to.
QString histogramKey(const MetricLabels &labels)
{
    QString key;
    for (const auto &[name, value] : labels) {
        if (name == QLatin1String("le"))
            continue;
        key += kLabelSep + name + kValueSep + value;
    }
    return key;
}

// The value of an le label; nothing when it is not a number.
std::optional<double> boundOf(const QString &le)
{
    if (le == QLatin1String("+Inf"))
        return HUGE_VAL;
    bool ok = false;
    const double bound = le.toDouble(&ok);
    return ok && !std::isnan(bound) ? std::optional<double>(bound) : std::nullopt;
}

} // namespace

struct TimeSeriesStore::ScrapeState
{
    qint64 timeMs = 0;
    bool seenBefore = false; // the previous scrape of this target, at previousMs, answered
    qint64 previousMs = 0;
};

TimeSeriesStore::TimeSeriesStore(Options options)
    : m_options(std::move(options))
    , m_fineRetentionMs(m_options.fineRetentionMs)
    , m_cap(m_options.path)
{ }

TimeSeriesStore::TimeSeriesStore()
    : TimeSeriesStore(Options {})
{ }

TimeSeriesStore::~TimeSeriesStore()
{
    std::unique_lock lock(m_lock);
    if (m_file)
        m_file->flush();
    if (!m_options.readOnly)
        m_cap.save(m_newestMs, true);
}

QString TimeSeriesStore::defaultPath(const QString &dataDir)
{
    return QDir(dataDir).filePath(QStringLiteral("metrics.fdts"));
}

bool TimeSeriesStore::open(QString *error)
{
    if (m_options.path.isEmpty())
        return true;
    std::unique_lock lock(m_lock);
    if (m_options.readOnly && !QFileInfo::exists(m_options.path)) {
        if (error)
            *error = QStringLiteral("no recorded metric history at %1").arg(m_options.path);
        return false;
    }
    if (!m_options.readOnly) {
        if (!QDir().mkpath(QFileInfo(m_options.path).absolutePath())) {
            if (error)
                *error = QStringLiteral("cannot create the directory of %1").arg(m_options.path);
            return false;
        }
    }
    m_file = std::make_unique<SeriesFile>(m_options.path);
    QHash<quint32, Series *> byId;
    SeriesFile::Reader reader;
    reader.series = [&](quint32 id, quint8 flags, const QString &key) {
        if (byId.contains(id) || m_byKey.contains(key))
            return;
        byId.insert(id, createSeries(id, key, flags));
        m_nextId = std::max(m_nextId, id + 1);
    };
    reader.point = [&](quint32 id, qint64 ms, double value, bool coarse) {
        Series *series = byId.value(id);
        if (!series)
            return;
        if (coarse) {
            if (series->coarse.empty() || ms > series->coarse.back().t) {
                series->coarse.push_back({ ms, value });
                series->coarseSamples = 1;
                ++m_points;
            }
        } else {
            appendPoint(*series, ms, value, false);
        }
        m_newestMs = std::max(m_newestMs, ms);
    };
    if (!m_file->open(reader, error, m_options.readOnly)) {
        m_file.reset();
        return false;
    }
    convertCumulativeBuckets();
    applyRetention();
    if (m_options.readOnly) {
        m_file.reset(); // nothing is ever appended
        m_cap.load();
        return true;
    }
    m_cap.reset();
    Logging::get("telemetry")
        ->info("metric history: {} series, {} points from {}", m_series.size(), m_points, m_options.path.toStdString());
    return compactLocked(error);
}

TimeSeriesStore::Series *TimeSeriesStore::createSeries(quint32 id, const QString &key, quint8 flags)
{
    auto series = std::make_unique<Series>();
    series->id = id;
    series->key = key;
    series->counterLike = flags & SeriesFlag::CounterLike;
    series->perBucket = flags & SeriesFlag::PerBucket;
    parseKey(key, &series->metric, &series->labels);
    series->service = series->label(QStringLiteral("service"));
    series->instance = series->label(QStringLiteral("instance"));
    Series *raw = series.get();
    m_seriesBytes += kSeriesRecordBytes + key.size();
    m_series.push_back(std::move(series));
    m_byKey.insert(key, raw);
    m_byMetric[raw->metric].push_back(raw);
    return raw;
}

TimeSeriesStore::Series *TimeSeriesStore::seriesFor(
    const QString &metric, MetricLabels labels, quint8 flags, bool *created)
{
    std::sort(labels.begin(), labels.end(), [](const auto &a, const auto &b) { return a.first < b.first; });
    const QString key = keyOf(metric, labels);
    *created = false;
    if (Series *existing = m_byKey.value(key))
        return existing;
    if (int(m_series.size()) >= m_options.maxSeries) {
        QString instance;
        for (const auto &[name, value] : labels) {
            if (name == QLatin1String("instance"))
                instance = value;
        }
        m_cap.refuse(key, instance, m_ingestingMs, m_options.maxSeries);
        return nullptr;
    }
    *created = true;
    Series *series = createSeries(m_nextId++, key, flags);
    if (m_file)
        m_file->appendSeries(series->id, flags, key);
    return series;
}

void TimeSeriesStore::appendCoarse(Series &series, qint64 t, double value)
{
    const qint64 step = std::max<qint64>(1, m_options.coarseStepMs);
    if (!series.coarse.empty() && series.coarse.back().t / step == t / step) {
        auto &last = series.coarse.back();
        last.t = t;
        if (series.counterLike) {
            last.v = value; // the newest cumulative value of the interval
        } else {
            ++series.coarseSamples;
            last.v += (value - last.v) / series.coarseSamples; // the mean of the interval
        }
        return;
    }
    series.coarse.push_back({ t, value });
    series.coarseSamples = 1;
    ++m_points;
}

void TimeSeriesStore::appendPoint(Series &series, qint64 t, double value, bool log)
{
    if (!series.fine.empty() && t <= series.fine.back().t)
        return;
    series.fine.push_back({ t, value });
    ++m_points;
    appendCoarse(series, t, value);
    while (!series.fine.empty() && series.fine.front().t < t - m_fineRetentionMs) {
        series.fine.pop_front();
        --m_points;
    }
    while (!series.coarse.empty() && series.coarse.front().t < t - m_options.retentionMs) {
        series.coarse.pop_front();
        --m_points;
    }
    if (log && m_file)
        m_file->appendPoint(series.id, t, value);
}

TimeSeriesStore::Series *TimeSeriesStore::targetSeries(
    const ScrapeTarget &target, const QString &metric, const MetricLabels &sampleLabels, quint8 flags, bool *created)
{
    // Target labels win; a clashing exposed label is kept as exported_<name>, as Prometheus does.
    MetricLabels labels;
    labels.reserve(sampleLabels.size() + 2);
    for (const auto &[name, value] : sampleLabels) {
        const bool clash = name == QLatin1String("service") || name == QLatin1String("instance");
        labels.append({ clash ? QLatin1String("exported_") + name : name, value });
    }
    labels.append({ QStringLiteral("service"), target.service });
    labels.append({ QStringLiteral("instance"), target.instance });
    return seriesFor(metric, std::move(labels), flags, created);
}

void TimeSeriesStore::recordSample(const ScrapeTarget &target, const ScrapeState &scrape, const QString &metric,
    const MetricLabels &sampleLabels, bool counterLike, double raw)
{
    if (std::isnan(raw))
        return;
    bool created = false;
    Series *series = targetSeries(target, metric, sampleLabels, counterLike ? SeriesFlag::CounterLike : 0, &created);
    if (!series)
        return;
    if (!counterLike) {
        appendPoint(*series, scrape.timeMs, raw, true);
        return;
    }
    // A counter that first shows up on a target scraped before started from zero since that scrape;
    // recording that zero keeps its first increments in every rate and increase.
    if (created && scrape.seenBefore) {
        appendPoint(*series, scrape.previousMs, 0, true);
        series->lastRaw = 0;
    }
    double stored = raw;
    if (const Point *last = series->newest()) {
        if (std::isnan(series->lastRaw))
            stored = last->v; // first scrape after a restart of the console: the gap is unknown
        else
            stored = last->v + (raw >= series->lastRaw ? raw - series->lastRaw : raw); // raw < last: a reset
    }
    series->lastRaw = raw;
    appendPoint(*series, scrape.timeMs, stored, true);
}

void TimeSeriesStore::recordHistogram(const ScrapeTarget &target, const ScrapeState &scrape, const MetricFamily &family)
{
    // The buckets of each label set, collected across the family (the exposition lists them together, but
    // nothing requires it); _sum and _count are plain counters.
    const QString bucketName = family.name + QLatin1String("_bucket");
    std::map<QString, std::vector<std::pair<double, const MetricSample *>>> histograms;
    for (const auto &sample : family.samples) {
        if (sample.name != bucketName) {
            recordSample(target, scrape, sample.name, sample.labels,
                isCounterLike(family.type, family.name, sample.name), sample.value);
            continue;
        }
        const auto bound = boundOf(sample.label(QStringLiteral("le")));
        if (bound && !std::isnan(sample.value))
            histograms[histogramKey(sample.labels)].push_back({ *bound, &sample });
    }
    for (auto &[key, buckets] : histograms)
        recordBuckets(target, scrape, bucketName, buckets);
}

void TimeSeriesStore::recordBuckets(const ScrapeTarget &target, const ScrapeState &scrape, const QString &metric,
    std::vector<std::pair<double, const MetricSample *>> &buckets)
{
    std::stable_sort(buckets.begin(), buckets.end(), [](const auto &a, const auto &b) { return a.first < b.first; });
    // Per-bucket counts: the difference of consecutive cumulative counts (never negative, should an exporter
    // disagree with itself).
    std::vector<double> counts(buckets.size());
    double below = 0;
    for (size_t i = 0; i < buckets.size(); ++i) {
        const double cumulative = buckets[i].second->value;
        counts[i] = std::max(0.0, cumulative - below);
        below = std::max(below, cumulative);
    }

    const QString groupKey = target.instance + kLabelSep + metric + histogramKey(buckets.front().second->labels);
    const bool known = m_bucketGroups.contains(groupKey);
    auto &group = m_bucketGroups[groupKey];
    // A bucket the previous scrape did not export held 0 then; one it exported and this one does not holds 0
    // now. So the previous count of a bucket is what the group remembers, or 0.
    const QHash<QString, double> previous = std::exchange(group.lastCount, {});
    // Since when a bucket new to the store is known to have held 0: the previous scrape of this histogram,
    // or of the target when the histogram itself is new. (0 when neither is known.)
    const qint64 zeroSinceMs = known ? group.seenMs : scrape.seenBefore ? scrape.previousMs : 0;
    group.seenMs = scrape.timeMs;
    for (size_t i = 0; i < buckets.size(); ++i)
        group.lastCount.insert(buckets[i].second->label(QStringLiteral("le")), counts[i]);
    // A restarted instance starts every bucket over, so some bucket count went down (or a non-empty bucket
    // vanished). Then each count is all new; otherwise only its growth is.
    bool reset = false;
    for (auto it = previous.cbegin(); it != previous.cend() && !reset; ++it)
        reset = group.lastCount.value(it.key(), 0.0) < it.value();
    // A value that has not changed is not stored again, except once in a while, so that retention never
    // drops the newest point of a series that is still scraped.
    const qint64 heartbeatMs = std::max<qint64>(1, m_options.retentionMs / 4);

    for (size_t i = 0; i < buckets.size(); ++i) {
        const MetricSample &sample = *buckets[i].second;
        const QString le = sample.label(QStringLiteral("le"));
        bool created = false;
        Series *series
            = targetSeries(target, metric, sample.labels, SeriesFlag::CounterLike | SeriesFlag::PerBucket, &created);
        if (!series)
            continue;
        if (created && zeroSinceMs > 0 && zeroSinceMs < scrape.timeMs && counts[i] > 0)
            appendPoint(*series, zeroSinceMs, 0, true); // its observations are all new since then
        const Point *last = series->newest();
        double stored = counts[i];
        if (last) {
            if (!known && !scrape.seenBefore)
                stored = last->v; // first scrape after a restart of the console: the gap is unknown
            else
                stored = last->v + std::max(0.0, reset ? counts[i] : counts[i] - previous.value(le, 0.0));
        }
        if (last && stored == last->v && scrape.timeMs - last->t < heartbeatMs)
            continue;
        appendPoint(*series, scrape.timeMs, stored, true);
    }
}

void TimeSeriesStore::ingest(
    const ScrapeTarget &target, qint64 timeMs, bool up, const QList<MetricFamily> &families, double scrapeSeconds)
{
    std::unique_lock lock(m_lock);
    m_ingestingMs = timeMs;
    auto &status = m_targets[target.instance];
    ScrapeState scrape;
    scrape.timeMs = timeMs;
    scrape.seenBefore = status.lastScrapeMs > 0 && status.up && status.lastScrapeMs < timeMs;
    scrape.previousMs = status.lastScrapeMs;
    status.target = target;
    status.lastScrapeMs = timeMs;
    status.up = up;

    if (!target.metricsOff)
        recordSample(target, scrape, QStringLiteral("up"), {}, false, up ? 1 : 0);
    // Beside "up": the registry's word at the same moment, so history can tell drained from failing.
    if (const int registry = RegistryState::code(target.registryState); registry >= 0)
        recordSample(target, scrape, RegistryState::kMetric, {}, false, registry);
    if (up && !target.metricsOff) {
        recordSample(target, scrape, QStringLiteral("scrape_duration_seconds"), {}, false, scrapeSeconds);
        for (const auto &family : families) {
            if (family.type == MetricType::Histogram) {
                recordHistogram(target, scrape, family);
                continue;
            }
            for (const auto &sample : family.samples)
                recordSample(target, scrape, sample.name, sample.labels,
                    isCounterLike(family.type, family.name, sample.name), sample.value);
        }
    }
    m_newestMs = std::max(m_newestMs, timeMs);
    m_cap.save(m_newestMs);
    if (m_newestMs - m_lastRetentionMs >= kRetentionSweepMs)
        applyRetention();
    if (m_file) {
        m_file->flush();
        // What memory holds takes points and series definitions (keys) in the file; quiet bucket series
        // have many more key bytes than points.
        if (m_file->size() > 2 * (m_points * kPointBytes + m_seriesBytes) + (8 << 20)) {
            QString error;
            if (!compactLocked(&error))
                Logging::get("telemetry")->warn("{}", error.toStdString());
        }
    }
}

void TimeSeriesStore::applyRetention()
{
    m_lastRetentionMs = m_newestMs;
    constexpr qint64 kMinFineMs = 60'000;
    bool removed = false;
    for (int pass = 0; pass < 16; ++pass) {
        const qint64 fineCut = m_newestMs - m_fineRetentionMs;
        const qint64 coarseCut = m_newestMs - m_options.retentionMs;
        for (auto &series : m_series) {
            while (!series->fine.empty() && series->fine.front().t < fineCut) {
                series->fine.pop_front();
                --m_points;
            }
            while (!series->coarse.empty() && series->coarse.front().t < coarseCut) {
                series->coarse.pop_front();
                --m_points;
            }
            removed = removed || (series->fine.empty() && series->coarse.empty());
        }
        if (m_points <= m_options.maxPoints || m_fineRetentionMs <= kMinFineMs)
            break;
        m_fineRetentionMs = std::max(kMinFineMs, m_fineRetentionMs / 2);
        Logging::get("telemetry")
            ->warn("{} points exceed the budget of {}; full resolution now kept for {} s", m_points,
                m_options.maxPoints, m_fineRetentionMs / 1000);
    }
    // Histograms not scraped for as long as history is kept are gone from their targets.
    for (auto it = m_bucketGroups.begin(); it != m_bucketGroups.end();) {
        if (it->seenMs < m_newestMs - m_options.retentionMs)
            it = m_bucketGroups.erase(it);
        else
            ++it;
    }
    if (removed) {
        std::erase_if(m_series, [](const auto &series) { return series->fine.empty() && series->coarse.empty(); });
        rebuildIndex();
    }
}

// History recorded before buckets were stored per bucket holds cumulative bucket series. Reset-corrected
// cumulative counts subtract to reset-corrected per-bucket counts, and every bucket of a histogram got its
// points at the same scrape times, so each point becomes its value minus the value of the next lower bound
// at that time.
void TimeSeriesStore::convertCumulativeBuckets()
{
    std::map<QString, std::vector<std::pair<double, Series *>>> histograms;
    for (auto &series : m_series) {
        if (series->perBucket || !series->counterLike || !series->metric.endsWith(QLatin1String("_bucket")))
            continue;
        if (const auto bound = boundOf(series->label(QStringLiteral("le"))))
            histograms[series->metric + histogramKey(series->labels)].push_back({ *bound, series.get() });
    }
    for (auto &[key, buckets] : histograms) {
        std::sort(buckets.begin(), buckets.end(), [](const auto &a, const auto &b) { return a.first < b.first; });
        // From the top down, so that the lower neighbour still holds its cumulative values when read.
        for (size_t i = buckets.size(); i-- > 0;) {
            Series &series = *buckets[i].second;
            series.perBucket = true;
            if (i == 0)
                continue;
            const Series &lower = *buckets[i - 1].second;
            const PointView below(lower);
            for (auto *tier : { &series.fine, &series.coarse }) {
                for (auto &point : *tier) {
                    const qint64 at = below.lastAtOrBefore(point.t);
                    point.v = std::max(0.0, point.v - (at >= 0 ? below.at(at).v : 0.0));
                }
            }
        }
    }
}

void TimeSeriesStore::rebuildIndex()
{
    m_byKey.clear();
    m_byMetric.clear();
    m_seriesBytes = 0;
    for (auto &series : m_series) {
        m_byKey.insert(series->key, series.get());
        m_byMetric[series->metric].push_back(series.get());
        m_seriesBytes += kSeriesRecordBytes + series->key.size();
    }
}

bool TimeSeriesStore::compact(QString *error)
{
    std::unique_lock lock(m_lock);
    return compactLocked(error);
}

bool TimeSeriesStore::compactLocked(QString *error)
{
    if (!m_file)
        return true;
    return m_file->rewrite(
        [this](SeriesFile &out) {
            for (const auto &series : m_series) {
                out.appendSeries(series->id, flagsOf(*series), series->key);
                const PointView view(*series);
                const qint64 coarseCount = view.size() - qint64(series->fine.size());
                for (qint64 i = 0; i < view.size(); ++i)
                    out.appendPoint(series->id, view.at(i).t, view.at(i).v, i < coarseCount);
            }
        },
        error);
}

void TimeSeriesStore::forgetTarget(const QString &instance)
{
    std::unique_lock lock(m_lock);
    m_targets.remove(instance);
}

void TimeSeriesStore::markGone(const QString &instance, qint64 timeMs)
{
    std::unique_lock lock(m_lock);
    if (auto it = m_targets.find(instance); it != m_targets.end() && (timeMs == 0 || it->goneSinceMs == 0))
        it->goneSinceMs = timeMs;
}

QList<TargetStatus> TimeSeriesStore::targets() const
{
    std::shared_lock lock(m_lock);
    return m_targets.values();
}

QList<QPair<QString, QString>> TimeSeriesStore::recordedInstances() const
{
    std::shared_lock lock(m_lock);
    QList<QPair<QString, QString>> out;
    for (const Series *series : m_byMetric.value(QStringLiteral("up")))
        out.append({ series->service, series->instance });
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
}

int TimeSeriesStore::seriesCount() const
{
    std::shared_lock lock(m_lock);
    return int(m_series.size());
}

qint64 TimeSeriesStore::pointCount() const
{
    std::shared_lock lock(m_lock);
    return m_points;
}

qint64 TimeSeriesStore::effectiveFineRetentionMs() const
{
    std::shared_lock lock(m_lock);
    return m_fineRetentionMs;
}

int TimeSeriesStore::droppedSeries() const
{
    std::shared_lock lock(m_lock);
    return m_cap.summary().droppedSeries;
}

SeriesCapLedger::Summary TimeSeriesStore::seriesCap() const
{
    std::shared_lock lock(m_lock);
    auto summary = m_cap.summary();
    // A store opened from a file reports the cap of the run that recorded it (kept beside the history).
    if (!m_options.readOnly || summary.maxSeries == 0)
        summary.maxSeries = m_options.maxSeries;
    return summary;
}

qint64 TimeSeriesStore::newestMs() const
{
    std::shared_lock lock(m_lock);
    return m_newestMs;
}
