// libFuzzer target: what the cart service does with a request body and headers before anything is
// written: JSON parsing, item id, quantity, cart id and If-Match validation. Refusals must be 4xx replies
// with the JSON error shape; accepted values must be within the documented limits.
#include "cart/cartrequest.h"
#include "cart/cartstore.h"
#include "http/httprequest.h"
#include "http/httpresponse.h"

#include <cstdint>
#include <cstdlib>
#include <QJsonDocument>

namespace {

void checkRefusal(const HttpResponse &error)
{
    if (error.status < 400 || error.status > 499)
        std::abort();
    const auto body = QJsonDocument::fromJson(error.body).object();
    if (!body.value(QStringLiteral("error")).toObject().value(QStringLiteral("code")).isString())
        std::abort();
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray input(reinterpret_cast<const char *>(data), qsizetype(size));
    // First line: an If-Match header value; the rest: the body.
    const auto newline = input.indexOf('\n');
    HttpRequest request;
    request.method = "POST";
    if (newline >= 0) {
        request.headers.append({ "If-Match", input.left(newline) });
        request.body = input.mid(newline + 1);
    } else {
        request.body = input;
    }
    HttpResponse error;
    qint64 expected = 0;
    if (CartRequest::ifMatch(request, &expected, &error)) {
        if (expected < -1)
            std::abort();
    } else {
        checkRefusal(error);
    }
    QJsonObject body;
    if (!request.jsonObject(&body, &error)) {
        checkRefusal(error);
        return 0;
    }
    QString itemId;
    if (CartRequest::itemId(body, &itemId, &error)) {
        if (itemId.isEmpty() || itemId.toUtf8().size() > CartLimits::maxItemIdBytes)
            std::abort();
    } else {
        checkRefusal(error);
    }
    qint64 quantity = 0;
    if (CartRequest::quantity(body, &quantity, &error)) {
        if (quantity < 1 || quantity > CartLimits::maxRequestQuantity)
            std::abort();
    } else {
        checkRefusal(error);
    }
    const auto id = body.value(QStringLiteral("id")).toString();
    if (CartRequest::validCartId(id, &error)) {
        if (id.isEmpty() || id.toUtf8().size() > CartLimits::maxCartIdBytes)
            std::abort();
    } else {
        checkRefusal(error);
    }
    return 0;
}
