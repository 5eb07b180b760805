#pragma once

#include <QList>
#include <QString>

class TimeSeriesStore;

// What the console knew about one instance at a time, read back from its recorded scrapes.
enum class InstanceHealth {
    Up, // discovered and answered its scrape
    Down, // discovered, but the scrape failed (refused, timed out, bad answer)
    Absent, // not scraped at all: not registered yet, deregistered (or, in older history, out of discovery)
    Drained, // answered, but an operator took it out of service (no new work)
    Maintenance, // answered, in the registry's maintenance mode
    ChecksFailing, // answered the scrape, but the registry's checks say warning or critical
};

struct HealthSegment
{
    qint64 fromMs = 0;
    qint64 toMs = 0;
    InstanceHealth state = InstanceHealth::Absent;
};

// One lane of the health timeline: an instance and its consecutive states, covering the whole range.
struct InstanceHealthLane
{
    QString instance;
    QList<HealthSegment> segments;
};

// Builds per-instance health lanes for one service over [fromMs, toMs] from the "up" series the scraper
// records, read with the registry's word recorded beside it ("registry_state": drained, maintenance, checks
// failing). A gap in the scrapes means the registry stopped listing the instance; a gap is any pause longer
// than maxGapMs between two samples.
// A lane starts at the instance's first sample in the range (earlier is unknown: the console may not have
// been running). Instances with no sample in the range are left out.
QList<InstanceHealthLane> instanceHealthLanes(
    const TimeSeriesStore &store, const QString &service, qint64 fromMs, qint64 toMs, qint64 maxGapMs = 3500);
