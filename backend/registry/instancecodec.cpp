#include "instancecodec.h"

#include <QJsonArray>

namespace InstanceCodec {

QJsonObject toJson(const RegistryInstance &instance)
{
    QJsonObject meta;
    for (auto it = instance.meta.cbegin(); it != instance.meta.cend(); ++it)
        meta.insert(it.key(), it.value());
    const auto &check = instance.check;
    QJsonObject headers;
    for (auto it = check.httpHeaders.cbegin(); it != check.httpHeaders.cend(); ++it)
        headers.insert(it.key(), QJsonArray::fromStringList(it.value()));
    QJsonObject tagged;
    for (auto it = instance.taggedAddresses.cbegin(); it != instance.taggedAddresses.cend(); ++it)
        tagged.insert(it.key(),
            QJsonObject { { QStringLiteral("address"), it->address }, { QStringLiteral("port"), int(it->port) } });
    return QJsonObject {
        { QStringLiteral("id"), instance.id },
        { QStringLiteral("service"), instance.service },
        { QStringLiteral("address"), instance.address },
        { QStringLiteral("port"), int(instance.port) },
        { QStringLiteral("tags"), QJsonArray::fromStringList(instance.tags) },
        { QStringLiteral("meta"), meta },
        { QStringLiteral("taggedAddresses"), tagged },
        { QStringLiteral("enableTagOverride"), instance.enableTagOverride },
        { QStringLiteral("weight"), instance.weight },
        { QStringLiteral("state"), healthStateName(instance.state) },
        { QStringLiteral("output"), instance.output },
        { QStringLiteral("drained"), instance.drained },
        { QStringLiteral("check"),
            QJsonObject { { QStringLiteral("kind"), checkKindName(check.kind) }, { QStringLiteral("id"), check.id },
                { QStringLiteral("name"), check.name }, { QStringLiteral("notes"), check.notes },
                { QStringLiteral("ttlMs"), double(check.ttlMs) }, { QStringLiteral("httpUrl"), check.httpUrl },
                { QStringLiteral("httpMethod"), check.httpMethod }, { QStringLiteral("httpHeaders"), headers },
                { QStringLiteral("tlsSkipVerify"), check.tlsSkipVerify },
                { QStringLiteral("tcpAddress"), check.tcpAddress },
                { QStringLiteral("intervalMs"), double(check.intervalMs) },
                { QStringLiteral("timeoutMs"), double(check.timeoutMs) },
                { QStringLiteral("failuresBeforeCritical"), check.failuresBeforeCritical },
                { QStringLiteral("successesBeforePassing"), check.successesBeforePassing },
                { QStringLiteral("deregisterCriticalAfterMs"), double(check.deregisterCriticalAfterMs) } } },
        { QStringLiteral("registeredAtMs"), double(instance.registeredAtMs) },
        { QStringLiteral("criticalSinceMs"), double(instance.criticalSinceMs) },
        { QStringLiteral("createIndex"), double(instance.createIndex) },
        { QStringLiteral("modifyIndex"), double(instance.modifyIndex) },
        { QStringLiteral("node"), instance.node },
        { QStringLiteral("nodeAddress"), instance.nodeAddress },
        { QStringLiteral("external"), instance.external },
    };
}

bool fromJson(const QJsonObject &object, RegistryInstance *instance)
{
    RegistryInstance result;
    result.id = object.value(QStringLiteral("id")).toString();
    result.service = object.value(QStringLiteral("service")).toString();
    if (result.id.isEmpty() || result.service.isEmpty())
        return false;
    result.address = object.value(QStringLiteral("address")).toString();
    result.port = quint16(object.value(QStringLiteral("port")).toInt());
    const QJsonArray tagsJson = object.value(QStringLiteral("tags")).toArray();
    for (const auto &tag : tagsJson)
        result.tags.append(tag.toString());
    const auto meta = object.value(QStringLiteral("meta")).toObject();
    for (auto it = meta.begin(); it != meta.end(); ++it)
        result.meta.insert(it.key(), it.value().toString());
    const auto tagged = object.value(QStringLiteral("taggedAddresses")).toObject();
    for (auto it = tagged.begin(); it != tagged.end(); ++it) {
        const auto address = it.value().toObject();
        result.taggedAddresses.insert(it.key(),
            ServiceAddress { address.value(QStringLiteral("address")).toString(),
                quint16(address.value(QStringLiteral("port")).toInt()) });
    }
    result.enableTagOverride = object.value(QStringLiteral("enableTagOverride")).toBool();
    result.weight = object.value(QStringLiteral("weight")).toInt(1);
    if (!parseHealthState(object.value(QStringLiteral("state")).toString(), &result.state))
        result.state = HealthState::Critical;
    result.output = object.value(QStringLiteral("output")).toString();
    result.drained = object.value(QStringLiteral("drained")).toBool();
    const auto check = object.value(QStringLiteral("check")).toObject();
    if (!parseCheckKind(check.value(QStringLiteral("kind")).toString(), &result.check.kind))
        result.check.kind = HealthCheck::Kind::Ttl;
    result.check.id = check.value(QStringLiteral("id")).toString();
    result.check.name = check.value(QStringLiteral("name")).toString();
    result.check.notes = check.value(QStringLiteral("notes")).toString();
    result.check.ttlMs = qint64(check.value(QStringLiteral("ttlMs")).toDouble(5000));
    result.check.httpUrl = check.value(QStringLiteral("httpUrl")).toString();
    result.check.httpMethod = check.value(QStringLiteral("httpMethod")).toString(QStringLiteral("GET"));
    const auto headers = check.value(QStringLiteral("httpHeaders")).toObject();
    for (auto it = headers.begin(); it != headers.end(); ++it) {
        QStringList values;
        const QJsonArray valuesJson = it.value().toArray();
        for (const auto &value : valuesJson)
            values.append(value.toString());
        result.check.httpHeaders.insert(it.key(), values);
    }
    result.check.tlsSkipVerify = check.value(QStringLiteral("tlsSkipVerify")).toBool();
    result.check.tcpAddress = check.value(QStringLiteral("tcpAddress")).toString();
    result.check.intervalMs = qint64(check.value(QStringLiteral("intervalMs")).toDouble(10000));
    result.check.timeoutMs = qint64(check.value(QStringLiteral("timeoutMs")).toDouble(2000));
    result.check.failuresBeforeCritical = check.value(QStringLiteral("failuresBeforeCritical")).toInt(1);
    result.check.successesBeforePassing = check.value(QStringLiteral("successesBeforePassing")).toInt(1);
    result.check.deregisterCriticalAfterMs
        = qint64(check.value(QStringLiteral("deregisterCriticalAfterMs")).toDouble());
    result.registeredAtMs = qint64(object.value(QStringLiteral("registeredAtMs")).toDouble());
    result.criticalSinceMs = qint64(object.value(QStringLiteral("criticalSinceMs")).toDouble());
    result.createIndex = quint64(object.value(QStringLiteral("createIndex")).toDouble());
    result.modifyIndex = quint64(object.value(QStringLiteral("modifyIndex")).toDouble());
    result.node = object.value(QStringLiteral("node")).toString();
    result.nodeAddress = object.value(QStringLiteral("nodeAddress")).toString();
    result.external = object.value(QStringLiteral("external")).toBool();
    *instance = result;
    return true;
}

QJsonObject revisionToJson(const KvRevision &revision)
{
    return QJsonObject { { QStringLiteral("key"), revision.key },
        { QStringLiteral("version"), double(revision.version) },
        { QStringLiteral("value"), QString::fromLatin1(revision.value.toBase64()) },
        { QStringLiteral("flags"), QString::number(revision.flags) },
        { QStringLiteral("modifyIndex"), double(revision.modifyIndex) },
        { QStringLiteral("deleted"), revision.deleted }, { QStringLiteral("timeMs"), double(revision.timeMs) },
        { QStringLiteral("session"), revision.session }, { QStringLiteral("lockIndex"), double(revision.lockIndex) } };
}

bool revisionFromJson(const QJsonObject &object, KvRevision *revision)
{
    KvRevision result;
    result.key = object.value(QStringLiteral("key")).toString();
    if (result.key.isEmpty())
        return false;
    result.version = quint64(object.value(QStringLiteral("version")).toDouble());
    result.value = QByteArray::fromBase64(object.value(QStringLiteral("value")).toString().toLatin1());
    result.flags = object.value(QStringLiteral("flags")).toString().toULongLong();
    result.modifyIndex = quint64(object.value(QStringLiteral("modifyIndex")).toDouble());
    result.deleted = object.value(QStringLiteral("deleted")).toBool();
    result.timeMs = qint64(object.value(QStringLiteral("timeMs")).toDouble());
    result.session = object.value(QStringLiteral("session")).toString();
    result.lockIndex = quint64(object.value(QStringLiteral("lockIndex")).toDouble());
    *revision = result;
    return true;
}

QJsonObject sessionToJson(const RegistrySession &session)
{
    return QJsonObject { { QStringLiteral("id"), session.id }, { QStringLiteral("name"), session.name },
        { QStringLiteral("node"), session.node },
        { QStringLiteral("nodeChecks"), QJsonArray::fromStringList(session.nodeChecks) },
        { QStringLiteral("serviceChecks"), QJsonArray::fromStringList(session.serviceChecks) },
        { QStringLiteral("lockDelayMs"), double(session.lockDelayMs) },
        { QStringLiteral("behavior"),
            session.behavior == RegistrySession::Behavior::Delete ? QStringLiteral("delete")
                                                                  : QStringLiteral("release") },
        { QStringLiteral("ttlMs"), double(session.ttlMs) },
        { QStringLiteral("createIndex"), double(session.createIndex) },
        { QStringLiteral("modifyIndex"), double(session.modifyIndex) } };
}

bool sessionFromJson(const QJsonObject &object, RegistrySession *session)
{
    RegistrySession result;
    result.id = object.value(QStringLiteral("id")).toString();
    if (result.id.isEmpty())
        return false;
    auto strings = [&](const char *field) {
        QStringList list;
        const QJsonArray items = object.value(QLatin1String(field)).toArray();
        for (const auto &item : items)
            list.append(item.toString());
        return list;
    };
    result.name = object.value(QStringLiteral("name")).toString();
    result.node = object.value(QStringLiteral("node")).toString();
    result.nodeChecks = strings("nodeChecks");
    result.serviceChecks = strings("serviceChecks");
    result.lockDelayMs = qint64(object.value(QStringLiteral("lockDelayMs")).toDouble());
    result.behavior = object.value(QStringLiteral("behavior")).toString() == QLatin1String("delete")
        ? RegistrySession::Behavior::Delete
        : RegistrySession::Behavior::Release;
    result.ttlMs = qint64(object.value(QStringLiteral("ttlMs")).toDouble());
    result.createIndex = quint64(object.value(QStringLiteral("createIndex")).toDouble());
    result.modifyIndex = quint64(object.value(QStringLiteral("modifyIndex")).toDouble());
    *session = result;
    return true;
}

} // namespace InstanceCodec
