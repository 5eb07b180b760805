#pragma once

#include "metricfamily.h"
#include "metricquery.h"
#include "seriescapledger.h"

#include <deque>
#include <memory>
#include <QHash>
#include <QList>
#include <QPointF>
#include <QStringList>
#include <shared_mutex>
#include <vector>

class SeriesFile;

// Who was scraped: a service instance as discovery reported it.
struct ScrapeTarget
{
    QString service;
    QString instance; // instance id, e.g. "cart-2"
    QString address;
    quint16 port = 0;
    bool registryHealthy = true;
    QString registryState {}; // see RegistryState; empty for targets no registry reports on
    QString convention {}; // whose request metrics its page held (MetricConventions); empty: none matched
    // metrics=off in its registration: never scraped; the registry's word is all the console knows of it.
    bool metricsOff = false;
};

struct TargetStatus
{
    ScrapeTarget target;
    qint64 lastScrapeMs = 0; // for a metricsOff target: when the registry last listed it
    bool up = false;
    // When it left the registry (deregistered), 0 while registered: shown as gone, then forgotten.
    qint64 goneSinceMs = 0;
};

// Traffic seen over a window, for one group (a service instance, or a caller → callee pair).
struct WindowTraffic
{
    double requests = 0;
    double errors = 0; // status >= 500, or no answer (status 0)
    double rps = 0; // per series: the rise over the covered part of the window / covered seconds; summed
    double p95Ms = 0;
    bool hasData = false;
    bool hasLatency = false; // latency buckets were recorded (a summary-only page has counts, no p95)
};

// The look-back window of the live figures: the topology's rates, ratios and p95, and the charts' narrowest
// window, so that the graph and the charts show the same numbers.
inline constexpr qint64 kLiveWindowMs = 30'000;

// How much of a time window the recording covers: the time between consecutive scrapes of the instances in
// question, where no gap (no scrape for more than 10 s; 70 s in the one-minute history) broke it, clipped to
// the window. Rates are computed over exactly this part of their window (WindowTraffic::rps, RequestRate):
// less than the window while the console is warming up, after a gap, or when a report asks for more than
// was recorded.
struct WindowCoverage
{
    qint64 windowMs = 0;
    qint64 coveredMs = 0;
    // One unbroken run of scrapes from the window's start on: the figures are over the whole window.
    bool full = false;
};

// Every scraped series, in memory with bounded size and on disk so that history survives a restart.
// Two tiers per series: full resolution for fineRetentionMs (default one hour), and one point per
// coarseStepMs (default one minute) for retentionMs. Counters (and histogram buckets, _sum, _count) are
// stored reset-corrected, so an increase over any window is a difference of two points. Rates, error ratios
// and latency quantiles are computed from the store, never from the instances.
//
// Histogram buckets are stored per bucket, not cumulative: the series with le="x" counts the observations
// between the next lower exported bound and x. Instances export a sparse bucket set that grows over time
// (the bounds of every non-empty 1 % bucket, LatencyHistogram::exportBuckets()); a cumulative series that
// appears mid-window has no start value, and its true start is not 0 but the count of the bound below.
// Per bucket, a bucket that was not exported really held 0, so the increase of every bucket over a window
// is a plain difference, and the quantile sums them in bound order. Most fine buckets rarely change, so a
// bucket series only gets a point when its value changed (or, rarely, to stay within retention).
//
// Thread safe: the scraper thread ingests, the console and the alert engine query.
// Requests to /metrics and /health are monitoring traffic and are left out of request rates and ratios.
class TimeSeriesStore : public MetricQuery
{
public:
    struct Options
    {
        QString path; // history file; empty keeps everything in memory only
        qint64 fineRetentionMs = 3'600'000;
        qint64 coarseStepMs = 60'000;
        qint64 retentionMs = 7 * 24 * 3'600'000LL;
        int maxSeries = 50'000; // new series beyond this are dropped (and counted)
        // Memory budget in points (16 bytes each). Above it the full-resolution window shrinks (halving,
        // down to a minute) while the downsampled history stays, so memory is bounded whatever the fleet.
        qint64 maxPoints = 20'000'000;
        bool readOnly = false; // load the history file and never write it (reports); a missing file is an error
    };

    // Where the console records its metric history inside a data dir; everything that reads or writes the
    // recorded history uses this one path.
    static QString defaultPath(const QString &dataDir);

    explicit TimeSeriesStore(Options options);
    TimeSeriesStore();
    ~TimeSeriesStore() override;

    // Loads the history file (if any), applies retention and compacts it. False with a reason on failure.
    bool open(QString *error = nullptr);

    // One scrape of one target at timeMs. When up is false, families is ignored and only "up" is recorded. A
    // metricsOff target was not scraped: only the registry's state is recorded, and no "up" (not a scrape).
    void ingest(const ScrapeTarget &target, qint64 timeMs, bool up, const QList<MetricFamily> &families,
        double scrapeSeconds = 0);

    std::optional<double> evaluate(const MetricSelector &selector, qint64 atMs) const override;
    // The selector evaluated at fromMs, fromMs + stepMs, ... up to toMs; x = time in ms, steps without data
    // are left out. For charts.
    QList<QPointF> series(const MetricSelector &selector, qint64 fromMs, qint64 toMs, qint64 stepMs) const;

    // Raw stored points of the first series named metric whose labels include match.
    QList<QPointF> rawPoints(const QString &metric, const MetricLabels &match, qint64 fromMs, qint64 toMs) const;
    // Sum of the newest stored values of every series named metric whose labels include match.
    std::optional<double> latest(const QString &metric, const MetricLabels &match) const;

    // Server-side traffic per (service, instance), or per (service, "") when perService; client-side
    // traffic per (caller, callee).
    QHash<QPair<QString, QString>, WindowTraffic> serverTraffic(
        qint64 atMs, qint64 windowMs, bool perService = false) const;
    QHash<QPair<QString, QString>, WindowTraffic> clientTraffic(qint64 atMs, qint64 windowMs) const;

    // How much of (fromMs, toMs] the scrapes of the services' instances (every instance when services is
    // empty) covered, together.
    WindowCoverage coverage(const QStringList &services, qint64 fromMs, qint64 toMs) const;

    QList<TargetStatus> targets() const;
    // Stops listing a target that left on purpose (its recorded series stay for history and reports).
    void forgetTarget(const QString &instance);
    // The target left the registry at timeMs: listed as gone until it is forgotten; 0: it is back.
    void markGone(const QString &instance, qint64 timeMs);
    // Every (service, instance) that has a recorded "up" series, from memory or the history file, sorted.
    // Unlike targets(), this also answers for a store opened from a file with no scraper running.
    QList<QPair<QString, QString>> recordedInstances() const;
    int seriesCount() const;
    qint64 pointCount() const;
    // Distinct series refused because the series cap was reached (a refused series is offered again by every
    // scrape, and counted once), with whose they were: the figures of those instances are incomplete.
    int droppedSeries() const;
    SeriesCapLedger::Summary seriesCap() const;
    // The full-resolution window in force: fineRetentionMs unless the point budget made it shrink.
    qint64 effectiveFineRetentionMs() const;
    qint64 newestMs() const;

    // Rewrites the history file from memory (drops expired points). Runs on its own when the file has
    // grown to twice what memory holds.
    bool compact(QString *error = nullptr);

private:
    struct Point
    {
        qint64 t;
        double v;
    };
    struct Series;
    class PointView;

    // Per scrape of one histogram label set (every label but le) of one target: the per-bucket counts it
    // had, by le text, to tell increases from an instance restart.
    struct BucketGroup
    {
        QHash<QString, double> lastCount;
        qint64 seenMs = 0;
    };
    struct ScrapeState; // what ingest() knows about the target's previous scrape

    Series *seriesFor(const QString &metric, MetricLabels labels, quint8 flags, bool *created);
    Series *targetSeries(const ScrapeTarget &target, const QString &metric, const MetricLabels &sampleLabels,
        quint8 flags, bool *created);
    Series *createSeries(quint32 id, const QString &key, quint8 flags);
    void recordSample(const ScrapeTarget &target, const ScrapeState &scrape, const QString &metric,
        const MetricLabels &labels, bool counterLike, double raw);
    void recordHistogram(const ScrapeTarget &target, const ScrapeState &scrape, const MetricFamily &family);
    void recordBuckets(const ScrapeTarget &target, const ScrapeState &scrape, const QString &metric,
        std::vector<std::pair<double, const MetricSample *>> &buckets);
    void convertCumulativeBuckets();
    void appendPoint(Series &series, qint64 t, double value, bool log);
    void appendCoarse(Series &series, qint64 t, double value);
    void applyRetention();
    void rebuildIndex();
    bool compactLocked(QString *error);
    std::vector<const Series *> matching(const QString &metric, const MetricSelector &selector) const;
    // The bucket series to read a latency distribution from: an instance's all-routes fine histogram where it
    // exports one, its per-route buckets where it does not (an older build, or a target that is not ours).
    static std::vector<const Series *> latencyBuckets(
        std::vector<const Series *> fine, const std::vector<const Series *> &perRoute);
    QHash<QPair<QString, QString>, WindowTraffic> traffic(
        bool client, bool perService, qint64 atMs, qint64 windowMs) const;

    Options m_options;
    mutable std::shared_mutex m_lock;
    std::vector<std::unique_ptr<Series>> m_series;
    QHash<QString, Series *> m_byKey;
    QHash<QString, std::vector<Series *>> m_byMetric;
    QHash<QString, TargetStatus> m_targets; // by instance id
    QHash<QString, BucketGroup> m_bucketGroups; // by instance id, metric and labels without le
    std::unique_ptr<SeriesFile> m_file;
    quint32 m_nextId = 1;
    qint64 m_points = 0;
    qint64 m_seriesBytes = 0; // what the series definitions take in the history file
    qint64 m_newestMs = 0;
    qint64 m_lastRetentionMs = 0;
    qint64 m_fineRetentionMs = 0;
    SeriesCapLedger m_cap;
    qint64 m_ingestingMs = 0; // the scrape being ingested, for the time of a refusal
};
