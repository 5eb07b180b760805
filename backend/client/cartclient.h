#pragma once

#include "serviceclient.h"

// Typed calls to the cart service's rich API, load balanced over its instances. Answers arrive as
// ServiceResults (status, JSON body, ETag header) on the client's thread.
class CartClient : public QObject
{
    Q_OBJECT
public:
    using Callback = ServiceClient::Callback;

    CartClient(InstanceSource *source, ServiceClientOptions options = {}, QObject *parent = nullptr);

    ServiceClient &serviceClient() { return *m_client; }

    void listCarts(QObject *context, Callback done);
    void createCart(const QString &cartId, QObject *context, Callback done);
    void getCart(const QString &cartId, QObject *context, Callback done);
    // ifMatch: the ETag the caller last saw, or empty to write unconditionally.
    void addItem(const QString &cartId, const QString &itemId, int quantity, QObject *context, Callback done,
        const QByteArray &ifMatch = {});
    void setQuantity(const QString &cartId, const QString &itemId, int quantity, QObject *context, Callback done,
        const QByteArray &ifMatch = {});
    void removeItem(
        const QString &cartId, const QString &itemId, QObject *context, Callback done, const QByteArray &ifMatch = {});
    void clearCart(const QString &cartId, QObject *context, Callback done, const QByteArray &ifMatch = {});

private:
    void sendWrite(ServiceCall call, const QByteArray &ifMatch, QObject *context, Callback done);

    ServiceClient *m_client;
};
