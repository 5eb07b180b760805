#include "memoryregistrystore.h"

#include "registrypersistence.h"

#include <algorithm>
#include <QDateTime>

MemoryRegistryStore::MemoryRegistryStore(std::unique_ptr<RegistryPersistence> persistence, QObject *parent)
    : RegistryStore(parent)
    , m_persistence(std::move(persistence))
{ }

MemoryRegistryStore::~MemoryRegistryStore() = default;

bool MemoryRegistryStore::open(QString *error)
{
    if (!m_persistence)
        return true;
    RegistryPersistence::Snapshot snapshot;
    if (!m_persistence->load(&snapshot, error))
        return false;
    resetState(snapshot.instances, snapshot.history, snapshot.index, snapshot.sessions);
    return true;
}

void MemoryRegistryStore::resetState(const QList<RegistryInstance> &instances, const QList<KvRevision> &history,
    quint64 index, const QList<RegistrySession> &sessions)
{
    m_instances.clear();
    m_kv.clear();
    m_history.clear();
    m_serviceIndex.clear();
    m_index = std::max<quint64>(index, 1);
    m_catalogIndex = 0;
    m_kvIndex = 0;
    // A restarted registry cannot know when the last heartbeat came: every instance gets a fresh lease.
    const auto now = QDateTime::currentMSecsSinceEpoch();
    for (auto instance : instances) {
        instance.lastHeartbeatMs = now;
        m_index = std::max(m_index, instance.modifyIndex);
        m_serviceIndex[instance.service] = std::max(m_serviceIndex.value(instance.service), instance.modifyIndex);
        m_catalogIndex = std::max(m_catalogIndex, instance.modifyIndex);
        m_instances.insert(instance.id, instance);
    }
    for (const auto &revision : history) {
        const auto current = m_kv.constFind(revision.key);
        applyKvRevision(revision, current == m_kv.cend() ? revision.modifyIndex : current->createIndex);
    }
    for (const auto &revision : history)
        m_index = std::max(m_index, revision.modifyIndex);
    m_sessions.clear();
    m_sessionIndex = 0;
    for (const auto &session : sessions) {
        m_sessions.insert(session.id, session);
        m_sessionIndex = std::max(m_sessionIndex, session.modifyIndex);
        m_index = std::max(m_index, session.modifyIndex);
    }
}

quint64 MemoryRegistryStore::bumpIndex()
{
    return ++m_index;
}

void MemoryRegistryStore::touchService(const QString &service, quint64 index)
{
    m_serviceIndex[service] = index;
    m_catalogIndex = index;
}

QList<RegistryInstance> MemoryRegistryStore::instances() const
{
    auto list = m_instances.values();
    std::sort(list.begin(), list.end(), [](const auto &a, const auto &b) { return a.id < b.id; });
    return list;
}

QList<RegistryInstance> MemoryRegistryStore::instancesOf(const QString &service) const
{
    QList<RegistryInstance> list;
    for (const auto &instance : m_instances) {
        if (instance.service == service)
            list.append(instance);
    }
    std::sort(list.begin(), list.end(), [](const auto &a, const auto &b) { return a.id < b.id; });
    return list;
}

void MemoryRegistryStore::forEachInstance(const std::function<void(const RegistryInstance &)> &visit) const
{
    for (const auto &instance : m_instances)
        visit(instance);
}

std::optional<RegistryInstance> MemoryRegistryStore::instance(const QString &id) const
{
    const auto it = m_instances.constFind(id);
    if (it == m_instances.cend())
        return std::nullopt;
    return *it;
}

quint64 MemoryRegistryStore::putInstance(RegistryInstance instance)
{
    const auto index = bumpIndex();
    const auto existing = m_instances.constFind(instance.id);
    instance.createIndex = existing == m_instances.cend() ? index : existing->createIndex;
    instance.modifyIndex = index;
    if (existing != m_instances.cend() && existing->service != instance.service)
        touchService(existing->service, index);
    touchService(instance.service, index);
    m_instances.insert(instance.id, instance);
    persistInstance(instance);
    Q_EMIT changed(index);
    return index;
}

bool MemoryRegistryStore::removeInstance(const QString &id)
{
    const auto it = m_instances.find(id);
    if (it == m_instances.end())
        return false;
    const auto removed = *it;
    m_instances.erase(it);
    const auto index = bumpIndex();
    touchService(removed.service, index);
    persistInstanceRemoval(removed);
    Q_EMIT changed(index);
    return true;
}

bool MemoryRegistryStore::renewLease(const QString &id, qint64 nowMs)
{
    const auto it = m_instances.find(id);
    if (it == m_instances.end())
        return false;
    it->lastHeartbeatMs = nowMs;
    persistLease(*it);
    return true;
}

std::optional<KvEntry> MemoryRegistryStore::kvGet(const QString &key) const
{
    const auto it = m_kv.constFind(key);
    if (it == m_kv.cend())
        return std::nullopt;
    return *it;
}

QList<KvEntry> MemoryRegistryStore::kvList(const QString &prefix) const
{
    QList<KvEntry> list;
    for (auto it = m_kv.lowerBound(prefix); it != m_kv.cend() && it.key().startsWith(prefix); ++it)
        list.append(*it);
    return list;
}

KvWriteResult MemoryRegistryStore::kvPut(
    const QString &key, const QByteArray &value, quint64 flags, std::optional<quint64> cas)
{
    if (!casHolds(key, cas))
        return { false, m_index, {} };
    return writeKv(key, value, flags, false, QDateTime::currentMSecsSinceEpoch());
}

bool MemoryRegistryStore::casHolds(const QString &key, std::optional<quint64> cas) const
{
    if (!cas)
        return true;
    const auto current = m_kv.constFind(key);
    return (current == m_kv.cend() ? 0 : current->modifyIndex) == *cas;
}

KvWriteResult MemoryRegistryStore::kvAcquire(
    const QString &key, const QByteArray &value, quint64 flags, std::optional<quint64> cas, const QString &session)
{
    if (!casHolds(key, cas))
        return { false, m_index, {} };
    const auto current = m_kv.constFind(key);
    Lock lock { session, 1 };
    if (current != m_kv.cend()) {
        if (!current->session.isEmpty() && current->session != session)
            return { false, m_index, *current };
        // Re-acquiring by the holder updates the value; only a new holder counts as a new acquisition.
        lock.lockIndex = current->lockIndex + (current->session == session ? 0 : 1);
    }
    return writeKv(key, value, flags, false, QDateTime::currentMSecsSinceEpoch(), lock);
}

KvWriteResult MemoryRegistryStore::kvRelease(
    const QString &key, const QByteArray &value, quint64 flags, std::optional<quint64> cas, const QString &session)
{
    if (!casHolds(key, cas))
        return { false, m_index, {} };
    const auto current = m_kv.constFind(key);
    if (current == m_kv.cend() || current->session != session)
        return { false, m_index, {} };
    return writeKv(
        key, value, flags, false, QDateTime::currentMSecsSinceEpoch(), Lock { QString(), current->lockIndex });
}

bool MemoryRegistryStore::kvUnlock(const QString &key, const QString &session)
{
    const auto current = m_kv.constFind(key);
    if (current == m_kv.cend() || current->session != session || session.isEmpty())
        return false;
    // Copies: writeKv replaces the entry they come from.
    const QByteArray value = current->value;
    const auto flags = current->flags;
    const auto lockIndex = current->lockIndex;
    writeKv(key, value, flags, false, QDateTime::currentMSecsSinceEpoch(), Lock { QString(), lockIndex });
    return true;
}

QStringList MemoryRegistryStore::kvHeldBy(const QString &session) const
{
    QStringList keys;
    if (session.isEmpty())
        return keys;
    for (const auto &entry : m_kv) {
        if (entry.session == session)
            keys.append(entry.key);
    }
    return keys;
}

KvWriteResult MemoryRegistryStore::kvDelete(const QString &key, bool recurse, std::optional<quint64> cas)
{
    const auto now = QDateTime::currentMSecsSinceEpoch();
    if (recurse) {
        const auto entries = kvList(key);
        KvWriteResult result { true, m_index, {} };
        for (const auto &entry : entries)
            result = writeKv(entry.key, {}, 0, true, now);
        return result;
    }
    const auto current = m_kv.constFind(key);
    if (cas && (current == m_kv.cend() || current->modifyIndex != *cas))
        return { false, m_index, {} };
    if (current == m_kv.cend())
        return { true, m_index, {} }; // like Consul: deleting a missing key succeeds
    return writeKv(key, {}, 0, true, now);
}

KvWriteResult MemoryRegistryStore::writeKv(
    const QString &key, const QByteArray &value, quint64 flags, bool deleted, qint64 nowMs, std::optional<Lock> lock)
{
    const auto index = bumpIndex();
    const auto &history = m_history[key];
    const auto current = m_kv.constFind(key);
    if (!lock) // a plain write leaves the lock as it is: Consul's locks are advisory
        lock = current == m_kv.cend() ? Lock {} : Lock { current->session, current->lockIndex };
    KvRevision revision;
    revision.key = key;
    revision.version = history.isEmpty() ? 1 : history.last().version + 1;
    revision.value = value;
    revision.flags = flags;
    revision.modifyIndex = index;
    revision.deleted = deleted;
    revision.timeMs = nowMs;
    if (!deleted) {
        revision.session = lock->session;
        revision.lockIndex = lock->lockIndex;
    }
    applyKvRevision(revision, current == m_kv.cend() ? index : current->createIndex);
    KvEntry entry = m_kv.value(key);
    persistKv(revision, entry);
    Q_EMIT changed(index);
    return { true, index, entry };
}

QList<KvRevision> MemoryRegistryStore::kvHistory(const QString &key) const
{
    return m_history.value(key);
}

void MemoryRegistryStore::applyKvRevision(const KvRevision &revision, quint64 createIndex)
{
    auto &history = m_history[revision.key];
    history.append(revision);
    if (revision.deleted) {
        m_kv.remove(revision.key);
    } else {
        KvEntry entry;
        entry.key = revision.key;
        entry.value = revision.value;
        entry.flags = revision.flags;
        entry.createIndex = createIndex;
        entry.modifyIndex = revision.modifyIndex;
        entry.version = revision.version;
        entry.session = revision.session;
        entry.lockIndex = revision.lockIndex;
        m_kv.insert(revision.key, entry);
    }
    m_kvIndex = std::max(m_kvIndex, revision.modifyIndex);
    m_index = std::max(m_index, revision.modifyIndex);
}

void MemoryRegistryStore::applyInstance(const RegistryInstance &instance)
{
    const auto index = bumpIndex();
    auto copy = instance;
    const auto existing = m_instances.constFind(instance.id);
    if (existing != m_instances.cend() && existing->lastHeartbeatMs > copy.lastHeartbeatMs)
        copy.lastHeartbeatMs = existing->lastHeartbeatMs;
    copy.modifyIndex = index;
    if (copy.createIndex == 0)
        copy.createIndex = index;
    touchService(copy.service, index);
    m_instances.insert(copy.id, copy);
    Q_EMIT changed(index);
}

void MemoryRegistryStore::applyInstanceRemoval(const QString &id)
{
    const auto it = m_instances.find(id);
    if (it == m_instances.end())
        return;
    const auto service = it->service;
    m_instances.erase(it);
    const auto index = bumpIndex();
    touchService(service, index);
    Q_EMIT changed(index);
}

void MemoryRegistryStore::persistInstance(const RegistryInstance &instance)
{
    if (m_persistence)
        m_persistence->saveInstance(instance, m_index);
}

void MemoryRegistryStore::persistInstanceRemoval(const RegistryInstance &instance)
{
    if (m_persistence)
        m_persistence->removeInstance(instance.id, m_index);
}

void MemoryRegistryStore::persistLease(const RegistryInstance &)
{
    // Heartbeats are deliberately not written to disk (10 000 instances beat 10 000 times a second).
}

void MemoryRegistryStore::persistKv(const KvRevision &revision, const KvEntry &)
{
    if (m_persistence)
        m_persistence->saveKvRevision(revision);
}

QList<RegistrySession> MemoryRegistryStore::sessions() const
{
    return m_sessions.values();
}

std::optional<RegistrySession> MemoryRegistryStore::session(const QString &id) const
{
    const auto it = m_sessions.constFind(id);
    if (it == m_sessions.cend())
        return std::nullopt;
    return *it;
}

quint64 MemoryRegistryStore::putSession(RegistrySession session)
{
    const auto index = bumpIndex();
    const auto existing = m_sessions.constFind(session.id);
    session.createIndex = existing == m_sessions.cend() ? index : existing->createIndex;
    session.modifyIndex = index;
    m_sessions.insert(session.id, session);
    m_sessionIndex = index;
    persistSession(session);
    Q_EMIT changed(index);
    return index;
}

bool MemoryRegistryStore::removeSession(const QString &id)
{
    if (!m_sessions.remove(id))
        return false;
    const auto index = bumpIndex();
    m_sessionIndex = index;
    persistSessionRemoval(id);
    Q_EMIT changed(index);
    return true;
}

void MemoryRegistryStore::persistSession(const RegistrySession &session)
{
    if (m_persistence)
        m_persistence->saveSession(session, m_index);
}

void MemoryRegistryStore::persistSessionRemoval(const QString &id)
{
    if (m_persistence)
        m_persistence->removeSession(id, m_index);
}
