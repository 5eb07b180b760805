#include "registryhttp.h"

#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QPointer>

QByteArray RegistryAnswer::header(const QByteArray &name) const
{
    for (const auto &[key, value] : headers)
        if (key.compare(name, Qt::CaseInsensitive) == 0)
            return value;
    return {};
}

QString RegistryAnswer::errorText() const
{
    const auto message
        = json().object().value(QStringLiteral("error")).toObject().value(QStringLiteral("message")).toString();
    if (!message.isEmpty())
        return QStringLiteral("%1 (HTTP %2)").arg(message).arg(status);
    if (status == 0)
        return error;
    return QStringLiteral("HTTP %1").arg(status);
}

RegistryHttp::RegistryHttp(const QUrl &baseUrl, QObject *parent)
    : QObject(parent)
    , m_base(baseUrl)
    , m_manager(new QNetworkAccessManager(this))
{ }

void RegistryHttp::send(const QByteArray &method, const QString &path, const QUrlQuery &query, const QByteArray &body,
    QObject *context, Callback done, int timeoutMs)
{
    QUrl url = m_base;
    url.setPath(path);
    url.setQuery(query);
    QNetworkRequest request(url);
    request.setTransferTimeout(timeoutMs);
    if (!body.isEmpty() || method == "PUT" || method == "POST")
        request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/octet-stream"));
    if (!m_token.isEmpty())
        request.setRawHeader("X-Consul-Token", m_token);
    QNetworkReply *reply
        = method == "GET" ? m_manager->get(request) : m_manager->sendCustomRequest(request, method, body);
    QPointer<QObject> target(context);
    connect(reply, &QNetworkReply::finished, this, [reply, target, done = std::move(done)] {
        reply->deleteLater();
        if (!target)
            return;
        RegistryAnswer answer;
        answer.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        answer.body = reply->readAll();
        answer.headers = reply->rawHeaderPairs();
        if (answer.status == 0)
            answer.error = reply->errorString();
        done(answer);
    });
}
