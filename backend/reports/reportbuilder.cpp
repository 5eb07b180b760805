#include "reportbuilder.h"

#include "registry/registrytypes.h"
#include "telemetry/registrystate.h"
#include "telemetry/timeseriesstore.h"

#include <algorithm>
#include <cmath>
#include <QDateTime>
#include <QMap>
#include <QSet>

namespace {

constexpr int kMaxValueChars = 80;
constexpr qint64 kMinRateWindowMs = 5'000; // several scrapes, so a rate is never read from one interval

MetricSelector selector(MetricKind kind, const QString &service, qint64 windowMs, double quantile = 0.99)
{
    MetricSelector s;
    s.kind = kind;
    s.service = service;
    s.windowMs = windowMs;
    s.quantile = quantile;
    return s;
}

QList<QPointF> scaled(QList<QPointF> points, double factor)
{
    for (auto &point : points)
        point.setY(point.y() * factor);
    return points;
}

} // namespace

ReportBuilder::ReportBuilder(const TimeSeriesStore &store)
    : m_store(store)
{ }

void ReportBuilder::setConfigHistory(const QList<KvRevision> &history)
{
    m_configAvailable = true;
    m_config.clear();
    for (const auto &revision : history) {
        ConfigChange change;
        change.key = revision.key;
        change.version = revision.version;
        change.timeMs = revision.timeMs;
        change.deleted = revision.deleted;
        change.value = QString::fromUtf8(revision.value).simplified();
        if (change.value.size() > kMaxValueChars)
            change.value = change.value.left(kMaxValueChars - 1) + QChar(0x2026);
        m_config.append(change);
    }
}

qint64 ReportBuilder::stepFor(qint64 rangeMs)
{
    static constexpr qint64 kSteps[]
        = { 1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 21600, 43200, 86400 };
    const qint64 wanted = rangeMs / 120;
    for (const qint64 seconds : kSteps) {
        if (seconds * 1000 >= wanted)
            return seconds * 1000;
    }
    return 86'400'000;
}

std::optional<ReportData> ReportBuilder::build(const ReportRequest &request, QString *error) const
{
    auto fail = [error](const QString &message) {
        if (error)
            *error = message;
        return std::nullopt;
    };
    if (request.toMs <= request.fromMs)
        return fail(QStringLiteral("the time range is empty: %1 is not before %2")
                        .arg(ReportText::time(request.fromMs), ReportText::time(request.toMs)));

    QMap<QString, QStringList> recorded; // service → instances, sorted
    for (const auto &[service, instance] : m_store.recordedInstances())
        recorded[service].append(instance);
    if (recorded.isEmpty())
        return fail(QStringLiteral("the metric history holds no services"));
    QStringList services = request.services;
    if (services.isEmpty())
        services = recorded.keys();
    services.removeDuplicates();
    for (const auto &service : std::as_const(services)) {
        if (!recorded.contains(service)) {
            QStringList known;
            for (auto it = recorded.cbegin(); it != recorded.cend(); ++it)
                known.append(it.key());
            return fail(
                QStringLiteral("unknown service '%1' (recorded: %2)").arg(service, known.join(QStringLiteral(", "))));
        }
    }

    ReportData data;
    data.fromMs = request.fromMs;
    data.toMs = request.toMs;
    data.stepMs = stepFor(request.toMs - request.fromMs);
    data.generatedMs = QDateTime::currentMSecsSinceEpoch();
    bool anyData = false;
    double upSum = 0;
    double upCount = 0;
    for (const auto &service : std::as_const(services)) {
        auto report = serviceReport(service, recorded.value(service), request, data.stepMs);
        anyData = anyData || report.availability.has_value() || report.requests > 0;
        data.fleet.instances += int(report.instances.size());
        data.fleet.requests += report.requests;
        data.fleet.errors += report.errors;
        if (report.availability) {
            // Weighted by instances, so a service with many instances counts as much as its scrapes did.
            upSum += *report.availability * double(report.instances.size());
            upCount += double(report.instances.size());
        }
        data.services.append(std::move(report));
    }
    if (!anyData)
        return fail(QStringLiteral("no metrics were recorded for %1 between %2 and %3")
                        .arg(services.join(QStringLiteral(", ")), ReportText::time(request.fromMs),
                            ReportText::time(request.toMs)));
    data.fleet.services = int(data.services.size());
    const auto cap = m_store.seriesCap();
    data.fleet.maxSeries = cap.maxSeries;
    if (cap.firstMs > 0 && cap.firstMs <= request.toMs) {
        data.fleet.droppedSeries = cap.droppedSeries;
        data.fleet.droppedSinceMs = cap.firstMs;
    }
    data.fleet.coveredMs = m_store.coverage(services, request.fromMs, request.toMs).coveredMs;
    data.fleet.errorRatio = data.fleet.requests > 0 ? data.fleet.errors / data.fleet.requests : 0;
    if (upCount > 0)
        data.fleet.availability = upSum / upCount;

    const QSet<QString> chosen(services.cbegin(), services.cend());
    for (const auto &event : m_alerts) {
        if (event.timestampMs >= request.fromMs && event.timestampMs <= request.toMs
            && (event.service.isEmpty() || chosen.contains(event.service)))
            data.alerts.append(event);
    }
    std::stable_sort(data.alerts.begin(), data.alerts.end(),
        [](const AlertEvent &a, const AlertEvent &b) { return a.timestampMs < b.timestampMs; });
    for (const auto &event : m_operator) {
        if (event.timeMs >= request.fromMs && event.timeMs <= request.toMs
            && (event.service.isEmpty() || chosen.contains(event.service)))
            data.operatorEvents.append(event);
    }
    std::stable_sort(data.operatorEvents.begin(), data.operatorEvents.end(),
        [](const OperatorEvent &a, const OperatorEvent &b) { return a.timeMs < b.timeMs; });
    data.fleet.operatorActions = int(data.operatorEvents.size());
    data.configAvailable = m_configAvailable;
    for (const auto &change : m_config) {
        if (change.timeMs >= request.fromMs && change.timeMs <= request.toMs)
            data.configChanges.append(change);
    }
    data.fleet.alertTransitions = int(data.alerts.size());
    data.fleet.configChanges = int(data.configChanges.size());
    data.topology = topology(data, request);
    return data;
}

ServiceReport ReportBuilder::serviceReport(
    const QString &service, const QStringList &instances, const ReportRequest &request, qint64 stepMs) const
{
    ServiceReport report;
    report.service = service;
    report.instances = instances;
    const qint64 range = request.toMs - request.fromMs;

    const auto traffic = m_store.serverTraffic(request.toMs, range, true).value({ service, QString() });
    report.requests = traffic.requests;
    report.errors = traffic.errors;
    // Over the time that was recorded: ten minutes of data in an hour's report is ten minutes' rate.
    report.rps = traffic.rps;
    report.coveredMs = m_store.coverage({ service }, request.fromMs, request.toMs).coveredMs;
    report.errorRatio = traffic.requests > 0 ? traffic.errors / traffic.requests : 0;
    auto quantile = [&](double q) -> std::optional<double> {
        if (traffic.requests <= 0)
            return std::nullopt;
        return m_store.evaluate(selector(MetricKind::LatencyQuantile, service, range, q), request.toMs);
    };
    report.p50Ms = quantile(0.50);
    report.p95Ms = quantile(0.95);
    report.p99Ms = quantile(0.99);

    // Availability: the mean of every recorded "up" sample in the range (1 = answered, 0 = did not).
    double upSum = 0;
    qint64 upCount = 0;
    const auto perInstance = m_store.serverTraffic(request.toMs, range);
    const auto cap = m_store.seriesCap();
    for (const auto &instance : instances) {
        const MetricLabels match { { QStringLiteral("service"), service }, { QStringLiteral("instance"), instance } };
        InstanceReport stats;
        stats.instance = instance;
        double instanceUp = 0;
        qint64 instanceCount = 0;
        const auto upPoints = m_store.rawPoints(QStringLiteral("up"), match, request.fromMs, request.toMs);
        for (const auto &point : upPoints) {
            instanceUp += point.y();
            ++instanceCount;
        }
        const auto registry = m_store.rawPoints(RegistryState::kMetric, match, request.fromMs, request.toMs);
        if (!registry.isEmpty()) {
            const auto outOfService = std::count_if(registry.cbegin(), registry.cend(), [](const QPointF &p) {
                return RegistryState::isOutOfService(RegistryState::name(RegistryState::Code(int(p.y()))));
            });
            stats.outOfServiceShare = double(outOfService) / double(registry.size());
        }
        // Down beats the registry's word, as in the live graph.
        if (!upPoints.isEmpty() && upPoints.last().y() < 0.5)
            stats.stateAtEnd = QStringLiteral("critical");
        else if (!registry.isEmpty())
            stats.stateAtEnd = RegistryState::name(RegistryState::Code(int(registry.last().y())));
        else if (!upPoints.isEmpty())
            stats.stateAtEnd = QStringLiteral("passing");
        upSum += instanceUp;
        upCount += instanceCount;
        if (instanceCount > 0)
            stats.availability = instanceUp / double(instanceCount);
        const auto instanceTraffic = perInstance.value({ service, instance });
        stats.requests = instanceTraffic.requests;
        stats.errors = instanceTraffic.errors;
        // Refusals started before the range's end: from then on this instance's figures miss those series.
        if (cap.firstMs > 0 && cap.firstMs <= request.toMs)
            stats.droppedSeries = cap.byInstance.value(instance);
        report.droppedSeries += stats.droppedSeries;
        report.instanceStats.append(stats);
    }
    if (upCount > 0)
        report.availability = upSum / double(upCount);

    // Chart points on whole steps, each over a window of one step (at least a few scrapes).
    const qint64 first = (request.fromMs + stepMs - 1) / stepMs * stepMs;
    const qint64 window = std::max(stepMs, kMinRateWindowMs);
    auto seriesOf = [&](MetricKind kind, double q = 0.99) {
        return m_store.series(selector(kind, service, window, q), first, request.toMs, stepMs);
    };
    report.series.append(
        { QStringLiteral("request_rate"), QStringLiteral("req/s"), seriesOf(MetricKind::RequestRate) });
    report.series.append(
        { QStringLiteral("error_percent"), QStringLiteral("%"), scaled(seriesOf(MetricKind::ErrorRatio), 100.0) });
    report.series.append(
        { QStringLiteral("p50_ms"), QStringLiteral("ms"), seriesOf(MetricKind::LatencyQuantile, 0.50) });
    report.series.append(
        { QStringLiteral("p95_ms"), QStringLiteral("ms"), seriesOf(MetricKind::LatencyQuantile, 0.95) });
    report.series.append(
        { QStringLiteral("p99_ms"), QStringLiteral("ms"), seriesOf(MetricKind::LatencyQuantile, 0.99) });
    return report;
}

// The topology over the whole range: the chosen services plus whatever they called or were called by.
TopologySnapshot ReportBuilder::topology(const ReportData &data, const ReportRequest &request) const
{
    TopologySnapshot snapshot;
    snapshot.timestampMs = request.toMs;
    const qint64 range = request.toMs - request.fromMs;
    snapshot.windowMs = range;
    snapshot.coveredMs = data.fleet.coveredMs;
    QMap<QString, TopologyNode> nodes;
    for (const auto &service : data.services) {
        TopologyNode node;
        node.service = service.service;
        node.rps = service.rps;
        node.errorRatio = service.errorRatio;
        node.p95Ms = service.p95Ms.value_or(0);
        bool allOutOfService = !service.instanceStats.isEmpty();
        for (const auto &stats : service.instanceStats) {
            node.instances.append(TopologyInstance { stats.instance, {}, 0, stats.stateAtEnd, 0, 0 });
            allOutOfService = allOutOfService && RegistryState::isOutOfService(stats.stateAtEnd);
        }
        if (allOutOfService)
            node.health = service.instanceStats.first().stateAtEnd;
        else if (service.availability.value_or(0) < 0.5)
            node.health = QStringLiteral("critical");
        else if (service.availability.value_or(0) < 1.0 || service.errorRatio > 0.05)
            node.health = QStringLiteral("warning");
        else
            node.health = service.requests > 0 ? QStringLiteral("passing") : QStringLiteral("idle");
        nodes.insert(node.service, node);
    }
    const auto calls = m_store.clientTraffic(request.toMs, range);
    for (auto it = calls.cbegin(); it != calls.cend(); ++it) {
        const auto &[caller, callee] = it.key();
        if (it->requests <= 0 || (!nodes.contains(caller) && !nodes.contains(callee)))
            continue;
        snapshot.edges.append(TopologyEdge { caller, callee, it->rps, it->errors / it->requests, it->p95Ms });
        for (const auto &service : { caller, callee }) {
            if (!nodes.contains(service))
                nodes.insert(service, TopologyNode { service, {}, QStringLiteral("idle"), 0, 0, 0 });
        }
    }
    std::sort(snapshot.edges.begin(), snapshot.edges.end(), [](const TopologyEdge &a, const TopologyEdge &b) {
        return std::tie(a.caller, a.callee) < std::tie(b.caller, b.callee);
    });
    snapshot.nodes = nodes.values();
    return snapshot;
}
