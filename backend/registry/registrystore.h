#pragma once

#include "registrytypes.h"

#include <functional>
#include <optional>
#include <QObject>

// Where the registry keeps instances and configuration. Every mutation advances one global, monotonically
// increasing index (Consul's Raft index plays this role); blocking queries wait for it to move past the
// index a client already has. Lives on the registry's thread; reads are synchronous and cheap because every
// implementation keeps the working set in memory and persists (SQLite) or replicates (etcd) behind it.
class RegistryStore : public QObject
{
    Q_OBJECT
public:
    using QObject::QObject;
    ~RegistryStore() override = default;

    // Loads persisted state. Must be called once before use.
    virtual bool open(QString *error) = 0;

    virtual quint64 index() const = 0;

    virtual QList<RegistryInstance> instances() const = 0;
    virtual QList<RegistryInstance> instancesOf(const QString &service) const = 0;
    // Visits every instance in no particular order, without copying (the health sweep's hot path).
    virtual void forEachInstance(const std::function<void(const RegistryInstance &)> &visit) const = 0;
    virtual std::optional<RegistryInstance> instance(const QString &id) const = 0;
    // Adds or replaces an instance (create/modify index are assigned here). Returns the new index.
    virtual quint64 putInstance(RegistryInstance instance) = 0;
    virtual bool removeInstance(const QString &id) = 0;
    // Renews an instance's lease without a visible change: heartbeats do not wake blocking queries.
    virtual bool renewLease(const QString &id, qint64 nowMs) = 0;
    // Index of the last change to a service's instances (0 if never seen) and to the service list.
    virtual quint64 serviceIndex(const QString &service) const = 0;
    virtual quint64 catalogIndex() const = 0;

    virtual std::optional<KvEntry> kvGet(const QString &key) const = 0;
    // Entries whose key starts with prefix, sorted by key.
    virtual QList<KvEntry> kvList(const QString &prefix) const = 0;
    // cas: only write when the key's ModifyIndex equals it (0 = only when the key does not exist).
    virtual KvWriteResult kvPut(
        const QString &key, const QByteArray &value, quint64 flags, std::optional<quint64> cas = std::nullopt)
        = 0;
    virtual KvWriteResult kvDelete(const QString &key, bool recurse, std::optional<quint64> cas = std::nullopt) = 0;
    // Consul's ?acquire=: writes and takes the lock for session unless another session holds it (ok false);
    // the lock index grows when the holder changes. ?release=: writes and drops the lock if session holds it.
    // Both honour cas like kvPut. Whether the session exists is the caller's business.
    virtual KvWriteResult kvAcquire(
        const QString &key, const QByteArray &value, quint64 flags, std::optional<quint64> cas, const QString &session)
        = 0;
    virtual KvWriteResult kvRelease(
        const QString &key, const QByteArray &value, quint64 flags, std::optional<quint64> cas, const QString &session)
        = 0;
    // Drops session's lock on key, keeping the value (an invalidated session). False if it did not hold it.
    virtual bool kvUnlock(const QString &key, const QString &session) = 0;
    // Keys whose lock session holds, sorted.
    virtual QStringList kvHeldBy(const QString &session) const = 0;
    // Every write and delete of a key, oldest first.
    virtual QList<KvRevision> kvHistory(const QString &key) const = 0;
    virtual quint64 kvIndex() const = 0;

    // Sessions, sorted by ID. putSession assigns the create/modify index and returns the new index.
    virtual QList<RegistrySession> sessions() const = 0;
    virtual std::optional<RegistrySession> session(const QString &id) const = 0;
    virtual quint64 putSession(RegistrySession session) = 0;
    virtual bool removeSession(const QString &id) = 0;
    virtual quint64 sessionIndex() const = 0;

Q_SIGNALS:
    // Emitted after every change that advanced the index.
    void changed(quint64 index);
};
