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
    QJsonArray list { serfCheck() };
    const QJsonArray own = serviceChecks(instance);
    for (const auto &check : own)
        list.append(check);
    return list;
}

QJsonArray serviceChecks(const RegistryInstance &instance)
{
    QJsonArray list;
    list.append(QJsonObject { { QStringLiteral("Node"), QLatin1String(kNodeName) },
        { QStringLiteral("CheckID"), instance.checkId() }, { QStringLiteral("Name"), instance.checkName() },
        { QStringLiteral("Status"), healthStateName(instance.state) },
        { QStringLiteral("Notes"), instance.check.notes }, { QStringLiteral("Output"), instance.output },
        { QStringLiteral("ServiceID"), instance.id }, { QStringLiteral("ServiceName"), instance.service },
        { QStringLiteral("ServiceTags"), QJsonArray::fromStringList(instance.tags) },
        { QStringLiteral("Type"), checkKindName(instance.check.kind) } });
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
