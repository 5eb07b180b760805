#include "webhooknotifier.h"

#include "core/logging.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QTimer>
#include <spdlog/spdlog.h>

namespace {

QString isoTime(qint64 ms)
{
    return QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC).toString(Qt::ISODateWithMs);
}

QJsonObject mapToJson(const QMap<QString, QString> &map)
{
    QJsonObject object;
    for (auto it = map.cbegin(); it != map.cend(); ++it)
        object.insert(it.key(), it.value());
    return object;
}

} // namespace

WebhookNotifier::WebhookNotifier(WebhookOptions options, QObject *parent)
    : QObject(parent)
    , m_options(std::move(options))
    , m_network(new QNetworkAccessManager(this))
    , m_retryTimer(new QTimer(this))
{
    m_retryTimer->setSingleShot(true);
    connect(m_retryTimer, &QTimer::timeout, this, &WebhookNotifier::sendHead);
}

WebhookNotifier::~WebhookNotifier()
{
    if (m_inFlight) {
        m_inFlight->disconnect(this);
        m_inFlight->abort();
    }
}

QByteArray WebhookNotifier::payload(const AlertEvent &event)
{
    const bool firing = event.to == AlertState::Firing;
    QJsonObject alert { { QStringLiteral("status"), firing ? QStringLiteral("firing") : QStringLiteral("resolved") },
        { QStringLiteral("labels"), mapToJson(event.labels) },
        { QStringLiteral("annotations"), mapToJson(event.annotations) },
        { QStringLiteral("startsAt"), isoTime(event.activeSinceMs) },
        { QStringLiteral("endsAt"), firing ? QStringLiteral("0001-01-01T00:00:00Z") : isoTime(event.timestampMs) },
        { QStringLiteral("fingerprint"), event.fingerprint() }, { QStringLiteral("transition"), event.toJson() } };
    if (event.value)
        alert.insert(QStringLiteral("value"), *event.value);
    const QJsonObject body { { QStringLiteral("version"), QStringLiteral("4") },
        { QStringLiteral("receiver"), QStringLiteral("flightdeck") },
        { QStringLiteral("status"), alert.value(QStringLiteral("status")) },
        { QStringLiteral("alerts"), QJsonArray { alert } }, { QStringLiteral("commonLabels"), mapToJson(event.labels) },
        { QStringLiteral("commonAnnotations"), mapToJson(event.annotations) } };
    return QJsonDocument(body).toJson(QJsonDocument::Compact);
}

void WebhookNotifier::notify(const AlertEvent &event)
{
    m_queue.enqueue(event);
    while (m_queue.size() > m_options.maxQueued && m_queue.size() > 1) {
        // Never drop the head while it is on the wire; drop the oldest waiting event instead.
        const auto dropped = m_queue.takeAt(1);
        Logging::get("alerting")
            ->warn("webhook queue full; dropping {} for {}", AlertStates::name(dropped.to).toStdString(),
                dropped.fingerprint().toStdString());
        Q_EMIT failed(dropped, QStringLiteral("queue full"), 0);
    }
    if (!m_inFlight && !m_retryTimer->isActive())
        sendHead();
}

void WebhookNotifier::sendHead()
{
    if (m_queue.isEmpty() || m_inFlight)
        return;
    ++m_attempts;
    QNetworkRequest request(m_options.url);
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    request.setTransferTimeout(m_options.timeoutMs);
    for (const auto &[name, value] : m_options.headers)
        request.setRawHeader(name, value);
    m_inFlight = m_network->post(request, payload(m_queue.head()));
    connect(m_inFlight, &QNetworkReply::finished, this, [this, reply = m_inFlight] { finished(reply); });
}

void WebhookNotifier::finished(QNetworkReply *reply)
{
    reply->deleteLater();
    if (reply != m_inFlight)
        return;
    m_inFlight = nullptr;
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (status >= 200 && status < 300) {
        const auto event = m_queue.dequeue();
        const int attempts = m_attempts;
        m_attempts = 0;
        Q_EMIT delivered(event, attempts);
        sendHead();
        return;
    }
    if (status >= 400 && status < 500 && status != 408 && status != 429) {
        // The receiver rejects this payload; sending it again will not change its mind.
        const auto event = m_queue.dequeue();
        const int attempts = m_attempts;
        m_attempts = 0;
        Logging::get("alerting")
            ->warn("webhook {} rejected an alert with HTTP {}", m_options.url.toString().toStdString(), status);
        Q_EMIT failed(event, QStringLiteral("HTTP %1").arg(status), attempts);
        sendHead();
        return;
    }
    retryOrGiveUp(status ? QStringLiteral("HTTP %1").arg(status) : reply->errorString());
}

void WebhookNotifier::retryOrGiveUp(const QString &reason)
{
    if (m_attempts >= m_options.maxAttempts) {
        const auto event = m_queue.dequeue();
        const int attempts = m_attempts;
        m_attempts = 0;
        Logging::get("alerting")
            ->warn("webhook {} failed after {} attempts: {}", m_options.url.toString().toStdString(), attempts,
                reason.toStdString());
        Q_EMIT failed(event, reason, attempts);
        sendHead();
        return;
    }
    qint64 backoff = m_options.initialBackoffMs;
    for (int i = 1; i < m_attempts && backoff < m_options.maxBackoffMs; ++i)
        backoff *= 2;
    m_retryTimer->start(int(qMin<qint64>(backoff, m_options.maxBackoffMs)));
}
