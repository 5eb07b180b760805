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

// How the registry decides an instance's health: by heartbeats within a TTL (a lease), or by calling the
// instance's health URL itself.
struct HealthCheck
{
    enum class Kind { Ttl, Http } kind = Kind::Ttl;
    qint64 ttlMs = 5000; // Ttl: the lease; missing it for this long makes the instance critical
    QString httpUrl; // Http: polled every intervalMs, answered within timeoutMs
    qint64 intervalMs = 10'000;
    qint64 timeoutMs = 2000;
    int failuresBeforeCritical = 1; // anti-flap: consecutive failures before passing → critical
    int successesBeforePassing = 1; // anti-flap: consecutive successes before critical → passing
    qint64 deregisterCriticalAfterMs = 30'000; // 0 = stay registered while critical
    bool operator==(const HealthCheck &) const = default;
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

    QString checkId() const { return QStringLiteral("service:") + id; }
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
