#pragma once

#include "registrytypes.h"

#include <QString>

// Durable storage behind MemoryRegistryStore. Called synchronously on the registry thread after each
// change; load() runs once at start.
class RegistryPersistence
{
public:
    struct Snapshot
    {
        QList<RegistryInstance> instances;
        QList<KvRevision> history; // every KV revision, oldest first; the current values are derived from it
        QList<RegistrySession> sessions;
        quint64 index = 0;
    };

    virtual ~RegistryPersistence() = default;
    virtual bool load(Snapshot *snapshot, QString *error) = 0;
    virtual void saveInstance(const RegistryInstance &instance, quint64 index) = 0;
    virtual void removeInstance(const QString &id, quint64 index) = 0;
    virtual void saveKvRevision(const KvRevision &revision) = 0;
    virtual void saveSession(const RegistrySession &session, quint64 index) = 0;
    virtual void removeSession(const QString &id, quint64 index) = 0;
};
