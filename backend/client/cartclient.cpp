#include "cartclient.h"

#include <QJsonObject>
#include <QUrl>

namespace {

QString segment(const QString &value)
{
    return QString::fromLatin1(QUrl::toPercentEncoding(value));
}

bool decodeCart(const ServiceResult &result, CartData *cart)
{
    if (!result.ok() || result.body.isEmpty())
        return false;
    *cart = CartData::fromJson(result.json(), result.header("ETag"));
    return cart->isValid();
}

} // namespace

CartClient::CartClient(InstanceSource *source, const ServiceClientOptions &options, QObject *parent)
    : QObject(parent)
    , m_client(new ServiceClient(QStringLiteral("cart"), source, options, this))
{ }

void CartClient::listCarts(QObject *context, ListCallback done)
{
    m_client->send(
        ServiceCall::get(QStringLiteral("/carts")), context, [done = std::move(done)](const ServiceResult &result) {
            done(Reply<QList<CartSummaryData>>::from(result, [](const ServiceResult &r, QList<CartSummaryData> *carts) {
                if (!r.ok())
                    return false;
                *carts = CartSummaryData::listFromJson(r.json());
                return true;
            }));
        });
}

void CartClient::createCart(const QString &cartId, QObject *context, CartCallback done)
{
    QJsonObject body;
    if (!cartId.isEmpty())
        body.insert(QStringLiteral("id"), cartId);
    sendCart(ServiceCall::json("POST", QStringLiteral("/carts"), QStringLiteral("/carts"), body), {}, context,
        std::move(done));
}

void CartClient::getCart(const QString &cartId, QObject *context, CartCallback done)
{
    sendCart(ServiceCall::get(QStringLiteral("/carts/") + segment(cartId), QStringLiteral("/carts/{id}")), {}, context,
        std::move(done));
}

void CartClient::addItem(const QString &cartId, const QString &itemId, int quantity, QObject *context,
    CartCallback done, const QByteArray &ifMatch)
{
    sendCart(ServiceCall::json("POST", QStringLiteral("/carts/%1/items").arg(segment(cartId)),
                 QStringLiteral("/carts/{id}/items"),
                 { { QStringLiteral("item_id"), itemId }, { QStringLiteral("quantity"), quantity } }),
        ifMatch, context, std::move(done));
}

void CartClient::setQuantity(const QString &cartId, const QString &itemId, int quantity, QObject *context,
    CartCallback done, const QByteArray &ifMatch)
{
    sendCart(ServiceCall::json("PUT", QStringLiteral("/carts/%1/items/%2").arg(segment(cartId), segment(itemId)),
                 QStringLiteral("/carts/{id}/items/{item_id}"), { { QStringLiteral("quantity"), quantity } }),
        ifMatch, context, std::move(done));
}

void CartClient::removeItem(
    const QString &cartId, const QString &itemId, QObject *context, CartCallback done, const QByteArray &ifMatch)
{
    ServiceCall call;
    call.method = "DELETE";
    call.path = QStringLiteral("/carts/%1/items/%2").arg(segment(cartId), segment(itemId));
    call.route = QStringLiteral("/carts/{id}/items/{item_id}");
    call.idempotent = true;
    sendCart(call, ifMatch, context, std::move(done));
}

void CartClient::clearCart(const QString &cartId, QObject *context, CartCallback done, const QByteArray &ifMatch)
{
    ServiceCall call;
    call.method = "DELETE";
    call.path = QStringLiteral("/carts/") + segment(cartId);
    call.route = QStringLiteral("/carts/{id}");
    call.idempotent = true;
    sendCart(call, ifMatch, context, std::move(done));
}

void CartClient::sendCart(ServiceCall call, const QByteArray &ifMatch, QObject *context, CartCallback done)
{
    if (!ifMatch.isEmpty())
        call.headers.append(qMakePair(QByteArray("If-Match"), ifMatch));
    m_client->send(call, context,
        [done = std::move(done)](const ServiceResult &result) { done(Reply<CartData>::from(result, decodeCart)); });
}
