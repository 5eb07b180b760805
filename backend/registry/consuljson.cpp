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
    // Go's time.ParseDuration units, which Consul's ?wait= and check durations take.
    static const QRegularExpression part(QStringLiteral("(\\d+(?:\\.\\d+)?)(ns|us|\u00b5s|ms|s|m|h)"));
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
        const double factor = unit == QLatin1String("ns") ? 1e-6
            : unit == QLatin1String("ms")                 ? 1
            : unit == QLatin1String("s")                  ? 1000
            : unit == QLatin1String("m")                  ? 60'000
            : unit == QLatin1String("h")                  ? 3'600'000
                                                          : 1e-3; // us, µs
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

QJsonObject nodeObject()
{
    return QJsonObject { { QStringLiteral("ID"), QStringLiteral("00000000-0000-0000-0000-00000000f1d0") },
        { QStringLiteral("Node"), QLatin1String(kNodeName) },
        { QStringLiteral("Address"), QStringLiteral("127.0.0.1") },
        { QStringLiteral("Datacenter"), QLatin1String(kDatacenter) },
        { QStringLiteral("TaggedAddresses"), QJsonObject { { QStringLiteral("lan"), QStringLiteral("127.0.0.1") } } },
        { QStringLiteral("Meta"), QJsonObject {} } };
}

QJsonObject nodeObject(const RegistryInstance &instance)
{
    if (instance.node.isEmpty())
        return nodeObject();
    // Consul gives nodes registered without an ID an empty one.
    return QJsonObject { { QStringLiteral("ID"), QString() }, { QStringLiteral("Node"), instance.node },
        { QStringLiteral("Address"), instance.nodeAddress },
        { QStringLiteral("Datacenter"), QLatin1String(kDatacenter) },
        { QStringLiteral("TaggedAddresses"), QJsonObject { { QStringLiteral("lan"), instance.nodeAddress } } },
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

QJsonObject taggedAddressesObject(const RegistryInstance &instance)
{
    QJsonObject tagged;
    for (auto it = instance.taggedAddresses.cbegin(); it != instance.taggedAddresses.cend(); ++it)
        tagged.insert(it.key(),
            QJsonObject { { QStringLiteral("Address"), it->address }, { QStringLiteral("Port"), int(it->port) } });
    return tagged;
}
} // namespace

QJsonObject serviceObject(const RegistryInstance &instance)
{
    return QJsonObject { { QStringLiteral("ID"), instance.id }, { QStringLiteral("Service"), instance.service },
        { QStringLiteral("Tags"), QJsonArray::fromStringList(instance.tags) },
        { QStringLiteral("Address"), instance.address },
        { QStringLiteral("TaggedAddresses"), taggedAddressesObject(instance) },
        { QStringLiteral("Meta"), metaObject(instance) }, { QStringLiteral("Port"), int(instance.port) },
        { QStringLiteral("Weights"),
            QJsonObject { { QStringLiteral("Passing"), instance.weight }, { QStringLiteral("Warning"), 1 } } },
        { QStringLiteral("EnableTagOverride"), instance.enableTagOverride },
        { QStringLiteral("CreateIndex"), double(instance.createIndex) },
        { QStringLiteral("ModifyIndex"), double(instance.modifyIndex) } };
}

QJsonObject catalogEntry(const RegistryInstance &instance)
{
    const auto node = nodeObject(instance);
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
        { QStringLiteral("ServiceTaggedAddresses"), taggedAddressesObject(instance) },
        { QStringLiteral("ServiceWeights"),
            QJsonObject { { QStringLiteral("Passing"), instance.weight }, { QStringLiteral("Warning"), 1 } } },
        { QStringLiteral("ServiceEnableTagOverride"), instance.enableTagOverride },
        { QStringLiteral("CreateIndex"), double(instance.createIndex) },
        { QStringLiteral("ModifyIndex"), double(instance.modifyIndex) } };
}

QJsonObject serfCheck()
{
    return QJsonObject { { QStringLiteral("Node"), QLatin1String(kNodeName) },
        { QStringLiteral("CheckID"), QStringLiteral("serfHealth") },
        { QStringLiteral("Name"), QStringLiteral("Serf Health Status") },
        { QStringLiteral("Status"), QStringLiteral("passing") }, { QStringLiteral("Notes"), QString() },
        { QStringLiteral("Output"), QStringLiteral("Agent alive and reachable") },
        { QStringLiteral("ServiceID"), QString() }, { QStringLiteral("ServiceName"), QString() },
        { QStringLiteral("ServiceTags"), QJsonArray {} }, { QStringLiteral("Type"), QString() } };
}

QJsonArray checks(const RegistryInstance &instance)
{
    // Nodes registered through the catalog have no agent, so no Serf health check either.
    QJsonArray list;
    if (instance.node.isEmpty())
        list.append(serfCheck());
    const QJsonArray own = serviceChecks(instance);
    for (const auto &check : own)
        list.append(check);
    return list;
}

QJsonArray serviceChecks(const RegistryInstance &instance)
{
    QJsonArray list;
    if (instance.hasCheck())
        list.append(QJsonObject { { QStringLiteral("Node"), instance.nodeName() },
            { QStringLiteral("CheckID"), instance.checkId() }, { QStringLiteral("Name"), instance.checkName() },
            { QStringLiteral("Status"), healthStateName(instance.state) },
            { QStringLiteral("Notes"), instance.check.notes }, { QStringLiteral("Output"), instance.output },
            { QStringLiteral("ServiceID"), instance.id }, { QStringLiteral("ServiceName"), instance.service },
            { QStringLiteral("ServiceTags"), QJsonArray::fromStringList(instance.tags) },
            // Nobody runs a catalog check, so it has no type (Consul shows "" for those too).
            { QStringLiteral("Type"), instance.external ? QString() : checkKindName(instance.check.kind) } });
    // Consul shows maintenance mode as an extra critical check; drained instances look the same here.
    if (instance.drained)
        list.append(QJsonObject { { QStringLiteral("Node"), instance.nodeName() },
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
    return QJsonObject { { QStringLiteral("Node"), nodeObject(instance) },
        { QStringLiteral("Service"), serviceObject(instance) }, { QStringLiteral("Checks"), checks(instance) } };
}

QJsonObject kvEntry(const KvEntry &entry)
{
    QJsonObject object { { QStringLiteral("LockIndex"), double(entry.lockIndex) }, { QStringLiteral("Key"), entry.key },
        { QStringLiteral("Flags"), double(entry.flags) },
        { QStringLiteral("Value"),
            entry.value.isEmpty() ? QJsonValue() : QJsonValue(QString::fromLatin1(entry.value.toBase64())) },
        { QStringLiteral("CreateIndex"), double(entry.createIndex) },
        { QStringLiteral("ModifyIndex"), double(entry.modifyIndex) } };
    // Consul leaves Session out of an entry nobody holds.
    if (!entry.session.isEmpty())
        object.insert(QStringLiteral("Session"), entry.session);
    return object;
}

QJsonObject sessionObject(const RegistrySession &session)
{
    QJsonArray serviceChecks;
    for (const auto &id : session.serviceChecks)
        serviceChecks.append(QJsonObject { { QStringLiteral("ID"), id }, { QStringLiteral("Namespace"), QString() } });
    return QJsonObject { { QStringLiteral("ID"), session.id }, { QStringLiteral("Name"), session.name },
        { QStringLiteral("Node"), session.node },
        // Nanoseconds, as Go's time.Duration marshals; TTL stays the string it was given as.
        { QStringLiteral("LockDelay"), double(session.lockDelayMs) * 1e6 },
        { QStringLiteral("Behavior"),
            session.behavior == RegistrySession::Behavior::Delete ? QStringLiteral("delete")
                                                                  : QStringLiteral("release") },
        { QStringLiteral("TTL"),
            session.ttlMs ? QStringLiteral("%1s").arg(double(session.ttlMs) / 1000.0) : QString() },
        { QStringLiteral("NodeChecks"),
            session.nodeChecks.isEmpty() ? QJsonValue() : QJsonArray::fromStringList(session.nodeChecks) },
        { QStringLiteral("ServiceChecks"), serviceChecks.isEmpty() ? QJsonValue() : QJsonValue(serviceChecks) },
        { QStringLiteral("CreateIndex"), double(session.createIndex) },
        { QStringLiteral("ModifyIndex"), double(session.modifyIndex) } };
}

} // namespace ConsulJson
