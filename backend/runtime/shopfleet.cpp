#include "shopfleet.h"

#include "cart/cartservice.h"
#include "catalog/catalogservice.h"
#include "fleet.h"
#include "hostinstances.h"
#include "traffic/trafficservice.h"

namespace {

ServiceHostConfig hostConfig(const ShopFleetOptions &options, const QString &service, const QString &instanceId)
{
    ServiceHostConfig config;
    config.registryUrl = options.registryUrl;
    config.serviceName = service;
    config.instanceId = instanceId;
    config.address = options.address;
    config.limits = options.limits;
    config.access = options.access;
    return config;
}

} // namespace

ShopFleetHosts addShopFleet(Fleet &fleet, const ShopFleetOptions &options)
{
    ShopFleetHosts hosts;
    for (int i = 1; i <= options.catalogInstances; ++i) {
        const auto config = hostConfig(options, QStringLiteral("catalog"), QStringLiteral("catalog-%1").arg(i));
        hosts.catalogs.append(fleet.add(config, [] { return std::make_unique<CatalogService>(); }));
    }
    const auto catalogSource = instanceSourceFor(options.registryUrl, hosts.catalogs);
    const auto storeFactory = sqliteCartStoreFactory(options.cartDatabase);
    for (int i = 1; i <= options.cartInstances; ++i) {
        auto config = hostConfig(options, QStringLiteral("cart"), QStringLiteral("cart-%1").arg(i));
        config.port = i == 1 ? options.cartPort : 0;
        hosts.carts.append(fleet.add(config, [catalogSource, storeFactory] {
            CartServiceOptions cart;
            cart.store = storeFactory;
            cart.catalogInstances = catalogSource;
            return std::make_unique<CartService>(cart);
        }));
    }
    if (options.traffic) {
        const auto config = hostConfig(options, QStringLiteral("traffic"), QStringLiteral("traffic-1"));
        const auto everything = instanceSourceFor(options.registryUrl, hosts.catalogs + hosts.carts);
        const double rate = options.trafficRate;
        const auto token = options.access.token;
        hosts.traffic = fleet.add(config, [everything, rate, token] {
            TrafficOptions traffic;
            traffic.rate = rate;
            traffic.accessToken = token;
            traffic.instances = everything;
            return std::make_unique<TrafficService>(traffic);
        });
    }
    return hosts;
}
