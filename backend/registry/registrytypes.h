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
    // Registered through /v1/catalog/register: on node (empty = the registry's own node) at nodeAddress.
    // Nobody runs an external instance's check; its state is what the last registration said, as in Consul,
    // where the catalog does not run checks either.
    QString node;
    QString nodeAddress;
    bool external = false;

    QString checkId() const { return check.id.isEmpty() ? QStringLiteral("service:") + id : check.id; }
    QString checkName() const
    {
        return check.name.isEmpty() ? QStringLiteral("Service '%1' check").arg(service) : check.name;
    }
    bool isDiscoverable() const { return state == HealthState::Passing && !drained; }
    QString nodeName() const; // node, or the registry's own node when empty
    // Catalog registrations may come without a check (Consul then shows none); every other instance has one.
    bool hasCheck() const { return !external || !check.id.isEmpty(); }
};

// A key's current value. version counts the writes to the key since it was created (1, 2, ...).
// session holds the lock on the key (Consul's ?acquire=), lockIndex counts the acquisitions by a new session.
struct KvEntry
{
    QString key;
    QByteArray value;
    quint64 flags = 0;
    QString session;
    quint64 lockIndex = 0;
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
    QString session; // the lock holder after this write (empty = unlocked)
    quint64 lockIndex = 0;
};

// Outcome of a KV write or delete.
struct KvWriteResult
{
    bool ok = false; // false when a check-and-set did not match
    quint64 index = 0; // the registry index after the write
    KvEntry entry; // the entry as written (writes only)
};

// A Consul session: a named contract between a node, health checks and the KV locks it holds. Invalidated
// when a check goes critical or disappears, the node goes, its TTL runs out, or it is destroyed; its locks
// are then released (Behavior release) or their keys deleted (Behavior delete).
struct RegistrySession
{
    enum class Behavior { Release, Delete };
    QString id;
    QString name;
    QString node;
    QStringList nodeChecks;
    QStringList serviceChecks; // check IDs of service checks (Consul's ServiceChecks[].ID)
    qint64 lockDelayMs = 15'000;
    Behavior behavior = Behavior::Release;
    qint64 ttlMs = 0; // 0 = no TTL
    quint64 createIndex = 0;
    quint64 modifyIndex = 0;
    bool operator==(const RegistrySession &) const = default;

    QStringList checks() const { return nodeChecks + serviceChecks; }
};
