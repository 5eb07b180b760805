#include "hostinstances.h"

#include "client/staticinstancesource.h"
#include "servicehost.h"

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
        instance.address = host->config().address.toString();
        instance.port = port;
        instances.append(instance);
    }
    return instances;
}

std::function<std::unique_ptr<InstanceSource>()> staticInstanceSourceOf(
    const QString &service, const QList<ServiceHost *> &hosts)
{
    return [service, hosts]() -> std::unique_ptr<InstanceSource> {
        auto source = std::make_unique<StaticInstanceSource>();
        source->setInstances(service, instancesOf(hosts));
        return source;
    };
}
