#pragma once

#include <QByteArray>
#include <QList>
#include <QPair>
#include <QString>

class QJsonObject;
class QJsonArray;
class QJsonDocument;

// A complete reply; HttpServer serialises it to the wire.
struct HttpResponse
{
    int status = 200;
    QByteArray body;
    QByteArray contentType = "application/json";
    QList<QPair<QByteArray, QByteArray>> headers;

    static HttpResponse json(const QJsonObject &object, int status = 200);
    static HttpResponse json(const QJsonArray &array, int status = 200);
    static HttpResponse json(const QJsonDocument &document, int status = 200);
    static HttpResponse text(
        const QByteArray &body, const QByteArray &contentType = "text/plain; charset=utf-8", int status = 200);
    static HttpResponse empty(int status = 204);
    // The one error shape of every Flightdeck service: {"error": {"code": ..., "message": ...}}.
    static HttpResponse error(int status, const QString &code, const QString &message);

    HttpResponse &withHeader(const QByteArray &name, const QByteArray &value);
    QByteArray header(const QByteArray &name) const;

    static QByteArray reasonPhrase(int status);
};
