#include "jsonreportwriter.h"

#include <QIODevice>
#include <QJsonArray>
#include <QJsonDocument>

namespace {

QJsonValue optional(const std::optional<double> &value)
{
    return value ? QJsonValue(*value) : QJsonValue(QJsonValue::Null);
}

QJsonObject serviceJson(const ServiceReport &service)
{
    QJsonObject series;
    for (const auto &s : service.series) {
        QJsonArray points;
        for (const auto &point : s.points)
            points.append(QJsonArray { qint64(point.x()), point.y() });
        series.insert(s.name, QJsonObject { { QStringLiteral("unit"), s.unit }, { QStringLiteral("points"), points } });
    }
    QJsonArray instanceStats;
    for (const auto &stats : service.instanceStats) {
        instanceStats.append(QJsonObject { { QStringLiteral("instance"), stats.instance },
            { QStringLiteral("requests"), stats.requests }, { QStringLiteral("errors"), stats.errors },
            { QStringLiteral("availability"), optional(stats.availability) },
            { QStringLiteral("out_of_service_ratio"), optional(stats.outOfServiceShare) },
            { QStringLiteral("state_at_end"), stats.stateAtEnd } });
    }
    return QJsonObject {
        { QStringLiteral("name"), service.service },
        { QStringLiteral("instance_stats"), instanceStats },
        { QStringLiteral("instances"), QJsonArray::fromStringList(service.instances) },
        { QStringLiteral("requests"), service.requests },
        { QStringLiteral("rps"), service.rps },
        { QStringLiteral("covered_ms"), service.coveredMs },
        { QStringLiteral("errors"), service.errors },
        { QStringLiteral("error_ratio"), service.errorRatio },
        { QStringLiteral("availability"), optional(service.availability) },
        { QStringLiteral("dropped_series"), service.droppedSeries },
        { QStringLiteral("latency_ms"),
            QJsonObject { { QStringLiteral("p50"), optional(service.p50Ms) },
                { QStringLiteral("p95"), optional(service.p95Ms) },
                { QStringLiteral("p99"), optional(service.p99Ms) } } },
        { QStringLiteral("series"), series },
    };
}

QJsonObject topologyJson(const TopologySnapshot &topology)
{
    QJsonArray nodes;
    for (const auto &node : topology.nodes) {
        QJsonArray instances;
        QJsonObject instanceHealth;
        for (const auto &instance : node.instances) {
            instances.append(instance.id);
            instanceHealth.insert(instance.id, instance.health);
        }
        nodes.append(QJsonObject { { QStringLiteral("service"), node.service },
            { QStringLiteral("health"), node.health }, { QStringLiteral("rps"), node.rps },
            { QStringLiteral("error_ratio"), node.errorRatio }, { QStringLiteral("p95_ms"), node.p95Ms },
            { QStringLiteral("instances"), instances }, { QStringLiteral("instance_health"), instanceHealth } });
    }
    QJsonArray edges;
    for (const auto &edge : topology.edges) {
        edges.append(QJsonObject { { QStringLiteral("caller"), edge.caller }, { QStringLiteral("callee"), edge.callee },
            { QStringLiteral("rps"), edge.rps }, { QStringLiteral("error_ratio"), edge.errorRatio },
            { QStringLiteral("p95_ms"), edge.p95Ms } });
    }
    return QJsonObject { { QStringLiteral("nodes"), nodes }, { QStringLiteral("edges"), edges } };
}

} // namespace

QJsonObject JsonReportWriter::toJson(const ReportData &data)
{
    QJsonArray services;
    for (const auto &service : data.services)
        services.append(serviceJson(service));
    QJsonArray alerts;
    for (const auto &event : data.alerts) {
        QJsonObject object = event.toJson();
        object.insert(QStringLiteral("time"), ReportText::time(event.timestampMs));
        alerts.append(object);
    }
    QJsonArray operatorEvents;
    for (const auto &event : data.operatorEvents) {
        QJsonObject object = event.toJson();
        object.insert(QStringLiteral("time"), ReportText::time(event.timeMs));
        operatorEvents.append(object);
    }
    QJsonArray changes;
    for (const auto &change : data.configChanges) {
        changes.append(QJsonObject { { QStringLiteral("key"), change.key },
            { QStringLiteral("version"), qint64(change.version) },
            { QStringLiteral("time"), ReportText::time(change.timeMs) }, { QStringLiteral("time_ms"), change.timeMs },
            { QStringLiteral("deleted"), change.deleted }, { QStringLiteral("value"), change.value } });
    }
    const auto &fleet = data.fleet;
    return QJsonObject {
        { QStringLiteral("schema"), QStringLiteral("flightdeck-report/1") },
        { QStringLiteral("generated"), ReportText::time(data.generatedMs) },
        { QStringLiteral("from"), ReportText::time(data.fromMs) },
        { QStringLiteral("to"), ReportText::time(data.toMs) },
        { QStringLiteral("from_ms"), data.fromMs },
        { QStringLiteral("to_ms"), data.toMs },
        { QStringLiteral("step_ms"), data.stepMs },
        { QStringLiteral("fleet"),
            QJsonObject { { QStringLiteral("covered_ms"), fleet.coveredMs },
                { QStringLiteral("requested_ms"), data.toMs - data.fromMs },
                { QStringLiteral("services"), fleet.services }, { QStringLiteral("instances"), fleet.instances },
                { QStringLiteral("requests"), fleet.requests }, { QStringLiteral("errors"), fleet.errors },
                { QStringLiteral("error_ratio"), fleet.errorRatio },
                { QStringLiteral("availability"), optional(fleet.availability) },
                { QStringLiteral("alert_transitions"), fleet.alertTransitions },
                { QStringLiteral("config_changes"), fleet.configChanges },
                { QStringLiteral("operator_actions"), fleet.operatorActions },
                // Distinct series the metric store refused at its cap (from dropped_since on): 0 means complete.
                { QStringLiteral("max_series"), fleet.maxSeries },
                { QStringLiteral("dropped_series"), fleet.droppedSeries },
                { QStringLiteral("dropped_since"),
                    fleet.droppedSeries > 0 ? QJsonValue(ReportText::time(fleet.droppedSinceMs)) : QJsonValue() } } },
        { QStringLiteral("services"), services },
        { QStringLiteral("topology"), topologyJson(data.topology) },
        { QStringLiteral("alerts"), alerts },
        { QStringLiteral("operator_events"), operatorEvents },
        { QStringLiteral("config"),
            QJsonObject {
                { QStringLiteral("available"), data.configAvailable }, { QStringLiteral("changes"), changes } } },
    };
}

bool JsonReportWriter::write(const ReportData &data, QIODevice *device, QString *error)
{
    const QByteArray bytes = QJsonDocument(toJson(data)).toJson(QJsonDocument::Indented);
    if (device->write(bytes) != bytes.size()) {
        if (error)
            *error = device->errorString();
        return false;
    }
    return true;
}
