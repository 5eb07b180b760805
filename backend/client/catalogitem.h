#pragma once

#include <QJsonObject>
#include <QList>
#include <QString>

// One thing a shopper can buy. Prices are integer cents so totals never suffer from floating point.
struct CatalogItem
{
    QString id;
    QString name;
    qint64 priceCents = 0;
    int stock = 0;

    QJsonObject toJson() const;
    // Accepts what toJson() writes; false when a required field is missing or has the wrong type.
    static bool fromJson(const QJsonObject &object, CatalogItem *item);
};

// The items a fresh catalog starts with: deterministic, so tests and screenshots see the same shop.
QList<CatalogItem> seededCatalogItems();
