#pragma once

#include <QByteArray>
#include <QList>
#include <QMap>
#include <QString>
#include <QStringList>

// Health of an instance, as Consul names it.
enum class HealthState { Passing, Warning, Critical };

QString healthStateName(HealthState state);
bool parseHealthState(const QString &name, HealthState *state);

// How the registry decides an instance's health: by heartbeats within a TTL (a lease), or by checking the
// instance itself every interval: an HTTP request (2xx passing, 429 warning) or a TCP connect.
struct HealthCheck
{
    enum class Kind { Ttl, Http, Tcp } kind = Kind::Ttl;
    QString id; // Consul's CheckID; empty = "service:<instance id>"
    QString name; // empty = "Service '<name>' check"
    QString notes;
    qint64 ttlMs = 5000; // Ttl: the lease; missing it for this long makes the instance critical
    QString httpUrl; // Http: requested every intervalMs, answered within timeoutMs
    QString httpMethod = QStringLiteral("GET");
    QMap<QString, QStringList> httpHeaders;
    bool tlsSkipVerify = false;
    QString tcpAddress; // Tcp: host:port connected to every intervalMs, within timeoutMs
    qint64 intervalMs = 10'000;
    qint64 timeoutMs = 2000;
    int failuresBeforeCritical = 1; // anti-flap: consecutive failures before passing → critical
    int successesBeforePassing = 1; // anti-flap: consecutive successes before critical → passing
    qint64 deregisterCriticalAfterMs = 30'000; // 0 = stay registered while critical
    bool operator==(const HealthCheck &) const = default;

    bool isActive() const { return kind != Kind::Ttl; } // the registry runs it (not a client's heartbeat)
};

// "ttl", "http", "tcp": Consul's check Type.
QString checkKindName(HealthCheck::Kind kind);
bool parseCheckKind(const QString &name, HealthCheck::Kind *kind);

// One of a service's named addresses (Consul's TaggedAddresses: "lan", "wan", "lan_ipv4"...).
struct ServiceAddress
{
    QString address;
    quint16 port = 0;
    bool operator==(const ServiceAddress &) const = default;
};

// One registered instance of a service. Timestamps are milliseconds since the epoch so that they survive
// a restart of the registry.
struct RegistryInstance
{
    QString id;
    QString service;
    QString address;
    quint16 port = 0;
    QStringList tags;
    QMap<QString, QString> meta;
    QMap<QString, ServiceAddress> taggedAddresses;
    bool enableTagOverride = false;
    int weight = 1;
    HealthState state = HealthState::Passing;
    QString output; // last check output, for operators
    bool drained = false; // out of service, still registered
    HealthCheck check;
    qint64 registeredAtMs = 0;
    qint64 lastHeartbeatMs = 0; // lease renewal (TTL checks) or last check result (HTTP checks)
    qint64 criticalSinceMs = 0; // 0 while not critical
    quint64 createIndex = 0;
    quint64 modifyIndex = 0;
    bool remote = false; // owned by another registry sharing the store: it runs the checks

    QString checkId() const { return check.id.isEmpty() ? QStringLiteral("service:") + id : check.id; }
    QString checkName() const
    {
        return check.name.isEmpty() ? QStringLiteral("Service '%1' check").arg(service) : check.name;
    }
    bool isDiscoverable() const { return state == HealthState::Passing && !drained; }
};

// A key's current value. version counts the writes to the key since it was created (1, 2, ...).
struct KvEntry
{
    QString key;
    QByteArray value;
    quint64 flags = 0;
    quint64 createIndex = 0;
    quint64 modifyIndex = 0;
    quint64 version = 0;
};

// One write (or delete) in a key's history.
struct KvRevision
{
    QString key;
    quint64 version = 0;
    QByteArray value;
    quint64 flags = 0;
    quint64 modifyIndex = 0;
    bool deleted = false;
    qint64 timeMs = 0;
};

// Outcome of a KV write or delete.
struct KvWriteResult
{
    bool ok = false; // false when a check-and-set did not match
    quint64 index = 0; // the registry index after the write
    KvEntry entry; // the entry as written (writes only)
};
