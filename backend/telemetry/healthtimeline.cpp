#include "healthtimeline.h"

#include "timeseriesstore.h"

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
        const auto points = store.rawPoints(QStringLiteral("up"),
            { { QStringLiteral("service"), service }, { QStringLiteral("instance"), instance } }, fromMs - maxGapMs,
            toMs);
        if (points.isEmpty())
            continue;
        InstanceHealthLane lane { instance, {} };
        qint64 cursor = fromMs;
        for (qsizetype i = 0; i < points.size(); ++i) {
            const qint64 t = qint64(points[i].x());
            const auto state = points[i].y() > 0.5 ? InstanceHealth::Up : InstanceHealth::Down;
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
