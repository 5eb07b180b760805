#include "cartrequest.h"

#include "cartstore.h"
#include "http/httprequest.h"
#include "http/httpresponse.h"

#include <cmath>
#include <QJsonValue>
#include <QRegularExpression>

namespace CartRequest {

namespace {

HttpResponse missing(const QString &field)
{
    return HttpResponse::error(400, QStringLiteral("missing_field"), QStringLiteral("'%1' is required").arg(field));
}

HttpResponse wrongType(const QString &field, const QString &expected)
{
    return HttpResponse::error(
        400, QStringLiteral("wrong_type"), QStringLiteral("'%1' must be %2").arg(field, expected));
}

} // namespace

bool validItemId(const QString &itemId, HttpResponse *error)
{
    if (itemId.isEmpty()) {
        *error = HttpResponse::error(422, QStringLiteral("invalid_item_id"), QStringLiteral("'item_id' is empty"));
        return false;
    }
    if (itemId.toUtf8().size() > CartLimits::maxItemIdBytes) {
        *error = HttpResponse::error(422, QStringLiteral("item_id_too_long"),
            QStringLiteral("'item_id' is longer than %1 bytes").arg(CartLimits::maxItemIdBytes));
        return false;
    }
    return true;
}

bool itemId(const QJsonObject &body, QString *itemId, HttpResponse *error)
{
    const auto value = body.value(QStringLiteral("item_id"));
    if (value.isUndefined() || value.isNull()) {
        *error = missing(QStringLiteral("item_id"));
        return false;
    }
    if (!value.isString()) {
        *error = wrongType(QStringLiteral("item_id"), QStringLiteral("a string"));
        return false;
    }
    *itemId = value.toString();
    return validItemId(*itemId, error);
}

bool quantity(const QJsonObject &body, qint64 *quantity, HttpResponse *error)
{
    const auto value = body.value(QStringLiteral("quantity"));
    if (value.isUndefined() || value.isNull()) {
        *error = missing(QStringLiteral("quantity"));
        return false;
    }
    const double number = value.toDouble();
    if (!value.isDouble() || !std::isfinite(number) || std::floor(number) != number) {
        *error = wrongType(QStringLiteral("quantity"), QStringLiteral("an integer"));
        return false;
    }
    if (number < 1 || number > double(CartLimits::maxRequestQuantity)) {
        *error = HttpResponse::error(422, QStringLiteral("invalid_quantity"),
            QStringLiteral("'quantity' must be from 1 to %1").arg(CartLimits::maxRequestQuantity));
        return false;
    }
    *quantity = qint64(number);
    return true;
}

bool validCartId(const QString &cartId, HttpResponse *error)
{
    static const QRegularExpression pattern(QStringLiteral("^[A-Za-z0-9._-]{1,%1}$").arg(CartLimits::maxCartIdBytes));
    if (pattern.match(cartId).hasMatch())
        return true;
    *error = HttpResponse::error(422, QStringLiteral("invalid_cart_id"),
        QStringLiteral("a cart id is 1 to %1 letters, digits, '-', '_' or '.'").arg(CartLimits::maxCartIdBytes));
    return false;
}

bool ifMatch(const HttpRequest &request, qint64 *expectedVersion, HttpResponse *error)
{
    QByteArray value = request.header("if-match").trimmed();
    *expectedVersion = -1;
    if (value.isEmpty() || value == "*")
        return true;
    if (value.startsWith("W/"))
        value = value.mid(2);
    bool ok = false;
    if (value.size() >= 3 && value.startsWith('"') && value.endsWith('"'))
        *expectedVersion = value.mid(1, value.size() - 2).toLongLong(&ok);
    if (!ok || *expectedVersion < 0) {
        *expectedVersion = -1;
        *error = HttpResponse::error(400, QStringLiteral("invalid_if_match"),
            QStringLiteral("If-Match must be one ETag from this service, like \"12\""));
        return false;
    }
    return true;
}

QByteArray etag(qint64 version)
{
    return '"' + QByteArray::number(version) + '"';
}

} // namespace CartRequest
