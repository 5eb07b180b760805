#pragma once

#include "client/catalogitem.h"
#include "http/service.h"

#include <QHash>

// The item catalog the cart calls to validate item ids and to price lines. Read-only over HTTP and held in
// memory: every instance starts from the same seeded set, so any instance can answer any lookup.
class CatalogService : public Service
{
public:
    explicit CatalogService(QList<CatalogItem> items = seededCatalogItems());

    bool start(ServiceContext &context, QString *error) override;

private:
    QList<CatalogItem> m_items;
    QHash<QString, QByteArray> m_itemBodies; // id -> rendered JSON, items never change while serving
    QByteArray m_listBody;
};
