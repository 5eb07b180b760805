#include "cartdata.h"

#include <QJsonArray>

const CartLineData *CartData::line(const QString &itemId) const
{
    for (const auto &line : lines)
        if (line.itemId == itemId)
            return &line;
    return nullptr;
}

CartData CartData::fromJson(const QJsonObject &object, const QByteArray &etag)
{
    CartData cart;
    cart.id = object.value(QStringLiteral("id")).toString();
    cart.version = object.value(QStringLiteral("version")).toInteger(-1);
    cart.etag = etag;
    cart.itemCount = object.value(QStringLiteral("item_count")).toInteger();
    cart.totalCents = object.value(QStringLiteral("total_cents")).toInteger(-1);
    const QJsonArray itemsJson = object.value(QStringLiteral("items")).toArray();
    for (const auto &value : itemsJson) {
        const auto item = value.toObject();
        CartLineData line;
        line.itemId = item.value(QStringLiteral("item_id")).toString();
        line.name = item.value(QStringLiteral("name")).toString();
        line.quantity = item.value(QStringLiteral("quantity")).toInteger();
        line.unitPriceCents = item.value(QStringLiteral("unit_price_cents")).toInteger(-1);
        line.lineTotalCents = item.value(QStringLiteral("line_total_cents")).toInteger(-1);
        if (!line.itemId.isEmpty())
            cart.lines.append(line);
    }
    return cart;
}

QList<CartSummaryData> CartSummaryData::listFromJson(const QJsonObject &object)
{
    QList<CartSummaryData> carts;
    const QJsonArray cartsJson = object.value(QStringLiteral("carts")).toArray();
    for (const auto &value : cartsJson) {
        const auto item = value.toObject();
        CartSummaryData cart;
        cart.id = item.value(QStringLiteral("id")).toString();
        cart.version = item.value(QStringLiteral("version")).toInteger();
        cart.lines = item.value(QStringLiteral("lines")).toInt();
        cart.updatedAtMs = item.value(QStringLiteral("updated_at_ms")).toInteger();
        if (!cart.id.isEmpty())
            carts.append(cart);
    }
    return carts;
}
