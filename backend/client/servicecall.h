#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QPair>
#include <QString>

using HeaderList = QList<QPair<QByteArray, QByteArray>>;

// One logical call to a service; the client may send it to several instances before it has an answer.
struct ServiceCall
{
    QByteArray method = "GET";
    QString path; // percent-encoded, "/carts/c1/items"; may carry a query
    QString route; // the pattern for metrics, "/carts/{id}/items"; defaults to path
    QByteArray body;
    HeaderList headers;
    // Whether resending after a connection broke mid-call is safe. A refused connection or a 503 is always
    // retried (the instance did not act on it); a dropped connection only when this is true.
    bool idempotent = false;

    static ServiceCall get(const QString &path, const QString &route = {});
    static ServiceCall json(
        const QByteArray &method, const QString &path, const QString &route, const QJsonObject &body);
};

// What the caller finally gets. status 0 means no HTTP answer from any instance (see error).
struct ServiceResult
{
    int status = 0;
    QByteArray body;
    HeaderList headers;
    QString instanceId; // the instance that answered last
    QString error;
    int attempts = 0;

    bool ok() const { return status >= 200 && status < 300; }
    QByteArray header(const QByteArray &name) const;
    QJsonObject json() const;
    // For people: the service's own {"error":{"message"}} with the status when it sent one, else the
    // transport error, else the bare status.
    QString errorText() const;
};
