#pragma once

#include "serviceinstance.h"

#include <memory>
#include <mutex>
#include <QHash>
#include <QList>
#include <QString>

// The instances the console knows of right now, readable from any thread: discovery (on the thread that
// owns it) publishes each service's list, and readers on other threads (the log intake) look names up
// without a round trip to the registry. A reader takes the current snapshot under a short mutex and then
// reads it without any lock; a publisher builds a new snapshot and swaps it in, so readers never wait for
// a rebuild.
class InstanceDirectory
{
public:
    struct Entry
    {
        QString id;
        QString service;
        QString address;
    };

    // An immutable view; lookups are case-insensitive (syslog senders rarely agree on case).
    class Snapshot
    {
    public:
        const Entry *instance(const QString &id) const;
        // The service's instances, or null when no service has that name.
        const QList<Entry> *service(const QString &name) const;
        bool isEmpty() const { return m_instances.isEmpty() && m_services.isEmpty(); }

    private:
        friend class InstanceDirectory;
        QHash<QString, Entry> m_instances; // lower-case id → entry
        QHash<QString, QList<Entry>> m_services; // lower-case service name → its instances
    };

    // Replaces what is known of one service (an empty list keeps the service name known, with no instances).
    void setInstances(const QString &service, const QList<ServiceInstance> &instances);
    void removeService(const QString &service);
    std::shared_ptr<const Snapshot> snapshot() const;

private:
    void rebuild();

    QHash<QString, QList<Entry>> m_byService; // written by the publisher only, under m_publish
    mutable std::mutex m_publish;
    mutable std::mutex m_mutex; // guards m_current only, held for a pointer copy
    std::shared_ptr<const Snapshot> m_current = std::make_shared<const Snapshot>();
};
