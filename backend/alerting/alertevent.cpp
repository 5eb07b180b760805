#include "alertevent.h"

namespace {

QJsonObject mapToJson(const QMap<QString, QString> &map)
{
    QJsonObject object;
    for (auto it = map.cbegin(); it != map.cend(); ++it)
        object.insert(it.key(), it.value());
    return object;
}

QMap<QString, QString> mapFromJson(const QJsonObject &object)
{
    QMap<QString, QString> map;
    for (auto it = object.constBegin(); it != object.constEnd(); ++it)
        map.insert(it.key(), it.value().toString());
    return map;
}

} // namespace

QString AlertEvent::fingerprint() const
{
    return ruleName + QLatin1Char('/') + service + QLatin1Char('/') + instance;
}

QJsonObject AlertEvent::toJson() const
{
    QJsonObject object { { QStringLiteral("rule"), ruleName }, { QStringLiteral("service"), service },
        { QStringLiteral("instance"), instance }, { QStringLiteral("from"), AlertStates::name(from) },
        { QStringLiteral("to"), AlertStates::name(to) }, { QStringLiteral("timestampMs"), timestampMs },
        { QStringLiteral("activeSinceMs"), activeSinceMs }, { QStringLiteral("threshold"), threshold },
        { QStringLiteral("severity"), AlertRules::severityName(severity) },
        { QStringLiteral("labels"), mapToJson(labels) }, { QStringLiteral("annotations"), mapToJson(annotations) },
        { QStringLiteral("silenced"), silenced } };
    if (value)
        object.insert(QStringLiteral("value"), *value);
    if (!reason.isEmpty())
        object.insert(QStringLiteral("reason"), reason);
    return object;
}

std::optional<AlertEvent> AlertEvent::fromJson(const QJsonObject &object)
{
    AlertEvent event;
    event.ruleName = object.value(QStringLiteral("rule")).toString();
    const auto from = AlertStates::fromName(object.value(QStringLiteral("from")).toString());
    const auto to = AlertStates::fromName(object.value(QStringLiteral("to")).toString());
    const auto severity = AlertRules::severityFromName(object.value(QStringLiteral("severity")).toString());
    if (event.ruleName.isEmpty() || !from || !to || !severity
        || !object.value(QStringLiteral("timestampMs")).isDouble())
        return std::nullopt;
    event.from = *from;
    event.to = *to;
    event.severity = *severity;
    event.service = object.value(QStringLiteral("service")).toString();
    event.instance = object.value(QStringLiteral("instance")).toString();
    event.timestampMs = qint64(object.value(QStringLiteral("timestampMs")).toDouble());
    event.activeSinceMs = qint64(object.value(QStringLiteral("activeSinceMs")).toDouble());
    event.threshold = object.value(QStringLiteral("threshold")).toDouble();
    if (object.value(QStringLiteral("value")).isDouble())
        event.value = object.value(QStringLiteral("value")).toDouble();
    event.labels = mapFromJson(object.value(QStringLiteral("labels")).toObject());
    event.annotations = mapFromJson(object.value(QStringLiteral("annotations")).toObject());
    event.silenced = object.value(QStringLiteral("silenced")).toBool();
    event.reason = object.value(QStringLiteral("reason")).toString();
    return event;
}

namespace AlertStates {

QString name(AlertState state)
{
    switch (state) {
    case AlertState::Inactive:
        return QStringLiteral("inactive");
    case AlertState::Pending:
        return QStringLiteral("pending");
    case AlertState::Firing:
        return QStringLiteral("firing");
    case AlertState::Resolved:
        return QStringLiteral("resolved");
    case AlertState::NoData:
        return QStringLiteral("nodata");
    case AlertState::Error:
        return QStringLiteral("error");
    }
    return {};
}

std::optional<AlertState> fromName(const QString &text)
{
    for (auto state : { AlertState::Inactive, AlertState::Pending, AlertState::Firing, AlertState::Resolved,
             AlertState::NoData, AlertState::Error }) {
        if (name(state) == text)
            return state;
    }
    return std::nullopt;
}

} // namespace AlertStates
