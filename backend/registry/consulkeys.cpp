#include "consulkeys.h"

#include <QHash>
#include <QJsonArray>

namespace ConsulKeys {

namespace {

// Field names of the bodies the registry takes: service and check definitions (agent and catalog
// registration), check updates, sessions. Unknown names pass through unchanged and are ignored later, as
// Consul ignores them.
constexpr const char *kFieldNames[] = { "ID", "Name", "Tags", "Address", "Port", "Meta", "Weights", "Passing",
    "Warning", "TaggedAddresses", "EnableTagOverride", "Kind", "Check", "Checks", "CheckID", "Notes", "Status",
    "Output", "TTL", "HTTP", "Method", "Header", "Body", "TLSSkipVerify", "TLSServerName", "TCP", "UDP", "GRPC",
    "GRPCUseTLS", "H2PING", "H2PingUseTLS", "Script", "Args", "ScriptArgs", "DockerContainerID", "Shell", "AliasNode",
    "AliasService", "OSService", "Interval", "Timeout", "DeregisterCriticalServiceAfter", "FailuresBeforeCritical",
    "FailuresBeforeWarning", "SuccessBeforePassing", "OutputMaxSize", "ServiceID", "ServiceName", "Service", "Node",
    "NodeMeta", "Datacenter", "SkipNodeUpdate", "Namespace", "Partition", "Connect", "Proxy", "SocketPath", "LockDelay",
    "Behavior", "NodeChecks", "ServiceChecks", "Definition" };

// Fields whose value maps the user's own keys (metadata, address names, HTTP header names).
bool holdsUserKeys(const QString &canonicalName)
{
    return canonicalName == QLatin1String("Meta") || canonicalName == QLatin1String("NodeMeta")
        || canonicalName == QLatin1String("TaggedAddresses") || canonicalName == QLatin1String("Header");
}

const QHash<QString, QString> &spellings()
{
    static const QHash<QString, QString> table = [] {
        QHash<QString, QString> result;
        for (const char *name : kFieldNames)
            result.insert(folded(QLatin1String(name)), QLatin1String(name));
        return result;
    }();
    return table;
}

QJsonValue canonicalValue(const QJsonValue &value);

QJsonObject userKeys(const QJsonObject &object)
{
    // The keys stay; values that are objects (a tagged address {"address": ..., "port": ...}) are ours again.
    QJsonObject result;
    for (auto it = object.begin(); it != object.end(); ++it)
        result.insert(it.key(), canonicalValue(it.value()));
    return result;
}

QJsonValue canonicalValue(const QJsonValue &value)
{
    if (value.isObject())
        return canonical(value.toObject());
    if (value.isArray()) {
        QJsonArray result;
        const QJsonArray items = value.toArray();
        for (const auto &item : items)
            result.append(canonicalValue(item));
        return result;
    }
    return value;
}

} // namespace

QString folded(const QString &name)
{
    QString result;
    result.reserve(name.size());
    for (const QChar c : name) {
        if (c != QLatin1Char('_'))
            result.append(c.toLower());
    }
    return result;
}

QJsonObject canonical(const QJsonObject &body)
{
    QJsonObject result;
    for (auto it = body.begin(); it != body.end(); ++it) {
        const auto known = spellings().constFind(folded(it.key()));
        const QString name = known == spellings().cend() ? it.key() : *known;
        // Two spellings of one field ("Name" and "name"): the exact spelling wins, as in Go's decoder.
        if (result.contains(name) && it.key() != name)
            continue;
        const auto value = it.value();
        result.insert(
            name, holdsUserKeys(name) && value.isObject() ? userKeys(value.toObject()) : canonicalValue(value));
    }
    return result;
}

} // namespace ConsulKeys
