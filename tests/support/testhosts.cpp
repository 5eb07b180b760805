#include "testhosts.h"

namespace TestHosts {

std::unique_ptr<ServiceHost> make(const QString &service, const QString &id, ServiceFactory factory)
{
    ServiceHostConfig config;
    config.serviceName = service;
    config.instanceId = id;
    return std::make_unique<ServiceHost>(config, std::move(factory));
}

ServiceInstance instanceOf(const ServiceHost &host)
{
    return ServiceInstance { host.instanceId(), host.serviceName(), QStringLiteral("127.0.0.1"), host.port(), 1, true };
}

QUrl urlOf(const ServiceHost &host, const QString &path, const QString &query)
{
    auto url = host.baseUrl();
    url.setPath(path);
    if (!query.isEmpty())
        url.setQuery(query);
    return url;
}

} // namespace TestHosts
