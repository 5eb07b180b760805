#pragma once

#include "cartdata.h"
#include "reply.h"
#include "serviceclient.h"

// Typed calls to the cart service's rich API, load balanced over its instances. Answers arrive decoded
// (Reply<CartData>: the cart as the write left it, its ETag) on the client's thread; no caller parses the
// service's JSON.
class CartClient : public QObject
{
    Q_OBJECT
public:
    using CartCallback = std::function<void(const Reply<CartData> &)>;
    using ListCallback = std::function<void(const Reply<QList<CartSummaryData>> &)>;

    CartClient(InstanceSource *source, const ServiceClientOptions &options = {}, QObject *parent = nullptr);

    ServiceClient &serviceClient() { return *m_client; }

    void listCarts(QObject *context, ListCallback done);
    void createCart(const QString &cartId, QObject *context, CartCallback done);
    void getCart(const QString &cartId, QObject *context, CartCallback done);
    // ifMatch: the ETag the caller last saw, or empty to write unconditionally.
    void addItem(const QString &cartId, const QString &itemId, int quantity, QObject *context, CartCallback done,
        const QByteArray &ifMatch = {});
    void setQuantity(const QString &cartId, const QString &itemId, int quantity, QObject *context, CartCallback done,
        const QByteArray &ifMatch = {});
    void removeItem(const QString &cartId, const QString &itemId, QObject *context, CartCallback done,
        const QByteArray &ifMatch = {});
    // The cart's answer to a clear is the emptied cart (or 204 without a body, then value is not decoded).
    void clearCart(const QString &cartId, QObject *context, CartCallback done, const QByteArray &ifMatch = {});

private:
    void sendCart(ServiceCall call, const QByteArray &ifMatch, QObject *context, CartCallback done);

    ServiceClient *m_client;
};
