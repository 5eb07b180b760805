#include "testhosts.h"

namespace TestHosts {

std::unique_ptr<ServiceHost> make(const QString &service, const QString &id, ServiceFactory factory)
{
    ServiceHostConfig config;
    config.serviceName = service;
    config.instanceId = id;
    return std::make_unique<ServiceHost>(config, std::move(factory));
}

std::unique_ptr<ServiceHost> startRegistry(const RegistryServiceOptions &options, quint16 port)
{
    ServiceHostConfig config;
    config.serviceName = QStringLiteral("registry");
    config.instanceId = QStringLiteral("registry");
    config.port = port;
    config.limits.drainTimeoutMs = 1000;
    auto host = std::make_unique<ServiceHost>(config, [options] { return std::make_unique<RegistryService>(options); });
    QString error;
    if (!host->start(&error)) {
        qWarning("registry did not start: %s", qPrintable(error));
        return nullptr;
    }
    return host;
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
