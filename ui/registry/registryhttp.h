#pragma once

#include <functional>
#include <QByteArray>
#include <QJsonDocument>
#include <QList>
#include <QObject>
#include <QPair>
#include <QUrl>
#include <QUrlQuery>

class QNetworkAccessManager;

struct RegistryAnswer
{
    int status = 0; // 0: no HTTP answer (see error)
    QByteArray body;
    QList<QPair<QByteArray, QByteArray>> headers;
    QString error;

    bool ok() const { return status >= 200 && status < 300; }
    QByteArray header(const QByteArray &name) const;
    QJsonDocument json() const { return QJsonDocument::fromJson(body); }
    // The registry's {"error":{"message"}} when there is one, else the transport error or the status.
    QString errorText() const;
};

// Asynchronous calls to one registry's HTTP API from the GUI thread. Answers are delivered to a context
// object and dropped when it is gone; nothing ever waits.
class RegistryHttp : public QObject
{
    Q_OBJECT
public:
    using Callback = std::function<void(const RegistryAnswer &)>;

    explicit RegistryHttp(const QUrl &baseUrl, QObject *parent = nullptr);

    QUrl baseUrl() const { return m_base; }
    void setToken(const QByteArray &token) { m_token = token; }

    // path is decoded ("/v1/kv/app/config"); timeoutMs bounds the whole exchange.
    void send(const QByteArray &method, const QString &path, const QUrlQuery &query, const QByteArray &body,
        QObject *context, Callback done, int timeoutMs = 5000);
    void get(const QString &path, const QUrlQuery &query, QObject *context, Callback done, int timeoutMs = 5000)
    {
        send("GET", path, query, {}, context, std::move(done), timeoutMs);
    }

private:
    QUrl m_base;
    QByteArray m_token;
    QNetworkAccessManager *m_manager;
};
