#pragma once

#include "alertevent.h"

#include <QByteArray>
#include <QList>
#include <QObject>
#include <QPair>
#include <QQueue>
#include <QUrl>

class QNetworkAccessManager;
class QNetworkReply;
class QTimer;

struct WebhookOptions
{
    QUrl url;
    int maxAttempts = 5; // per event, the first try included
    int initialBackoffMs = 500; // doubles after each failure ...
    int maxBackoffMs = 30'000; // ... up to this
    int timeoutMs = 5000; // per request
    int maxQueued = 200; // events waiting beyond this are dropped, oldest first
    QList<QPair<QByteArray, QByteArray>> headers; // e.g. Authorization
};

// Posts alert transitions as JSON (the shape of Alertmanager's webhook payload, so existing receivers can
// read it) to one URL. Events go out one at a time, in order, so a receiver never sees "resolved" before
// "firing". Connection failures, timeouts, 429 and 5xx are retried with exponential backoff up to
// maxAttempts; any other 4xx is final. Lives on the thread that created it.
class WebhookNotifier : public QObject
{
    Q_OBJECT
public:
    explicit WebhookNotifier(WebhookOptions options, QObject *parent = nullptr);
    ~WebhookNotifier() override;

    void notify(const AlertEvent &event);
    int queued() const { return int(m_queue.size()); }
    const WebhookOptions &options() const { return m_options; }

    static QByteArray payload(const AlertEvent &event);

Q_SIGNALS:
    void delivered(const AlertEvent &event, int attempts);
    void failed(const AlertEvent &event, const QString &reason, int attempts);

private:
    void sendHead();
    void finished(QNetworkReply *reply);
    void retryOrGiveUp(const QString &reason);

    WebhookOptions m_options;
    QNetworkAccessManager *m_network;
    QTimer *m_retryTimer;
    QQueue<AlertEvent> m_queue;
    QNetworkReply *m_inFlight = nullptr;
    int m_attempts = 0; // for the event at the head of the queue
};
