#pragma once

#include "registrypersistence.h"
#include "registrystore.h"

#include <memory>
#include <QHash>
#include <QMap>

// The registry's working state in memory. With a RegistryPersistence (SQLite) every change is written
// through, so the state survives a restart; heartbeats are not persisted (a restarted registry gives every
// instance a fresh lease, and agents re-register within one heartbeat if it forgot them).
class MemoryRegistryStore : public RegistryStore
{
    Q_OBJECT
public:
    explicit MemoryRegistryStore(std::unique_ptr<RegistryPersistence> persistence = nullptr, QObject *parent = nullptr);
    ~MemoryRegistryStore() override;

    bool open(QString *error) override;
    quint64 index() const override { return m_index; }

    QList<RegistryInstance> instances() const override;
    QList<RegistryInstance> instancesOf(const QString &service) const override;
    void forEachInstance(const std::function<void(const RegistryInstance &)> &visit) const override;
    std::optional<RegistryInstance> instance(const QString &id) const override;
    quint64 putInstance(RegistryInstance instance) override;
    bool removeInstance(const QString &id) override;
    bool renewLease(const QString &id, qint64 nowMs) override;
    quint64 serviceIndex(const QString &service) const override { return m_serviceIndex.value(service); }
    quint64 catalogIndex() const override { return m_catalogIndex; }

    std::optional<KvEntry> kvGet(const QString &key) const override;
    QList<KvEntry> kvList(const QString &prefix) const override;
    KvWriteResult kvPut(
        const QString &key, const QByteArray &value, quint64 flags, std::optional<quint64> cas = std::nullopt) override;
    KvWriteResult kvDelete(const QString &key, bool recurse, std::optional<quint64> cas = std::nullopt) override;
    KvWriteResult kvAcquire(const QString &key, const QByteArray &value, quint64 flags, std::optional<quint64> cas,
        const QString &session) override;
    KvWriteResult kvRelease(const QString &key, const QByteArray &value, quint64 flags, std::optional<quint64> cas,
        const QString &session) override;
    bool kvUnlock(const QString &key, const QString &session) override;
    QStringList kvHeldBy(const QString &session) const override;
    QList<KvRevision> kvHistory(const QString &key) const override;
    quint64 kvIndex() const override { return m_kvIndex; }

    QList<RegistrySession> sessions() const override;
    std::optional<RegistrySession> session(const QString &id) const override;
    quint64 putSession(RegistrySession session) override;
    bool removeSession(const QString &id) override;
    quint64 sessionIndex() const override { return m_sessionIndex; }

protected:
    // Write-through hooks; the defaults forward to the persistence, if any. Subclasses that replicate the
    // state elsewhere (etcd) override them.
    virtual void persistInstance(const RegistryInstance &instance);
    virtual void persistInstanceRemoval(const RegistryInstance &instance);
    virtual void persistLease(const RegistryInstance &instance);
    virtual void persistKv(const KvRevision &revision, const KvEntry &entry);
    virtual void persistSession(const RegistrySession &session);
    virtual void persistSessionRemoval(const QString &id);

    // Apply a change that came from elsewhere (another registry sharing the store) without persisting it.
    void applyInstance(const RegistryInstance &instance);
    void applyInstanceRemoval(const QString &id);
    void applyKvRevision(const KvRevision &revision, quint64 createIndex);
    // Replaces the whole state (initial load).
    void resetState(const QList<RegistryInstance> &instances, const QList<KvRevision> &history, quint64 index,
        const QList<RegistrySession> &sessions = {});

    quint64 bumpIndex();

private:
    void touchService(const QString &service, quint64 index);
    // One revision of a key; lock is the holder and lock index after it (nullopt: keep the current ones).
    struct Lock
    {
        QString session;
        quint64 lockIndex = 0;
    };
    KvWriteResult writeKv(const QString &key, const QByteArray &value, quint64 flags, bool deleted, qint64 nowMs,
        std::optional<Lock> lock = std::nullopt);
    bool casHolds(const QString &key, std::optional<quint64> cas) const;

    std::unique_ptr<RegistryPersistence> m_persistence;
    QHash<QString, RegistryInstance> m_instances;
    QMap<QString, KvEntry> m_kv; // ordered, so prefix listing is a range scan
    QHash<QString, QList<KvRevision>> m_history;
    QHash<QString, quint64> m_serviceIndex;
    QMap<QString, RegistrySession> m_sessions;
    quint64 m_sessionIndex = 0;
    // Starts at 1: answers report at least index 1 (Consul clients treat 0 as "no blocking"), so the first
    // real change must be 2 to look like a change to them.
    quint64 m_index = 1;
    quint64 m_catalogIndex = 0;
    quint64 m_kvIndex = 0;
};
