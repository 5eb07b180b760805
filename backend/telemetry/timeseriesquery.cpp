// The query half of TimeSeriesStore: selector evaluation over windows, chart series, traffic per group.
#include "latencyfamilies.h"
#include "timeseriesstore.h"
#include "timeseriesstore_p.h"

#include <map>
#include <mutex>
#include <QSet>

namespace {

using LatencyFamilies::isMonitoringRoute;

bool isError(const QString &status)
{
    const int code = status.toInt();
    return code == 0 || code >= 500;
}

// Interpolated quantile from per-bucket counts (sorted by upper bound, the last one +Inf), the way
// Prometheus' histogram_quantile() reads a histogram: find the bucket that holds the rank, then go linearly
// in rank from its lower bound (the previous bound; 0 for the first) to its upper bound. Instances export the
// bounds of every non-empty 1 % bucket, so the bucket found is at most 1.1 % wide and so is the error. A
// rank in the +Inf bucket reads as the largest finite bound, as in Prometheus. NaN when nothing was counted.
double bucketQuantile(double q, const std::vector<double> &bounds, const std::vector<double> &counts)
{
    if (bounds.empty())
        return std::nan("");
    std::vector<double> cumulative(counts.size());
    double running = 0;
    for (size_t i = 0; i < counts.size(); ++i) {
        running += std::max(0.0, counts[i]);
        cumulative[i] = running;
    }
    const double total = cumulative.back();
    if (!(total > 0))
        return std::nan("");
    const double rank = std::clamp(q, 0.0, 1.0) * total;
    size_t i = 0;
    while (i < cumulative.size() && cumulative[i] < rank)
        ++i;
    i = std::min(i, cumulative.size() - 1);
    if (std::isinf(bounds[i]))
        return bounds.size() > 1 ? bounds[bounds.size() - 2] : std::nan("");
    const double lower = i == 0 ? std::min(0.0, bounds[i]) : bounds[i - 1];
    const double below = i == 0 ? 0.0 : cumulative[i - 1];
    const double inBucket = cumulative[i] - below;
    if (inBucket <= 0)
        return bounds[i];
    return lower + (bounds[i] - lower) * (rank - below) / inBucket;
}

} // namespace

// Walks one series along ascending evaluation times, keeping the last point at or before the window start
// (the baseline) and the last point at or before the evaluation time. Amortised O(1) per step.
//
// Beside the plain increase (end - baseline) it keeps running sums of what rates are made of: the increase
// and the length of every interval between consecutive points that the recording covered (no gap,
// PointView::covered()). Both sums start at the cursor's origin, so a window's share is a difference.
namespace {

struct Cursor
{
    qint64 end = -1;
    qint64 base = -1;
    double endIncrease = 0, endCoveredMs = 0;
    double baseIncrease = 0, baseCoveredMs = 0;

    // Starts both ends at the last point at or before fromMs (-1: none), the origin of the running sums.
    template <typename View> static Cursor at(const View &view, qint64 fromMs)
    {
        Cursor cursor;
        cursor.end = cursor.base = view.lastAtOrBefore(fromMs);
        return cursor;
    }
};

// What one series did over one window.
struct WindowStep
{
    double last = 0; // newest value in the window
    double increase = 0; // newest value - baseline: every recorded rise, what counts and quantiles use
    double coveredIncrease = 0; // of it, the rise over intervals without a gap
    double coveredMs = 0; // the length of those intervals: what a rate divides by

    // Per second over the covered part of the window; 0 when nothing of it was covered.
    double rate() const { return coveredMs > 0 ? coveredIncrease * 1000.0 / coveredMs : 0.0; }
};

template <typename View>
void advance(const View &view, qint64 *index, double *increase, double *coveredMs, qint64 coarseStepMs)
{
    ++*index;
    if (view.covered(*index, coarseStepMs)) {
        *increase += std::max(0.0, view.at(*index).v - view.at(*index - 1).v);
        *coveredMs += double(view.at(*index).t - view.at(*index - 1).t);
    }
}

template <typename View>
bool step(const View &view, Cursor &cursor, qint64 from, qint64 to, qint64 coarseStepMs, WindowStep *out)
{
    const qint64 n = view.size();
    while (cursor.end + 1 < n && view.at(cursor.end + 1).t <= to)
        advance(view, &cursor.end, &cursor.endIncrease, &cursor.endCoveredMs, coarseStepMs);
    while (cursor.base + 1 < n && view.at(cursor.base + 1).t <= from)
        advance(view, &cursor.base, &cursor.baseIncrease, &cursor.baseCoveredMs, coarseStepMs);
    if (cursor.end < 0 || view.at(cursor.end).t <= from)
        return false;
    const auto &endPoint = view.at(cursor.end);
    const auto &basePoint = view.at(cursor.base >= 0 ? cursor.base : 0);
    out->last = endPoint.v;
    out->increase = std::max(0.0, endPoint.v - basePoint.v);
    out->coveredIncrease = std::max(0.0, cursor.endIncrease - cursor.baseIncrease);
    out->coveredMs = std::max(0.0, cursor.endCoveredMs - cursor.baseCoveredMs);
    return true;
}

} // namespace

std::vector<const TimeSeriesStore::Series *> TimeSeriesStore::matching(
    const QString &metric, const MetricSelector &selector) const
{
    std::vector<const Series *> out;
    const auto it = m_byMetric.constFind(metric);
    if (it == m_byMetric.constEnd())
        return out;
    for (const Series *series : *it) {
        if (!selector.service.isEmpty() && series->service != selector.service)
            continue;
        if (!selector.instance.isEmpty() && series->instance != selector.instance)
            continue;
        if (selector.kind != MetricKind::Gauge && isMonitoringRoute(series->label(QStringLiteral("route"))))
            continue;
        out.push_back(series);
    }
    return out;
}

std::optional<double> TimeSeriesStore::evaluate(const MetricSelector &selector, qint64 atMs) const
{
    const auto points = series(selector, atMs, atMs, 1);
    if (points.isEmpty())
        return std::nullopt;
    return points.first().y();
}

QList<QPointF> TimeSeriesStore::series(const MetricSelector &selector, qint64 fromMs, qint64 toMs, qint64 stepMs) const
{
    std::shared_lock lock(m_lock);
    if (stepMs <= 0 || toMs < fromMs)
        return {};
    const qint64 steps = (toMs - fromMs) / stepMs + 1;
    const qint64 window = std::max<qint64>(1, selector.windowMs);
    std::vector<double> a(size_t(steps), 0), b(size_t(steps), 0);
    std::vector<char> has(size_t(steps), 0);

    // Sums, per step, the increase (or last value) of every given series into acc; sets has where data was.
    auto sweep = [&](const Series &series, auto &&accumulate) {
        // A series whose newest point is older than the first window has nothing in any window (quiet
        // histogram buckets, which get no new points while unchanged): skip it without walking the steps.
        const Point *newest = series.newest();
        if (!newest || newest->t <= fromMs - window)
            return;
        const PointView view(series);
        // Start from a binary search, so one evaluation (the alert engine's every second) costs O(log n) plus
        // the points of one window.
        Cursor cursor = Cursor::at(view, fromMs - window);
        for (qint64 k = 0; k < steps; ++k) {
            const qint64 t = fromMs + k * stepMs;
            WindowStep seen;
            if (!step(view, cursor, t - window, t, m_options.coarseStepMs, &seen))
                continue;
            has[size_t(k)] = 1;
            accumulate(size_t(k), seen);
        }
    };

    switch (selector.kind) {
    case MetricKind::RequestRate:
        for (const Series *s : matching(QStringLiteral("http_requests_total"), selector))
            sweep(*s, [&](size_t k, const WindowStep &seen) { a[k] += seen.rate(); });
        break;
    case MetricKind::ErrorRatio:
        for (const Series *s : matching(QStringLiteral("http_requests_total"), selector)) {
            const bool error = isError(s->label(QStringLiteral("status")));
            sweep(*s, [&](size_t k, const WindowStep &seen) {
                a[k] += seen.increase;
                if (error)
                    b[k] += seen.increase;
            });
        }
        for (qint64 k = 0; k < steps; ++k)
            a[size_t(k)] = a[size_t(k)] > 0 ? b[size_t(k)] / a[size_t(k)] : 0.0;
        break;
    case MetricKind::LatencyQuantile: {
        std::map<double, std::vector<const Series *>> byBound;
        for (const Series *s : latencyBuckets(matching(LatencyFamilies::server() + QLatin1String("_bucket"), selector),
                 matching(QStringLiteral("http_request_duration_seconds_bucket"), selector))) {
            bool ok = false;
            const QString le = s->label(QStringLiteral("le"));
            const double bound = le == QLatin1String("+Inf") ? HUGE_VAL : le.toDouble(&ok);
            if (ok || std::isinf(bound))
                byBound[bound].push_back(s);
        }
        std::vector<double> bounds;
        std::vector<std::vector<double>> counts; // observations per bucket in the window: [bound][step]
        for (const auto &[bound, list] : byBound) {
            bounds.push_back(bound);
            counts.emplace_back(size_t(steps), 0.0);
            auto &row = counts.back();
            for (const Series *s : list)
                sweep(*s, [&](size_t k, const WindowStep &seen) { row[k] += seen.increase; });
        }
        std::vector<double> perBucket(bounds.size());
        for (qint64 k = 0; k < steps; ++k) {
            for (size_t i = 0; i < bounds.size(); ++i)
                perBucket[i] = counts[i][size_t(k)];
            const double seconds = bucketQuantile(selector.quantile, bounds, perBucket);
            if (std::isnan(seconds))
                has[size_t(k)] = 0;
            a[size_t(k)] = seconds * 1000.0;
        }
        break;
    }
    case MetricKind::Gauge:
        std::fill(a.begin(), a.end(), -HUGE_VAL);
        for (const Series *s : matching(selector.gaugeName, selector))
            sweep(*s, [&](size_t k, const WindowStep &seen) { a[k] = std::max(a[k], seen.last); });
        break;
    case MetricKind::InstancesUp:
        for (const Series *s : matching(QStringLiteral("up"), selector))
            sweep(*s, [&](size_t k, const WindowStep &seen) { a[k] += seen.last >= 1 ? 1 : 0; });
        break;
    }

    QList<QPointF> out;
    out.reserve(steps);
    for (qint64 k = 0; k < steps; ++k) {
        if (has[size_t(k)])
            out.append(QPointF(double(fromMs + k * stepMs), a[size_t(k)]));
    }
    return out;
}

std::vector<const TimeSeriesStore::Series *> TimeSeriesStore::latencyBuckets(
    std::vector<const Series *> fine, const std::vector<const Series *> &perRoute)
{
    QSet<QPair<QString, QString>> withFine;
    for (const Series *s : fine)
        withFine.insert({ s->service, s->instance });
    for (const Series *s : perRoute) {
        if (!withFine.contains({ s->service, s->instance }))
            fine.push_back(s);
    }
    return fine;
}

QList<QPointF> TimeSeriesStore::rawPoints(
    const QString &metric, const MetricLabels &match, qint64 fromMs, qint64 toMs) const
{
    std::shared_lock lock(m_lock);
    QList<QPointF> out;
    for (const Series *series : m_byMetric.value(metric)) {
        bool all = true;
        for (const auto &[name, value] : match)
            all = all && series->label(name) == value;
        if (!all)
            continue;
        const PointView view(*series);
        for (qint64 i = std::max<qint64>(0, view.lastAtOrBefore(fromMs - 1) + 1); i < view.size(); ++i) {
            if (view.at(i).t > toMs)
                break;
            out.append(QPointF(double(view.at(i).t), view.at(i).v));
        }
        break;
    }
    return out;
}

std::optional<double> TimeSeriesStore::latest(const QString &metric, const MetricLabels &match) const
{
    std::shared_lock lock(m_lock);
    std::optional<double> sum;
    for (const Series *series : m_byMetric.value(metric)) {
        bool all = true;
        for (const auto &[name, value] : match)
            all = all && series->label(name) == value;
        if (!all || (series->fine.empty() && series->coarse.empty()))
            continue;
        sum = sum.value_or(0) + (series->fine.empty() ? series->coarse.back().v : series->fine.back().v);
    }
    return sum;
}

QHash<QPair<QString, QString>, WindowTraffic> TimeSeriesStore::serverTraffic(
    qint64 atMs, qint64 windowMs, bool perService) const
{
    return traffic(false, perService, atMs, windowMs);
}

QHash<QPair<QString, QString>, WindowTraffic> TimeSeriesStore::clientTraffic(qint64 atMs, qint64 windowMs) const
{
    return traffic(true, false, atMs, windowMs);
}

QHash<QPair<QString, QString>, WindowTraffic> TimeSeriesStore::traffic(
    bool client, bool perService, qint64 atMs, qint64 windowMs) const
{
    std::shared_lock lock(m_lock);
    const QString prefix = client ? QStringLiteral("http_client_request") : QStringLiteral("http_request");
    auto groupOf = [client, perService](const Series &s) {
        if (!client)
            return qMakePair(s.service, perService ? QString() : s.instance);
        const QString caller = s.label(QStringLiteral("caller"));
        return qMakePair(caller.isEmpty() ? s.service : caller, s.label(QStringLiteral("callee")));
    };
    auto windowOf = [&](const Series &s, WindowStep *seen) {
        const PointView view(s);
        Cursor cursor = Cursor::at(view, atMs - windowMs);
        return step(view, cursor, atMs - windowMs, atMs, m_options.coarseStepMs, seen);
    };

    QHash<QPair<QString, QString>, WindowTraffic> out;
    for (const Series *s : m_byMetric.value(prefix + QLatin1String("s_total"))) {
        if (!client && isMonitoringRoute(s->label(QStringLiteral("route"))))
            continue;
        WindowStep seen;
        if (!windowOf(*s, &seen))
            continue;
        auto &group = out[groupOf(*s)];
        group.hasData = true;
        group.requests += seen.increase;
        // The same definition as a RequestRate chart: each series' rise over the covered part of the window.
        group.rps += seen.rate();
        if (isError(s->label(QStringLiteral("status"))))
            group.errors += seen.increase;
    }
    QHash<QPair<QString, QString>, std::map<double, double>> buckets;
    std::vector<const Series *> perRoute;
    for (const Series *s : m_byMetric.value(prefix + QLatin1String("_duration_seconds_bucket"))) {
        if (client || !isMonitoringRoute(s->label(QStringLiteral("route"))))
            perRoute.push_back(s);
    }
    const auto &fine
        = m_byMetric.value((client ? LatencyFamilies::client() : LatencyFamilies::server()) + QLatin1String("_bucket"));
    for (const Series *s : latencyBuckets({ fine.cbegin(), fine.cend() }, perRoute)) {
        WindowStep seen;
        if (!windowOf(*s, &seen))
            continue;
        const double increase = seen.increase;
        const QString le = s->label(QStringLiteral("le"));
        buckets[groupOf(*s)][le == QLatin1String("+Inf") ? HUGE_VAL : le.toDouble()] += increase;
    }
    for (auto it = out.begin(); it != out.end(); ++it) {
        const auto &byBound = buckets[it.key()];
        std::vector<double> bounds, perBucket;
        for (const auto &[bound, count] : byBound) {
            bounds.push_back(bound);
            perBucket.push_back(count);
        }
        const double p95 = bucketQuantile(0.95, bounds, perBucket);
        it->hasLatency = !std::isnan(p95);
        it->p95Ms = it->hasLatency ? p95 * 1000.0 : 0;
    }
    return out;
}

WindowCoverage TimeSeriesStore::coverage(const QStringList &services, qint64 fromMs, qint64 toMs) const
{
    std::shared_lock lock(m_lock);
    WindowCoverage out;
    out.windowMs = std::max<qint64>(0, toMs - fromMs);
    if (toMs <= fromMs)
        return out;
    // Every covered interval between two scrapes of one instance (its "up" series has a point per scrape),
    // clipped to the window; then their union.
    std::vector<std::pair<qint64, qint64>> intervals;
    for (const Series *s : m_byMetric.value(QStringLiteral("up"))) {
        if (!services.isEmpty() && !services.contains(s->service))
            continue;
        const PointView view(*s);
        for (qint64 i = std::max<qint64>(1, view.lastAtOrBefore(fromMs) + 1); i < view.size(); ++i) {
            if (view.at(i - 1).t >= toMs)
                break;
            if (!view.covered(i, m_options.coarseStepMs))
                continue;
            const qint64 start = std::max(fromMs, view.at(i - 1).t);
            const qint64 end = std::min(toMs, view.at(i).t);
            if (end > start)
                intervals.emplace_back(start, end);
        }
    }
    std::sort(intervals.begin(), intervals.end());
    qint64 runStart = -1, runEnd = -1;
    int runs = 0;
    for (const auto &[start, end] : intervals) {
        if (runs > 0 && start <= runEnd) {
            runEnd = std::max(runEnd, end);
            continue;
        }
        if (runs > 0)
            out.coveredMs += runEnd - runStart;
        runStart = start;
        runEnd = end;
        ++runs;
    }
    if (runs > 0)
        out.coveredMs += runEnd - runStart;
    // Full: one run from the window's start to the newest scrape; the time after that scrape is the wait for
    // the next one, not missing data.
    out.full = runs == 1 && runStart <= fromMs;
    return out;
}
