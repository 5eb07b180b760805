#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QString>

// The cart service's answers as values (CartClient decodes them). Prices are integer cents, as the service
// sends them; -1 means "not known" (the catalog could not price the line).

struct CartLineData
{
    QString itemId;
    QString name;
    qint64 quantity = 0;
    qint64 unitPriceCents = -1;
    qint64 lineTotalCents = -1;
    bool operator==(const CartLineData &) const = default;
};

struct CartData
{
    QString id;
    qint64 version = -1;
    QByteArray etag;
    QList<CartLineData> lines;
    qint64 totalCents = -1;
    qint64 itemCount = 0;

    bool isValid() const { return !id.isEmpty(); }
    const CartLineData *line(const QString &itemId) const;
    // GET /carts/{id} (and every write's answer); etag from the ETag header.
    static CartData fromJson(const QJsonObject &object, const QByteArray &etag);
};

struct CartSummaryData
{
    QString id;
    qint64 version = 0;
    int lines = 0;
    qint64 updatedAtMs = 0;
    bool operator==(const CartSummaryData &) const = default;
    // GET /carts: {"carts":[{"id","version","lines","updated_at_ms"}]}
    static QList<CartSummaryData> listFromJson(const QJsonObject &object);
};
