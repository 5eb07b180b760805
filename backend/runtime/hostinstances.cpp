#include "hostinstances.h"

#include "client/discoveryclient.h"
#include "client/staticinstancesource.h"
#include "servicehost.h"

#include <QHash>

QList<ServiceInstance> instancesOf(const QList<ServiceHost *> &hosts)
{
    QList<ServiceInstance> instances;
    for (auto *host : hosts) {
        const quint16 port = host->port();
        if (port == 0)
            continue;
        ServiceInstance instance;
        instance.id = host->instanceId();
        instance.service = host->serviceName();
        instance.address = reachableAddress(host->config().address).toString();
        instance.port = port;
        instances.append(instance);
    }
    return instances;
}

std::function<std::unique_ptr<InstanceSource>()> staticInstanceSourceOf(const QList<ServiceHost *> &hosts)
{
    return [hosts]() -> std::unique_ptr<InstanceSource> {
        QHash<QString, QList<ServiceInstance>> byService;
        for (const auto &instance : instancesOf(hosts))
            byService[instance.service].append(instance);
        auto source = std::make_unique<StaticInstanceSource>();
        for (auto it = byService.constBegin(); it != byService.constEnd(); ++it)
            source->setInstances(it.key(), it.value());
        return source;
    };
}

std::function<std::unique_ptr<InstanceSource>()> discoveryInstanceSourceOf(
    const QUrl &registry, const QStringList &services)
{
    return [registry, services]() -> std::unique_ptr<InstanceSource> {
        auto discovery = std::make_unique<DiscoveryClient>(registry);
        for (const auto &service : services)
            discovery->watch(service);
        return discovery;
    };
}

std::function<std::unique_ptr<InstanceSource>()> instanceSourceFor(
    const QUrl &registry, const QList<ServiceHost *> &hosts)
{
    if (!registry.isValid())
        return staticInstanceSourceOf(hosts);
    QStringList services;
    for (const auto *host : hosts) {
        if (!services.contains(host->serviceName()))
            services.append(host->serviceName());
    }
    return discoveryInstanceSourceOf(registry, services);
}
