#include "topologybuilder.h"

#include "registrystate.h"
#include "timeseriesstore.h"

#include <algorithm>
#include <QMap>

namespace {

int severity(const QString &health)
{
    if (health == QLatin1String("critical"))
        return 3;
    if (health == QLatin1String("warning"))
        return 2;
    if (health == QLatin1String("passing"))
        return 1;
    return 0; // idle
}

} // namespace

TopologyBuilder::TopologyBuilder(const TimeSeriesStore *store, QObject *parent)
    : TopologyBuilder(store, Options {}, parent)
{ }

TopologyBuilder::TopologyBuilder(const TimeSeriesStore *store, Options options, QObject *parent)
    : QObject(parent)
    , m_store(store)
    , m_options(options)
{
    qRegisterMetaType<TopologySnapshot>();
}

TopologySnapshot TopologyBuilder::build(qint64 atMs) const
{
    TopologySnapshot snapshot;
    snapshot.timestampMs = atMs;
    const auto coverage = m_store->coverage({}, atMs - m_options.windowMs, atMs);
    snapshot.windowMs = m_options.windowMs;
    snapshot.coveredMs = coverage.coveredMs;
    snapshot.warmingUp = !coverage.full;
    const auto cap = m_store->seriesCap();
    snapshot.maxSeries = cap.maxSeries;
    snapshot.droppedSeries = cap.droppedSeries;
    const auto perInstance = m_store->serverTraffic(atMs, m_options.windowMs);
    const auto perService = m_store->serverTraffic(atMs, m_options.windowMs, true);
    const auto calls = m_store->clientTraffic(atMs, m_options.windowMs);

    QMap<QString, TopologyNode> nodes; // sorted by service name, so snapshots are stable
    auto targets = m_store->targets();
    std::sort(targets.begin(), targets.end(),
        [](const TargetStatus &a, const TargetStatus &b) { return a.target.instance < b.target.instance; });
    for (const auto &status : std::as_const(targets)) {
        const auto &target = status.target;
        TopologyInstance instance;
        instance.id = target.instance;
        instance.address = target.address;
        instance.port = target.port;
        const auto traffic = perInstance.value({ target.service, target.instance });
        instance.rps = traffic.rps;
        instance.errorRatio = traffic.requests > 0 ? traffic.errors / traffic.requests : 0;
        const bool stale = atMs - status.lastScrapeMs > m_options.staleAfterMs;
        instance.answering = status.up && !stale;
        instance.metricsOff = target.metricsOff;
        instance.droppedSeries = cap.byInstance.value(target.instance);
        // Left the registry: neither failing nor in service, and shown as such until it is dropped.
        // Down beats everything else; an instance that answers but was taken out of service by an operator
        // is drained (or in maintenance), not failing.
        if (status.goneSinceMs > 0)
            instance.health = QStringLiteral("gone");
        else if (!status.up || stale)
            instance.health = QStringLiteral("critical");
        else if (RegistryState::isOutOfService(target.registryState))
            instance.health = target.registryState;
        else if (!target.registryHealthy && target.registryState != QLatin1String("warning"))
            instance.health = QStringLiteral("critical");
        else if (target.registryState == QLatin1String("warning"))
            instance.health = QStringLiteral("warning");
        else if (target.metricsOff)
            instance.health = QStringLiteral("passing"); // the registry's checks pass; no traffic is known
        else if (instance.errorRatio > m_options.warningErrorRatio)
            instance.health = QStringLiteral("warning");
        else if (traffic.requests <= 0)
            instance.health = QStringLiteral("idle");
        else
            instance.health = QStringLiteral("passing");
        auto &node = nodes[target.service];
        node.service = target.service;
        if (node.convention.isEmpty())
            node.convention = target.convention;
        node.metricsOff = node.instances.isEmpty() ? target.metricsOff : node.metricsOff && target.metricsOff;
        node.instances.append(instance);
    }

    for (auto it = nodes.begin(); it != nodes.end(); ++it) {
        auto &node = it.value();
        const auto traffic = perService.value({ node.service, QString() });
        node.hasTraffic = traffic.hasData;
        node.hasLatency = traffic.hasLatency;
        node.requests = traffic.requests;
        node.rps = traffic.rps;
        node.errorRatio = traffic.requests > 0 ? traffic.errors / traffic.requests : 0;
        node.p95Ms = traffic.p95Ms;
        // Only instances in service decide the service's health; one whose instances are all drained is
        // drained (or in maintenance), not dead.
        int critical = 0, worst = 0, inService = 0;
        QString outOfService;
        for (const auto &instance : std::as_const(node.instances)) {
            if (RegistryState::isOutOfService(instance.health) || instance.health == QLatin1String("gone")) {
                // Drained or in maintenance beats gone: some instance is still there.
                if (outOfService.isEmpty() || outOfService == QLatin1String("gone"))
                    outOfService = instance.health;
                continue;
            }
            ++inService;
            critical += instance.health == QLatin1String("critical") ? 1 : 0;
            worst = std::max(worst, severity(instance.health));
        }
        if (inService == 0 && !outOfService.isEmpty())
            node.health = outOfService;
        else if (critical == inService)
            node.health = QStringLiteral("critical");
        else if (worst >= 2 || node.errorRatio > m_options.warningErrorRatio)
            node.health = QStringLiteral("warning"); // some instances down or failing: degraded, not dead
        else
            node.health = worst == 1 ? QStringLiteral("passing") : QStringLiteral("idle");
    }

    for (auto it = calls.cbegin(); it != calls.cend(); ++it) {
        // The caller's own page reported the calls, so a caller no target stands for any more has left
        // (deregistered and forgotten): its recent calls go with it.
        if (it->requests <= 0 || !nodes.contains(it.key().first))
            continue;
        TopologyEdge edge;
        edge.caller = it.key().first;
        edge.callee = it.key().second;
        edge.rps = it->rps;
        edge.errorRatio = it->errors / it->requests;
        edge.p95Ms = it->p95Ms;
        snapshot.edges.append(edge);
        // A callee nobody scrapes (an external dependency) still appears, without instances.
        if (!nodes.contains(edge.callee)) {
            auto &node = nodes[edge.callee];
            node.service = edge.callee;
            node.health = QStringLiteral("idle");
        }
    }
    std::sort(snapshot.edges.begin(), snapshot.edges.end(), [](const TopologyEdge &a, const TopologyEdge &b) {
        return std::tie(a.caller, a.callee) < std::tie(b.caller, b.callee);
    });
    snapshot.nodes = nodes.values();
    return snapshot;
}

void TopologyBuilder::rebuild(qint64 atMs)
{
    Q_EMIT snapshotReady(build(atMs));
}
