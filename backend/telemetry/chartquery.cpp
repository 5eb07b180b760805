#include "chartquery.h"

#include "timeseriesstore.h"

#include <QSet>

namespace {

ChartSeries toSeries(const QString &name, const QList<QPointF> &points, double scale = 1.0)
{
    ChartSeries series { name, {}, {} };
    series.keys.reserve(points.size());
    series.values.reserve(points.size());
    for (const auto &p : points) {
        series.keys.append(p.x() / 1000.0);
        series.values.append(p.y() * scale);
    }
    return series;
}

} // namespace

ChartData ChartQuery::run(const TimeSeriesStore &store, const ChartRequest &request)
{
    ChartData data;
    QSet<QString> services;
    for (const auto &status : store.targets()) {
        services.insert(status.target.service);
        if (status.target.service == request.service && !data.instances.contains(status.target.instance))
            data.instances.append(status.target.instance);
    }
    data.services = services.values();
    data.services.sort();
    data.instances.sort();
    const QStringList covered = request.service.isEmpty() ? QStringList {} : QStringList { request.service };
    data.requestedMs = request.toMs - request.fromMs;
    data.coveredMs = store.coverage(covered, request.fromMs, request.toMs).coveredMs;

    MetricSelector selector;
    selector.service = request.service;
    selector.instance = request.instance;
    selector.windowMs = std::max<qint64>(kLiveWindowMs, request.stepMs * 2);
    selector.kind = MetricKind::RequestRate;
    data.requestRate
        = { toSeries(QStringLiteral("rate"), store.series(selector, request.fromMs, request.toMs, request.stepMs)) };
    selector.kind = MetricKind::ErrorRatio;
    data.errorRate = { toSeries(
        QStringLiteral("errors"), store.series(selector, request.fromMs, request.toMs, request.stepMs), 100.0) };
    selector.kind = MetricKind::LatencyQuantile;
    for (const auto &[name, q] : { std::pair { QStringLiteral("p50"), 0.5 }, std::pair { QStringLiteral("p95"), 0.95 },
             std::pair { QStringLiteral("p99"), 0.99 } }) {
        selector.quantile = q;
        data.latency.append(toSeries(name, store.series(selector, request.fromMs, request.toMs, request.stepMs)));
    }
    return data;
}
