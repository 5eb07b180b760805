#include "reporttables.h"

#include "common/alertstatestyle.h"
#include "common/healthstyle.h"

#include <QCoreApplication>

namespace {

struct Text
{
    Q_DECLARE_TR_FUNCTIONS(ReportTables)
};

QString stepText(qint64 stepMs)
{
    const qint64 seconds = stepMs / 1000;
    if (seconds % 3600 == 0)
        return QStringLiteral("%1 h").arg(seconds / 3600);
    if (seconds % 60 == 0)
        return QStringLiteral("%1 min").arg(seconds / 60);
    return QStringLiteral("%1 s").arg(seconds);
}

} // namespace

namespace ReportTables {

QString rangeText(const ReportData &data)
{
    return ReportText::time(data.fromMs) + QStringLiteral(" – ") + ReportText::time(data.toMs);
}

QStringList fleetHeader()
{
    return { Text::tr("Fleet"), Text::tr("Value") };
}

QList<QStringList> fleetRows(const ReportData &data)
{
    const auto &fleet = data.fleet;
    return {
        { Text::tr("Time range (UTC)"), rangeText(data) },
        { Text::tr("Recorded"), ReportText::coverage(fleet.coveredMs, data.toMs - data.fromMs) },
        { Text::tr("Series not recorded"),
            fleet.droppedSeries > 0 ? Text::tr("INCOMPLETE: %1 series refused from %2 on (the store's cap of %3 "
                                               "series was reached); the figures of the instances concerned "
                                               "leave them out")
                                          .arg(fleet.droppedSeries)
                                          .arg(ReportText::time(fleet.droppedSinceMs))
                                          .arg(fleet.maxSeries)
                                    : Text::tr("none: every series was recorded") },
        { Text::tr("Chart resolution"), stepText(data.stepMs) },
        { Text::tr("Services"), QString::number(fleet.services) },
        { Text::tr("Instances"), QString::number(fleet.instances) },
        { Text::tr("Requests"), ReportText::count(fleet.requests) },
        { Text::tr("Errors (5xx and failed)"), ReportText::count(fleet.errors) },
        { Text::tr("Error rate"), ReportText::percent(fleet.errorRatio) },
        { Text::tr("Availability (scrapes up)"), ReportText::percent(fleet.availability) },
        { Text::tr("Alert transitions"), QString::number(fleet.alertTransitions) },
        { Text::tr("Operator actions"), QString::number(fleet.operatorActions) },
        { Text::tr("Configuration changes"),
            data.configAvailable ? QString::number(fleet.configChanges) : Text::tr("not recorded in this data dir") },
    };
}

QStringList serviceHeader()
{
    return { Text::tr("Service"), Text::tr("Instances"), Text::tr("Requests"), Text::tr("Error rate"),
        Text::tr("Availability"), Text::tr("p50 ms"), Text::tr("p95 ms"), Text::tr("p99 ms") };
}

QStringList serviceRow(const ServiceReport &service)
{
    return { service.service, QString::number(service.instances.size()), ReportText::count(service.requests),
        ReportText::percent(service.errorRatio), ReportText::percent(service.availability),
        ReportText::milliseconds(service.p50Ms), ReportText::milliseconds(service.p95Ms),
        ReportText::milliseconds(service.p99Ms) };
}

QStringList instanceHeader()
{
    return { Text::tr("Instance"), Text::tr("Requests"), Text::tr("Error rate"), Text::tr("Availability"),
        Text::tr("Out of service"), Text::tr("State at end") };
}

QList<QStringList> instanceRows(const ServiceReport &service)
{
    QList<QStringList> rows;
    for (const auto &stats : service.instanceStats)
        rows.append({ stats.instance, ReportText::count(stats.requests),
            ReportText::percent(stats.requests > 0 ? stats.errors / stats.requests : 0.0),
            ReportText::percent(stats.availability), ReportText::percent(stats.outOfServiceShare),
            HealthStyle::checkStateName(stats.stateAtEnd) });
    return rows;
}

QStringList alertHeader()
{
    return { Text::tr("Time (UTC)"), Text::tr("Alert"), Text::tr("Service / instance"), Text::tr("Transition"),
        Text::tr("Value") };
}

QList<QStringList> alertRows(const ReportData &data)
{
    QList<QStringList> rows;
    for (const auto &event : data.alerts) {
        QString target = event.service;
        if (!event.instance.isEmpty())
            target += QStringLiteral(" / ") + event.instance;
        rows.append(
            { ReportText::time(event.timestampMs), event.ruleName, target, AlertStateStyle::transitionText(event),
                event.value ? QString::number(*event.value, 'g', 4) : QStringLiteral("–") });
    }
    return rows;
}

QStringList operatorHeader()
{
    return { Text::tr("Time (UTC)"), Text::tr("Action"), Text::tr("Service / target"), Text::tr("Detail"),
        Text::tr("Result") };
}

QList<QStringList> operatorRows(const ReportData &data)
{
    QList<QStringList> rows;
    for (const auto &event : data.operatorEvents) {
        QString target = event.service;
        if (!event.target.isEmpty() && event.target != event.service)
            target += QStringLiteral(" / ") + event.target;
        rows.append({ ReportText::time(event.timeMs), event.action, target, event.detail,
            event.ok ? Text::tr("done") : Text::tr("failed: %1").arg(event.error) });
    }
    return rows;
}

QStringList configHeader()
{
    return { Text::tr("Time (UTC)"), Text::tr("Key"), Text::tr("Version"), Text::tr("New value") };
}

QList<QStringList> configRows(const ReportData &data)
{
    QList<QStringList> rows;
    for (const auto &change : data.configChanges)
        rows.append({ ReportText::time(change.timeMs), change.key, QString::number(change.version),
            change.deleted ? Text::tr("(deleted)") : change.value });
    return rows;
}

bool hasTraffic(const ServiceReport &service)
{
    return service.requests > 0;
}

QString noTrafficLine(const ServiceReport &service)
{
    return service.instances.isEmpty()
        ? QCoreApplication::translate("ReportTables", "%1: no traffic in range").arg(service.service)
        : QCoreApplication::translate("ReportTables", "%1 (%2): no traffic in range")
              .arg(service.service, service.instances.join(QStringLiteral(", ")));
}

} // namespace ReportTables
