#include "instancedirectory.h"

const InstanceDirectory::Entry *InstanceDirectory::Snapshot::instance(const QString &id) const
{
    const auto it = m_instances.constFind(id.toLower());
    return it == m_instances.constEnd() ? nullptr : &*it;
}

const QList<InstanceDirectory::Entry> *InstanceDirectory::Snapshot::service(const QString &name) const
{
    const auto it = m_services.constFind(name.toLower());
    return it == m_services.constEnd() ? nullptr : &*it;
}

void InstanceDirectory::setInstances(const QString &service, const QList<ServiceInstance> &instances)
{
    std::lock_guard lock(m_publish);
    QList<Entry> entries;
    entries.reserve(instances.size());
    for (const auto &instance : instances)
        entries.append({ instance.id, instance.service.isEmpty() ? service : instance.service, instance.address });
    m_byService.insert(service, entries);
    rebuild();
}

void InstanceDirectory::removeService(const QString &service)
{
    std::lock_guard lock(m_publish);
    if (m_byService.remove(service) > 0)
        rebuild();
}

std::shared_ptr<const InstanceDirectory::Snapshot> InstanceDirectory::snapshot() const
{
    std::lock_guard lock(m_mutex);
    return m_current;
}

void InstanceDirectory::rebuild()
{
    // A few hundred instances at most, rebuilt only when discovery reports a change.
    auto next = std::make_shared<Snapshot>();
    for (auto it = m_byService.constBegin(); it != m_byService.constEnd(); ++it) {
        next->m_services.insert(it.key().toLower(), it.value());
        for (const auto &entry : it.value())
            next->m_instances.insert(entry.id.toLower(), entry);
    }
    std::shared_ptr<const Snapshot> published = std::move(next);
    std::lock_guard lock(m_mutex);
    m_current.swap(published);
}
