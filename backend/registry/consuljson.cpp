#include "consuljson.h"

#include <QRegularExpression>
#include <QUrl>

namespace ConsulJson {

bool parseDuration(const QString &text, qint64 *ms)
{
    const auto trimmed = text.trimmed();
    if (trimmed.isEmpty())
        return false;
    bool isNumber = false;
    const double seconds = trimmed.toDouble(&isNumber);
    if (isNumber) {
        if (!(seconds >= 0 && seconds <= 1e7)) // also refuses "nan"
            return false;
        *ms = qint64(seconds * 1000.0);
        return true;
    }
    static const QRegularExpression part(QStringLiteral("(\\d+(?:\\.\\d+)?)(ms|s|m|h)"));
    qint64 total = 0;
    qsizetype position = 0;
    auto it = part.globalMatch(trimmed);
    while (it.hasNext()) {
        const auto match = it.next();
        if (match.capturedStart() != position)
            return false;
        position = match.capturedEnd();
        const double value = match.captured(1).toDouble();
        const auto unit = match.captured(2);
        const double factor = unit == QLatin1String("ms") ? 1
            : unit == QLatin1String("s")                  ? 1000
            : unit == QLatin1String("m")                  ? 60'000
                                                          : 3'600'000;
        // Checked as a double first: converting an out-of-range double to an integer is undefined.
        const double partMs = value * factor;
        if (!(partMs <= 1e10))
            return false;
        total += qint64(partMs);
        if (total > qint64(1e10))
            return false;
    }
    if (position != trimmed.size())
        return false;
    *ms = total;
    return true;
}

namespace {

bool parseCheck(
    const QJsonObject &check, qint64 defaultTtlMs, HealthCheck *result, HealthState *initial, QString *error)
{
    HealthCheck parsed;
    parsed.ttlMs = defaultTtlMs;
    const bool hasTtl = check.contains(QStringLiteral("TTL"));
    const bool hasHttp = check.contains(QStringLiteral("HTTP"));
    if (hasTtl && hasHttp) {
        *error = QStringLiteral("Check: give either TTL or HTTP, not both");
        return false;
    }
    auto duration = [&](const char *field, qint64 *out) {
        const auto value = check.value(QLatin1String(field));
        if (value.isUndefined())
            return true;
        if (!value.isString() || !parseDuration(value.toString(), out)) {
            *error
                = QStringLiteral("Check.%1 must be a duration such as \"10s\" or \"500ms\"").arg(QLatin1String(field));
            return false;
        }
        return true;
    };
    if (hasTtl) {
        if (!duration("TTL", &parsed.ttlMs))
            return false;
        if (parsed.ttlMs < 100 || parsed.ttlMs > 24 * 3'600'000) {
            *error = QStringLiteral("Check.TTL must be between 100ms and 24h");
            return false;
        }
    }
    if (hasHttp) {
        parsed.kind = HealthCheck::Kind::Http;
        const QUrl url(check.value(QStringLiteral("HTTP")).toString(), QUrl::StrictMode);
        if (!url.isValid() || (url.scheme() != QLatin1String("http") && url.scheme() != QLatin1String("https"))
            || url.host().isEmpty()) {
            *error = QStringLiteral("Check.HTTP must be an http:// or https:// URL");
            return false;
        }
        parsed.httpUrl = url.toString();
        if (!check.contains(QStringLiteral("Interval"))) {
            *error = QStringLiteral("Check.HTTP needs Check.Interval");
            return false;
        }
        parsed.timeoutMs = 10'000;
        if (!duration("Interval", &parsed.intervalMs) || !duration("Timeout", &parsed.timeoutMs))
            return false;
        if (parsed.intervalMs < 100) {
            *error = QStringLiteral("Check.Interval must be at least 100ms");
            return false;
        }
        // A check never overlaps itself (the next one waits for the answer), so a timeout longer than the
        // interval only stretches the interval.
        parsed.timeoutMs = std::clamp<qint64>(parsed.timeoutMs, 50, 300'000);
    }
    if (!duration("DeregisterCriticalServiceAfter", &parsed.deregisterCriticalAfterMs))
        return false;
    auto count = [&](const char *field, int *out) {
        const auto value = check.value(QLatin1String(field));
        if (value.isUndefined())
            return true;
        if (!value.isDouble() || value.toDouble() < 0 || value.toDouble() > 1000) {
            *error = QStringLiteral("Check.%1 must be a number from 0 to 1000").arg(QLatin1String(field));
            return false;
        }
        *out = std::max(1, value.toInt());
        return true;
    };
    if (!count("FailuresBeforeCritical", &parsed.failuresBeforeCritical)
        || !count("SuccessBeforePassing", &parsed.successesBeforePassing))
        return false;
    // TTL checks start passing: registering is the first renewal of the lease. HTTP checks start critical
    // and become passing once the instance answered, as in Consul.
    *initial = parsed.kind == HealthCheck::Kind::Http ? HealthState::Critical : HealthState::Passing;
    if (check.contains(QStringLiteral("Status"))
        && !parseHealthState(check.value(QStringLiteral("Status")).toString(), initial)) {
        *error = QStringLiteral("Check.Status must be passing, warning or critical");
        return false;
    }
    *result = parsed;
    return true;
}

} // namespace

bool parseRegistration(const QJsonObject &body, qint64 defaultTtlMs, RegistryInstance *instance, QString *error)
{
    RegistryInstance result;
    const auto name = body.value(QStringLiteral("Name"));
    if (!name.isString() || name.toString().trimmed().isEmpty()) {
        *error = QStringLiteral("Name (the service name) is required");
        return false;
    }
    result.service = name.toString().trimmed();
    const auto id = body.value(QStringLiteral("ID"));
    if (!id.isUndefined() && !id.isString()) {
        *error = QStringLiteral("ID must be a string");
        return false;
    }
    result.id = id.toString().trimmed().isEmpty() ? result.service : id.toString().trimmed();
    static const QRegularExpression allowed(QStringLiteral("^[A-Za-z0-9_.:\\-]{1,128}$"));
    if (!allowed.match(result.id).hasMatch() || !allowed.match(result.service).hasMatch()) {
        *error = QStringLiteral("ID and Name may only hold letters, digits, '_', '.', ':' and '-' (at most 128)");
        return false;
    }
    const auto address = body.value(QStringLiteral("Address"));
    if (!address.isUndefined() && !address.isString()) {
        *error = QStringLiteral("Address must be a string");
        return false;
    }
    result.address = address.toString();
    const auto port = body.value(QStringLiteral("Port"));
    if (!port.isUndefined()
        && (!port.isDouble() || port.toDouble() < 0 || port.toDouble() > 65535
            || port.toDouble() != double(port.toInt()))) {
        *error = QStringLiteral("Port must be an integer from 0 to 65535");
        return false;
    }
    result.port = quint16(port.toInt());
    const auto tags = body.value(QStringLiteral("Tags"));
    if (!tags.isUndefined() && !tags.isNull()) {
        if (!tags.isArray() || tags.toArray().size() > 64) {
            *error = QStringLiteral("Tags must be an array of at most 64 strings");
            return false;
        }
        for (const auto &tag : tags.toArray()) {
            if (!tag.isString()) {
                *error = QStringLiteral("Tags must be an array of strings");
                return false;
            }
            result.tags.append(tag.toString());
        }
    }
    const auto meta = body.value(QStringLiteral("Meta"));
    if (!meta.isUndefined() && !meta.isNull()) {
        if (!meta.isObject() || meta.toObject().size() > 64) {
            *error = QStringLiteral("Meta must be an object of at most 64 string values");
            return false;
        }
        const auto object = meta.toObject();
        for (auto it = object.begin(); it != object.end(); ++it) {
            if (!it.value().isString()) {
                *error = QStringLiteral("Meta values must be strings (Meta.%1 is not)").arg(it.key());
                return false;
            }
            result.meta.insert(it.key(), it.value().toString());
        }
    }
    const auto weights = body.value(QStringLiteral("Weights"));
    if (!weights.isUndefined() && !weights.isNull()) {
        const auto passing = weights.toObject().value(QStringLiteral("Passing"));
        if (!weights.isObject() || !passing.isDouble() || passing.toInt() < 1 || passing.toInt() > 65535) {
            *error = QStringLiteral("Weights.Passing must be an integer from 1 to 65535");
            return false;
        }
        result.weight = passing.toInt();
    }
    auto check = body.value(QStringLiteral("Check"));
    const auto checks = body.value(QStringLiteral("Checks"));
    if (check.isUndefined() && checks.isArray()) {
        if (checks.toArray().size() > 1) {
            *error = QStringLiteral("only one check per service is supported");
            return false;
        }
        if (!checks.toArray().isEmpty())
            check = checks.toArray().first();
    }
    result.check.ttlMs = defaultTtlMs;
    result.state = HealthState::Passing;
    if (!check.isUndefined() && !check.isNull()) {
        if (!check.isObject()) {
            *error = QStringLiteral("Check must be an object");
            return false;
        }
        if (!parseCheck(check.toObject(), defaultTtlMs, &result.check, &result.state, error))
            return false;
    }
    *instance = result;
    return true;
}

QJsonObject nodeObject()
{
    return QJsonObject { { QStringLiteral("ID"), QStringLiteral("00000000-0000-0000-0000-00000000f1d0") },
        { QStringLiteral("Node"), QLatin1String(kNodeName) },
        { QStringLiteral("Address"), QStringLiteral("127.0.0.1") },
        { QStringLiteral("Datacenter"), QLatin1String(kDatacenter) },
        { QStringLiteral("TaggedAddresses"), QJsonObject { { QStringLiteral("lan"), QStringLiteral("127.0.0.1") } } },
        { QStringLiteral("Meta"), QJsonObject {} } };
}

namespace {
QJsonObject metaObject(const RegistryInstance &instance)
{
    QJsonObject meta;
    for (auto it = instance.meta.cbegin(); it != instance.meta.cend(); ++it)
        meta.insert(it.key(), it.value());
    return meta;
}
} // namespace

QJsonObject serviceObject(const RegistryInstance &instance)
{
    return QJsonObject { { QStringLiteral("ID"), instance.id }, { QStringLiteral("Service"), instance.service },
        { QStringLiteral("Tags"), QJsonArray::fromStringList(instance.tags) },
        { QStringLiteral("Address"), instance.address }, { QStringLiteral("TaggedAddresses"), QJsonObject {} },
        { QStringLiteral("Meta"), metaObject(instance) }, { QStringLiteral("Port"), int(instance.port) },
        { QStringLiteral("Weights"),
            QJsonObject { { QStringLiteral("Passing"), instance.weight }, { QStringLiteral("Warning"), 1 } } },
        { QStringLiteral("EnableTagOverride"), false }, { QStringLiteral("CreateIndex"), double(instance.createIndex) },
        { QStringLiteral("ModifyIndex"), double(instance.modifyIndex) } };
}

QJsonObject catalogEntry(const RegistryInstance &instance)
{
    const auto node = nodeObject();
    return QJsonObject { { QStringLiteral("ID"), node.value(QStringLiteral("ID")) },
        { QStringLiteral("Node"), node.value(QStringLiteral("Node")) },
        { QStringLiteral("Address"), node.value(QStringLiteral("Address")) },
        { QStringLiteral("Datacenter"), node.value(QStringLiteral("Datacenter")) },
        { QStringLiteral("TaggedAddresses"), node.value(QStringLiteral("TaggedAddresses")) },
        { QStringLiteral("NodeMeta"), QJsonObject {} }, { QStringLiteral("ServiceID"), instance.id },
        { QStringLiteral("ServiceName"), instance.service }, { QStringLiteral("ServiceAddress"), instance.address },
        { QStringLiteral("ServicePort"), int(instance.port) },
        { QStringLiteral("ServiceTags"), QJsonArray::fromStringList(instance.tags) },
        { QStringLiteral("ServiceMeta"), metaObject(instance) },
        { QStringLiteral("ServiceTaggedAddresses"), QJsonObject {} },
        { QStringLiteral("ServiceWeights"),
            QJsonObject { { QStringLiteral("Passing"), instance.weight }, { QStringLiteral("Warning"), 1 } } },
        { QStringLiteral("ServiceEnableTagOverride"), false },
        { QStringLiteral("CreateIndex"), double(instance.createIndex) },
        { QStringLiteral("ModifyIndex"), double(instance.modifyIndex) } };
}

QJsonArray checks(const RegistryInstance &instance)
{
    QJsonArray list;
    list.append(QJsonObject { { QStringLiteral("Node"), QLatin1String(kNodeName) },
        { QStringLiteral("CheckID"), QStringLiteral("serfHealth") },
        { QStringLiteral("Name"), QStringLiteral("Serf Health Status") },
        { QStringLiteral("Status"), QStringLiteral("passing") }, { QStringLiteral("Notes"), QString() },
        { QStringLiteral("Output"), QStringLiteral("Agent alive and reachable") },
        { QStringLiteral("ServiceID"), QString() }, { QStringLiteral("ServiceName"), QString() },
        { QStringLiteral("ServiceTags"), QJsonArray {} }, { QStringLiteral("Type"), QString() } });
    const bool http = instance.check.kind == HealthCheck::Kind::Http;
    list.append(QJsonObject { { QStringLiteral("Node"), QLatin1String(kNodeName) },
        { QStringLiteral("CheckID"), instance.checkId() },
        { QStringLiteral("Name"), QStringLiteral("Service '%1' check").arg(instance.service) },
        { QStringLiteral("Status"), healthStateName(instance.state) }, { QStringLiteral("Notes"), QString() },
        { QStringLiteral("Output"), instance.output }, { QStringLiteral("ServiceID"), instance.id },
        { QStringLiteral("ServiceName"), instance.service },
        { QStringLiteral("ServiceTags"), QJsonArray::fromStringList(instance.tags) },
        { QStringLiteral("Type"), http ? QStringLiteral("http") : QStringLiteral("ttl") } });
    // Consul shows maintenance mode as an extra critical check; drained instances look the same here.
    if (instance.drained)
        list.append(QJsonObject { { QStringLiteral("Node"), QLatin1String(kNodeName) },
            { QStringLiteral("CheckID"), QString(QStringLiteral("_service_maintenance:") + instance.id) },
            { QStringLiteral("Name"), QStringLiteral("Service Maintenance Mode") },
            { QStringLiteral("Status"), QStringLiteral("critical") },
            { QStringLiteral("Notes"), QStringLiteral("drained") }, { QStringLiteral("Output"), QString() },
            { QStringLiteral("ServiceID"), instance.id }, { QStringLiteral("ServiceName"), instance.service },
            { QStringLiteral("ServiceTags"), QJsonArray::fromStringList(instance.tags) },
            { QStringLiteral("Type"), QStringLiteral("maintenance") } });
    return list;
}

QJsonObject healthEntry(const RegistryInstance &instance)
{
    return QJsonObject { { QStringLiteral("Node"), nodeObject() },
        { QStringLiteral("Service"), serviceObject(instance) }, { QStringLiteral("Checks"), checks(instance) } };
}

QJsonObject kvEntry(const KvEntry &entry)
{
    return QJsonObject { { QStringLiteral("LockIndex"), 0 }, { QStringLiteral("Key"), entry.key },
        { QStringLiteral("Flags"), double(entry.flags) },
        { QStringLiteral("Value"),
            entry.value.isEmpty() ? QJsonValue() : QJsonValue(QString::fromLatin1(entry.value.toBase64())) },
        { QStringLiteral("CreateIndex"), double(entry.createIndex) },
        { QStringLiteral("ModifyIndex"), double(entry.modifyIndex) } };
}

} // namespace ConsulJson
