#include "cartclient.h"

#include <QJsonObject>
#include <QUrl>

namespace {

QString segment(const QString &value)
{
    return QString::fromLatin1(QUrl::toPercentEncoding(value));
}

} // namespace

CartClient::CartClient(InstanceSource *source, ServiceClientOptions options, QObject *parent)
    : QObject(parent)
    , m_client(new ServiceClient(QStringLiteral("cart"), source, options, this))
{ }

void CartClient::listCarts(QObject *context, Callback done)
{
    m_client->send(ServiceCall::get(QStringLiteral("/carts")), context, std::move(done));
}

void CartClient::createCart(const QString &cartId, QObject *context, Callback done)
{
    QJsonObject body;
    if (!cartId.isEmpty())
        body.insert(QStringLiteral("id"), cartId);
    m_client->send(
        ServiceCall::json("POST", QStringLiteral("/carts"), QStringLiteral("/carts"), body), context, std::move(done));
}

void CartClient::getCart(const QString &cartId, QObject *context, Callback done)
{
    m_client->send(ServiceCall::get(QStringLiteral("/carts/") + segment(cartId), QStringLiteral("/carts/{id}")),
        context, std::move(done));
}

void CartClient::addItem(const QString &cartId, const QString &itemId, int quantity, QObject *context, Callback done,
    const QByteArray &ifMatch)
{
    sendWrite(ServiceCall::json("POST", QStringLiteral("/carts/%1/items").arg(segment(cartId)),
                  QStringLiteral("/carts/{id}/items"),
                  { { QStringLiteral("item_id"), itemId }, { QStringLiteral("quantity"), quantity } }),
        ifMatch, context, std::move(done));
}

void CartClient::setQuantity(const QString &cartId, const QString &itemId, int quantity, QObject *context,
    Callback done, const QByteArray &ifMatch)
{
    sendWrite(ServiceCall::json("PUT", QStringLiteral("/carts/%1/items/%2").arg(segment(cartId), segment(itemId)),
                  QStringLiteral("/carts/{id}/items/{item_id}"), { { QStringLiteral("quantity"), quantity } }),
        ifMatch, context, std::move(done));
}

void CartClient::removeItem(
    const QString &cartId, const QString &itemId, QObject *context, Callback done, const QByteArray &ifMatch)
{
    ServiceCall call;
    call.method = "DELETE";
    call.path = QStringLiteral("/carts/%1/items/%2").arg(segment(cartId), segment(itemId));
    call.route = QStringLiteral("/carts/{id}/items/{item_id}");
    call.idempotent = true;
    sendWrite(call, ifMatch, context, std::move(done));
}

void CartClient::clearCart(const QString &cartId, QObject *context, Callback done, const QByteArray &ifMatch)
{
    ServiceCall call;
    call.method = "DELETE";
    call.path = QStringLiteral("/carts/") + segment(cartId);
    call.route = QStringLiteral("/carts/{id}");
    call.idempotent = true;
    sendWrite(call, ifMatch, context, std::move(done));
}

void CartClient::sendWrite(ServiceCall call, const QByteArray &ifMatch, QObject *context, Callback done)
{
    if (!ifMatch.isEmpty())
        call.headers.append(qMakePair(QByteArray("If-Match"), ifMatch));
    m_client->send(call, context, std::move(done));
}
