#include "shopfleet.h"

#include "cart/cartservice.h"
#include "catalog/catalogservice.h"
#include "fleet.h"
#include "hostinstances.h"
#include "traffic/trafficservice.h"

ShopFleetHosts addShopFleet(Fleet &fleet, const ShopFleetOptions &options)
{
    ShopFleetHosts hosts;
    for (int i = 1; i <= options.catalogInstances; ++i) {
        ServiceHostConfig config;
        config.registryUrl = options.registryUrl;
        config.serviceName = QStringLiteral("catalog");
        config.instanceId = QStringLiteral("catalog-%1").arg(i);
        hosts.catalogs.append(fleet.add(config, [] { return std::make_unique<CatalogService>(); }));
    }
    const auto catalogSource = staticInstanceSourceOf(hosts.catalogs);
    const auto storeFactory = sqliteCartStoreFactory(options.cartDatabase);
    for (int i = 1; i <= options.cartInstances; ++i) {
        ServiceHostConfig config;
        config.registryUrl = options.registryUrl;
        config.serviceName = QStringLiteral("cart");
        config.instanceId = QStringLiteral("cart-%1").arg(i);
        config.port = i == 1 ? options.cartPort : 0;
        hosts.carts.append(fleet.add(config, [catalogSource, storeFactory] {
            CartServiceOptions cart;
            cart.store = storeFactory;
            cart.catalogInstances = catalogSource;
            return std::make_unique<CartService>(cart);
        }));
    }
    if (options.traffic) {
        ServiceHostConfig config;
        config.registryUrl = options.registryUrl;
        config.serviceName = QStringLiteral("traffic");
        config.instanceId = QStringLiteral("traffic-1");
        const auto everything = staticInstanceSourceOf(hosts.catalogs + hosts.carts);
        const double rate = options.trafficRate;
        hosts.traffic = fleet.add(config, [everything, rate] {
            TrafficOptions traffic;
            traffic.rate = rate;
            traffic.instances = everything;
            return std::make_unique<TrafficService>(traffic);
        });
    }
    return hosts;
}
