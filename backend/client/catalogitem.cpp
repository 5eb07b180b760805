#include "catalogitem.h"

QJsonObject CatalogItem::toJson() const
{
    return QJsonObject { { QStringLiteral("id"), id }, { QStringLiteral("name"), name },
        { QStringLiteral("price_cents"), priceCents }, { QStringLiteral("price"), double(priceCents) / 100.0 },
        { QStringLiteral("stock"), stock } };
}

bool CatalogItem::fromJson(const QJsonObject &object, CatalogItem *item)
{
    const auto id = object.value(QStringLiteral("id"));
    const auto price = object.value(QStringLiteral("price_cents"));
    if (!id.isString() || !price.isDouble())
        return false;
    item->id = id.toString();
    item->name = object.value(QStringLiteral("name")).toString();
    item->priceCents = qint64(price.toDouble());
    item->stock = object.value(QStringLiteral("stock")).toInt();
    return true;
}

QList<CatalogItem> seededCatalogItems()
{
    struct Seed
    {
        const char *name;
        qint64 cents;
    };
    // A small outdoor and kitchen shop; ids are stable SKUs so carts survive restarts.
    static const Seed seeds[] = {
        { "Trail running shoes", 11999 },
        { "Merino wool socks (3 pack)", 2499 },
        { "Waterproof shell jacket", 18900 },
        { "Insulated water bottle 750 ml", 2995 },
        { "Headlamp 400 lumen", 3950 },
        { "Ultralight tent 2P", 34900 },
        { "Down sleeping bag -5 °C", 27900 },
        { "Sleeping pad, inflatable", 12950 },
        { "Trekking poles (pair)", 8999 },
        { "Daypack 22 L", 7450 },
        { "Camp stove, canister", 5495 },
        { "Titanium spork", 1295 },
        { "Water filter, squeeze", 3899 },
        { "First aid kit, trail", 2750 },
        { "Sun hat, wide brim", 2299 },
        { "Polarized sunglasses", 6900 },
        { "Chef's knife 20 cm", 8900 },
        { "Cast iron skillet 26 cm", 4595 },
        { "Pour-over coffee dripper", 2400 },
        { "Burr coffee grinder", 14900 },
        { "Espresso beans 1 kg", 2850 },
        { "Loose leaf green tea 250 g", 1650 },
        { "Stainless mixing bowls (3)", 3299 },
        { "Cutting board, walnut", 5900 },
        { "Digital kitchen scale", 2199 },
        { "Silicone spatula set", 1499 },
        { "Dutch oven 5.5 L", 9900 },
        { "Linen apron", 3400 },
        { "Bamboo utensil set", 1899 },
        { "Glass storage jars (6)", 3650 },
        { "Hand-thrown ceramic mug", 2800 },
        { "Wool throw blanket", 7900 },
        { "Reading lamp, brass", 11500 },
        { "Notebook, dotted A5", 1350 },
        { "Fountain pen, steel nib", 3200 },
        { "Bottled ink 50 ml", 1450 },
        { "Canvas tote bag", 1800 },
        { "Wireless earbuds", 12900 },
        { "USB-C charger 65 W", 4499 },
        { "Power bank 20 000 mAh", 5499 },
    };
    QList<CatalogItem> items;
    int index = 0;
    for (const auto &seed : seeds) {
        CatalogItem item;
        item.id = QStringLiteral("sku-%1").arg(1001 + index);
        item.name = QString::fromUtf8(seed.name);
        item.priceCents = seed.cents;
        // Deterministic but varied stock levels, a few of them sold out.
        item.stock = (index * 37 + 11) % 120;
        items.append(item);
        ++index;
    }
    return items;
}
