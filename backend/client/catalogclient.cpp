#include "catalogclient.h"

#include <QJsonArray>
#include <QUrl>

CatalogClient::CatalogClient(InstanceSource *source, const ServiceClientOptions &options, QObject *parent)
    : QObject(parent)
    , m_client(new ServiceClient(QStringLiteral("catalog"), source, options, this))
{ }

void CatalogClient::listItems(QObject *context, ItemsCallback done)
{
    m_client->send(
        ServiceCall::get(QStringLiteral("/items")), context, [done = std::move(done)](const ServiceResult &result) {
            done(Reply<QList<CatalogItem>>::from(result, [](const ServiceResult &r, QList<CatalogItem> *items) {
                if (!r.ok())
                    return false;
                const QJsonArray itemsJson = r.json().value(QStringLiteral("items")).toArray();
                for (const auto &value : itemsJson) {
                    CatalogItem item;
                    if (CatalogItem::fromJson(value.toObject(), &item))
                        items->append(item);
                }
                return true;
            }));
        });
}

void CatalogClient::item(const QString &itemId, QObject *context, ItemCallback done)
{
    const QString path = QStringLiteral("/items/") + QString::fromLatin1(QUrl::toPercentEncoding(itemId));
    m_client->send(ServiceCall::get(path, QStringLiteral("/items/{id}")), context,
        [done = std::move(done)](const ServiceResult &result) {
            done(Reply<CatalogItem>::from(result, [](const ServiceResult &r, CatalogItem *item) {
                return r.ok() && CatalogItem::fromJson(r.json(), item);
            }));
        });
}
