#include "httprequest.h"

#include "httpresponse.h"

#include <QHttpServerRequest>
#include <QJsonDocument>
#include <QJsonParseError>

namespace {

QByteArray methodName(QHttpServerRequest::Method method)
{
    switch (method) {
    case QHttpServerRequest::Method::Get:
        return "GET";
    case QHttpServerRequest::Method::Put:
        return "PUT";
    case QHttpServerRequest::Method::Delete:
        return "DELETE";
    case QHttpServerRequest::Method::Post:
        return "POST";
    case QHttpServerRequest::Method::Head:
        return "HEAD";
    case QHttpServerRequest::Method::Options:
        return "OPTIONS";
    case QHttpServerRequest::Method::Patch:
        return "PATCH";
    case QHttpServerRequest::Method::Connect:
        return "CONNECT";
    case QHttpServerRequest::Method::Trace:
        return "TRACE";
    default:
        return "UNKNOWN";
    }
}

} // namespace

HttpRequest HttpRequest::fromServerRequest(const QHttpServerRequest &request)
{
    HttpRequest result;
    result.method = methodName(request.method());
    const QUrl url = request.url();
    result.path = url.path(QUrl::FullyDecoded);
    // Form encoding, as every HTTP client library writes a query (Python's requests, Go's net/url): a '+'
    // is a space, and a real plus arrives as %2B. QUrlQuery alone would keep the '+'.
    auto query = url.query(QUrl::FullyEncoded);
    query.replace(QLatin1Char('+'), QLatin1String("%20"));
    result.query = QUrlQuery(query);
    result.headers = request.headers();
    result.body = request.body();
    result.remoteAddress = request.remoteAddress();
    return result;
}

QByteArray HttpRequest::header(const QByteArray &name) const
{
    for (const auto &[key, value] : headers) {
        if (key.compare(name, Qt::CaseInsensitive) == 0)
            return value;
    }
    return {};
}

QString HttpRequest::queryValue(const QString &name) const
{
    return query.queryItemValue(name, QUrl::FullyDecoded);
}

bool HttpRequest::jsonObject(QJsonObject *object, HttpResponse *error) const
{
    if (body.trimmed().isEmpty()) {
        *error = HttpResponse::error(
            400, QStringLiteral("empty_body"), QStringLiteral("request body must be a JSON object"));
        return false;
    }
    QJsonParseError parseError;
    const auto document = QJsonDocument::fromJson(body, &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        *error = HttpResponse::error(400, QStringLiteral("malformed_json"),
            QStringLiteral("body is not valid JSON: %1 at offset %2")
                .arg(parseError.errorString())
                .arg(parseError.offset));
        return false;
    }
    if (!document.isObject()) {
        *error
            = HttpResponse::error(400, QStringLiteral("malformed_json"), QStringLiteral("body must be a JSON object"));
        return false;
    }
    *object = document.object();
    return true;
}
