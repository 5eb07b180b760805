#include "healthtimeline.h"

#include "registrystate.h"
#include "timeseriesstore.h"

#include <QHash>

namespace {

// Appends [fromMs, toMs) in state, merging with the previous segment when the state is the same.
void extend(QList<HealthSegment> &segments, qint64 fromMs, qint64 toMs, InstanceHealth state)
{
    if (toMs <= fromMs)
        return;
    if (!segments.isEmpty() && segments.last().state == state && segments.last().toMs >= fromMs) {
        segments.last().toMs = std::max(segments.last().toMs, toMs);
        return;
    }
    segments.append(HealthSegment { fromMs, toMs, state });
}

InstanceHealth stateOf(bool up, int registry)
{
    if (!up)
        return InstanceHealth::Down;
    switch (RegistryState::Code(registry)) {
    case RegistryState::Code::Drained:
        return InstanceHealth::Drained;
    case RegistryState::Code::Maintenance:
        return InstanceHealth::Maintenance;
    case RegistryState::Code::Warning:
    case RegistryState::Code::Critical:
        return InstanceHealth::ChecksFailing;
    case RegistryState::Code::Passing:
        break;
    }
    return InstanceHealth::Up;
}

} // namespace

QList<InstanceHealthLane> instanceHealthLanes(
    const TimeSeriesStore &store, const QString &service, qint64 fromMs, qint64 toMs, qint64 maxGapMs)
{
    QList<InstanceHealthLane> lanes;
    if (toMs <= fromMs)
        return lanes;
    for (const auto &[recordedService, instance] : store.recordedInstances()) {
        if (recordedService != service)
            continue;
        // One sample before the range tells what state the lane starts in.
        const MetricLabels labels { { QStringLiteral("service"), service }, { QStringLiteral("instance"), instance } };
        const auto points = store.rawPoints(QStringLiteral("up"), labels, fromMs - maxGapMs, toMs);
        if (points.isEmpty())
            continue;
        // Both are recorded with every scrape, at the same timestamp.
        QHash<qint64, int> registry;
        for (const auto &point : store.rawPoints(RegistryState::kMetric, labels, fromMs - maxGapMs, toMs))
            registry.insert(qint64(point.x()), int(point.y()));
        InstanceHealthLane lane { instance, {} };
        qint64 cursor = fromMs;
        for (qsizetype i = 0; i < points.size(); ++i) {
            const qint64 t = qint64(points[i].x());
            const auto state = stateOf(points[i].y() > 0.5, registry.value(t, 0));
            // A sample stands for the time until the next one, unless the next one is too far away: the
            // instance then left discovery one scrape interval after this sample.
            const qint64 next = i + 1 < points.size() ? qint64(points[i + 1].x()) : toMs;
            const qint64 holdsUntil = std::min(next, t + maxGapMs);
            const qint64 start = std::max(t, fromMs);
            // Before an instance's first sample the console may not have been running: that time is unknown,
            // not absent, and is left blank.
            if (start > cursor && i > 0)
                extend(lane.segments, cursor, start, InstanceHealth::Absent);
            extend(lane.segments, start, std::min(holdsUntil, toMs), state);
            cursor = std::max(cursor, std::min(holdsUntil, toMs));
        }
        extend(lane.segments, cursor, toMs, InstanceHealth::Absent);
        if (lane.segments.isEmpty())
            continue;
        lanes.append(lane);
    }
    return lanes;
}
