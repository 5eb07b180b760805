#pragma once

#include <QByteArray>
#include <QJsonArray>
#include <QJsonObject>
#include <QList>
#include <QMap>
#include <QString>
#include <QStringList>

// The registry's answers as values (RegistryClient decodes them): its instance list with health, drain
// flags and leases, and the KV store's keys, versions and diffs.

struct RegistryInstanceRow
{
    QString id;
    QString service;
    QString address;
    int port = 0;
    QString state; // passing, warning, critical
    QString output;
    bool drained = false;
    QString check; // ttl or http
    qint64 ttlMs = -1;
    qint64 leaseAgeMs = 0;
    int weight = 1;
    QStringList tags;
    QMap<QString, QString> meta;
    bool operator==(const RegistryInstanceRow &) const = default;

    // One entry of GET /v1/flightdeck/instances.
    static RegistryInstanceRow fromJson(const QJsonObject &object);
};

struct KvKeyRow
{
    QString key;
    QByteArray value;
    quint64 modifyIndex = 0;
    quint64 createIndex = 0;
    quint64 flags = 0;
    bool operator==(const KvKeyRow &) const = default;

    // GET /v1/kv/?recurse: Consul's [{"Key","Value"(base64),"ModifyIndex",...}].
    static QList<KvKeyRow> listFromJson(const QJsonArray &array);
};

struct KvVersionRow
{
    quint64 version = 0;
    quint64 modifyIndex = 0;
    bool deleted = false;
    QByteArray value;
    QString time; // ISO 8601, UTC
    bool operator==(const KvVersionRow &) const = default;

    // GET /v1/flightdeck/kv-history/{key}:
    // {"key","versions":[{"version","modify_index","deleted","value"(base64),"time"}]}
    static QList<KvVersionRow> listFromJson(const QJsonObject &object);
};

struct KvDiffLine
{
    QChar op; // ' ' unchanged, '-' removed, '+' added
    QString text;
    bool operator==(const KvDiffLine &) const = default;
};

struct KvDiff
{
    quint64 fromVersion = 0;
    quint64 toVersion = 0;
    QList<KvDiffLine> lines;
    // GET /v1/flightdeck/kv-diff/{key}?from=&to=: {"from","to","lines":[{"op","line"}]}
    static KvDiff fromJson(const QJsonObject &object);
};
