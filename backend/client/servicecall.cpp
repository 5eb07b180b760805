#include "servicecall.h"

#include <QCoreApplication>
#include <QJsonDocument>

ServiceCall ServiceCall::get(const QString &path, const QString &route)
{
    ServiceCall call;
    call.method = "GET";
    call.path = path;
    call.route = route.isEmpty() ? path : route;
    call.idempotent = true;
    return call;
}

ServiceCall ServiceCall::json(
    const QByteArray &method, const QString &path, const QString &route, const QJsonObject &body)
{
    ServiceCall call;
    call.method = method;
    call.path = path;
    call.route = route.isEmpty() ? path : route;
    call.body = QJsonDocument(body).toJson(QJsonDocument::Compact);
    call.headers.append(qMakePair(QByteArray("Content-Type"), QByteArray("application/json")));
    call.idempotent = method == "GET" || method == "PUT" || method == "DELETE";
    return call;
}

QByteArray ServiceResult::header(const QByteArray &name) const
{
    for (const auto &[key, value] : headers) {
        if (key.compare(name, Qt::CaseInsensitive) == 0)
            return value;
    }
    return {};
}

QJsonObject ServiceResult::json() const
{
    return QJsonDocument::fromJson(body).object();
}

QString ServiceResult::errorText() const
{
    const auto message = json().value(QStringLiteral("error")).toObject().value(QStringLiteral("message")).toString();
    if (!message.isEmpty())
        return QStringLiteral("%1 (HTTP %2)").arg(message).arg(status);
    if (status == 0)
        return error.isEmpty() ? QCoreApplication::translate("ServiceResult", "no answer") : error;
    return QStringLiteral("HTTP %1").arg(status);
}
