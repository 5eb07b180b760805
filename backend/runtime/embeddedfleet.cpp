#include "embeddedfleet.h"

#include "core/datadir.h"
#include "fleet.h"
#include "shopfleet.h"

void populateEmbeddedFleet(Fleet &fleet, const EmbeddedFleetOptions &options)
{
    ShopFleetOptions shop;
    shop.cartDatabase = DataDir(options.dataDir).filePath(QStringLiteral("carts.sqlite"));
    shop.cartPort = options.cartPort;
    shop.cartInstances = options.cartInstances;
    addShopFleet(fleet, shop);
}
