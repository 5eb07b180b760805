#pragma once

#include <QByteArray>
#include <QHash>
#include <QHostAddress>
#include <QJsonObject>
#include <QList>
#include <QPair>
#include <QString>
#include <QUrlQuery>

class QHttpServerRequest;
struct HttpResponse;

// A request as handlers see it: a plain value, safe to copy into asynchronous continuations.
struct HttpRequest
{
    QByteArray method;
    QString path;
    QUrlQuery query;
    QList<QPair<QByteArray, QByteArray>> headers;
    QByteArray body;
    QHostAddress remoteAddress;
    QHash<QString, QString> pathParams;

    static HttpRequest fromServerRequest(const QHttpServerRequest &request);

    // Case-insensitive header lookup; empty when absent.
    QByteArray header(const QByteArray &name) const;
    QString pathParam(const QString &name) const { return pathParams.value(name); }
    QString queryValue(const QString &name) const;
    bool hasQueryItem(const QString &name) const { return query.hasQueryItem(name); }

    // Parses the body as a JSON object. On failure fills error with a 400 reply that says what is wrong.
    bool jsonObject(QJsonObject *object, HttpResponse *error) const;
};
