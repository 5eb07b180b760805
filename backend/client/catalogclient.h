#pragma once

#include "catalogitem.h"
#include "reply.h"
#include "serviceclient.h"

// Typed calls to the catalog service, load balanced over its instances: what the shop sells, decoded.
class CatalogClient : public QObject
{
    Q_OBJECT
public:
    using ItemsCallback = std::function<void(const Reply<QList<CatalogItem>> &)>;
    using ItemCallback = std::function<void(const Reply<CatalogItem> &)>;

    CatalogClient(InstanceSource *source, const ServiceClientOptions &options = {}, QObject *parent = nullptr);

    ServiceClient &serviceClient() { return *m_client; }

    // GET /items: every item; entries the catalog sent malformed are left out.
    void listItems(QObject *context, ItemsCallback done);
    void item(const QString &itemId, QObject *context, ItemCallback done);

private:
    ServiceClient *m_client;
};
