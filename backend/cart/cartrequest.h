#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QString>

struct HttpRequest;
struct HttpResponse;

// Validation of what clients send to the cart service. Each function either fills its output or fills
// error with the 4xx reply to send; nothing is written before every check passed.
namespace CartRequest {

// "item_id" in a JSON body: a non-empty string of at most CartLimits::maxItemIdBytes UTF-8 bytes.
bool itemId(const QJsonObject &body, QString *itemId, HttpResponse *error);
// The same rules for an item id taken from the path.
bool validItemId(const QString &itemId, HttpResponse *error);
// "quantity" in a JSON body: an integer from 1 to CartLimits::maxRequestQuantity.
bool quantity(const QJsonObject &body, qint64 *quantity, HttpResponse *error);
// A cart id from the path or a create request: letters, digits, '-', '_', '.', at most 64 bytes.
bool validCartId(const QString &cartId, HttpResponse *error);

// If-Match: absent or "*" gives -1 (unconditional); "N", W/"N" give N; anything else is a 400.
bool ifMatch(const HttpRequest &request, qint64 *expectedVersion, HttpResponse *error);
QByteArray etag(qint64 version);

} // namespace CartRequest
