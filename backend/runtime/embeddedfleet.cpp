#include "embeddedfleet.h"

#include "core/datadir.h"
#include "fleet.h"
#include "registry/registryservice.h"
#include "servicehost.h"
#include "shopfleet.h"

#include <QDir>

namespace {

bool usesExternalRegistry(const EmbeddedFleetOptions &options)
{
    const auto scheme = options.registry.scheme();
    return scheme == QLatin1String("http") || scheme == QLatin1String("https");
}

} // namespace

QUrl fleetRegistryUrl(const EmbeddedFleetOptions &options)
{
    if (usesExternalRegistry(options))
        return options.registry;
    QUrl url;
    url.setScheme(QStringLiteral("http"));
    url.setHost(reachableAddress(options.address).toString());
    url.setPort(options.registryPort);
    return url;
}

ServiceHostConfig registeredInstanceConfig(
    const EmbeddedFleetOptions &options, const QString &service, const QString &instanceId, quint16 port)
{
    ServiceHostConfig config;
    config.serviceName = service;
    config.instanceId = instanceId;
    config.port = port;
    config.registryUrl = fleetRegistryUrl(options);
    config.address = options.address;
    config.limits = options.limits;
    config.access = options.access;
    return config;
}

void populateEmbeddedFleet(Fleet &fleet, const EmbeddedFleetOptions &options)
{
    if (!usesExternalRegistry(options)) {
        RegistryServiceOptions registryOptions;
        if (options.registry.scheme() == QLatin1String("etcd")) {
            QUrl endpoint;
            endpoint.setScheme(QStringLiteral("http"));
            endpoint.setHost(options.registry.host());
            endpoint.setPort(options.registry.port(2379));
            registryOptions.etcdEndpoint = endpoint;
        } else if (!options.dataDir.isEmpty()) {
            registryOptions.sqlitePath = QDir(options.dataDir).filePath(QStringLiteral("registry.sqlite"));
        }
        ServiceHostConfig config;
        config.serviceName = QStringLiteral("registry");
        config.instanceId = QStringLiteral("registry");
        config.port = options.registryPort;
        config.address = options.address;
        config.limits = options.limits;
        config.access = options.access;
        fleet.add(config, [registryOptions] { return std::make_unique<RegistryService>(registryOptions); });
    }
    // The shop's instances register themselves with the registry above and heartbeat until they stop.
    ShopFleetOptions shop;
    shop.cartDatabase = DataDir(options.dataDir).filePath(QStringLiteral("carts.sqlite"));
    shop.cartPort = options.cartPort;
    shop.cartInstances = options.cartInstances;
    shop.registryUrl = fleetRegistryUrl(options);
    shop.address = options.address;
    shop.limits = options.limits;
    shop.access = options.access;
    addShopFleet(fleet, shop);
}
