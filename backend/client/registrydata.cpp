#include "registrydata.h"

RegistryInstanceRow RegistryInstanceRow::fromJson(const QJsonObject &object)
{
    RegistryInstanceRow row;
    row.id = object.value(QStringLiteral("id")).toString();
    row.service = object.value(QStringLiteral("service")).toString();
    row.address = object.value(QStringLiteral("address")).toString();
    row.port = object.value(QStringLiteral("port")).toInt();
    row.state = object.value(QStringLiteral("state")).toString();
    row.output = object.value(QStringLiteral("output")).toString();
    row.drained = object.value(QStringLiteral("drained")).toBool();
    row.check = object.value(QStringLiteral("check")).toString();
    row.ttlMs = object.value(QStringLiteral("ttl_ms")).toInteger(-1);
    row.leaseAgeMs = object.value(QStringLiteral("lease_age_ms")).toInteger();
    row.weight = object.value(QStringLiteral("weight")).toInt(1);
    const QJsonArray tagsJson = object.value(QStringLiteral("tags")).toArray();
    for (const auto &tag : tagsJson)
        row.tags.append(tag.toString());
    const auto meta = object.value(QStringLiteral("meta")).toObject();
    for (auto it = meta.begin(); it != meta.end(); ++it)
        row.meta.insert(it.key(), it.value().toString());
    return row;
}

QList<KvKeyRow> KvKeyRow::listFromJson(const QJsonArray &array)
{
    QList<KvKeyRow> rows;
    for (const auto &value : array) {
        const auto object = value.toObject();
        KvKeyRow row;
        row.key = object.value(QStringLiteral("Key")).toString();
        row.value = QByteArray::fromBase64(object.value(QStringLiteral("Value")).toString().toLatin1());
        row.modifyIndex = quint64(object.value(QStringLiteral("ModifyIndex")).toInteger());
        row.createIndex = quint64(object.value(QStringLiteral("CreateIndex")).toInteger());
        row.flags = quint64(object.value(QStringLiteral("Flags")).toInteger());
        if (!row.key.isEmpty())
            rows.append(row);
    }
    return rows;
}

QList<KvVersionRow> KvVersionRow::listFromJson(const QJsonObject &object)
{
    QList<KvVersionRow> rows;
    const QJsonArray versionsJson = object.value(QStringLiteral("versions")).toArray();
    for (const auto &value : versionsJson) {
        const auto item = value.toObject();
        KvVersionRow row;
        row.version = quint64(item.value(QStringLiteral("version")).toInteger());
        row.modifyIndex = quint64(item.value(QStringLiteral("modify_index")).toInteger());
        row.deleted = item.value(QStringLiteral("deleted")).toBool();
        row.value = QByteArray::fromBase64(item.value(QStringLiteral("value")).toString().toLatin1());
        row.time = item.value(QStringLiteral("time")).toString();
        rows.append(row);
    }
    return rows;
}

KvDiff KvDiff::fromJson(const QJsonObject &object)
{
    KvDiff diff;
    diff.fromVersion = quint64(object.value(QStringLiteral("from")).toInteger());
    diff.toVersion = quint64(object.value(QStringLiteral("to")).toInteger());
    const QJsonArray linesJson = object.value(QStringLiteral("lines")).toArray();
    for (const auto &value : linesJson) {
        const auto line = value.toObject();
        const auto op = line.value(QStringLiteral("op")).toString();
        diff.lines.append({ op.isEmpty() ? QChar(u' ') : op.front(), line.value(QStringLiteral("line")).toString() });
    }
    return diff;
}
