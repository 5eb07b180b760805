#include "registryagent.h"

#include "core/logging.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QTcpSocket>
#include <QTimer>
#include <spdlog/spdlog.h>

RegistryAgent::RegistryAgent(QUrl registry, Registration registration, QObject *parent)
    : QObject(parent)
    , m_registry(std::move(registry))
    , m_registration(std::move(registration))
    , m_network(new QNetworkAccessManager(this))
    , m_timer(new QTimer(this))
{
    connect(m_timer, &QTimer::timeout, this, &RegistryAgent::beat);
}

RegistryAgent::~RegistryAgent()
{
    abandon();
}

QNetworkReply *RegistryAgent::send(const QByteArray &method, const QString &path, const QByteArray &body)
{
    QUrl url = m_registry;
    url.setPath(path);
    QNetworkRequest request(url);
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    // A beat must not outlive the next one: a hung registry is treated as unreachable.
    request.setTransferTimeout(std::max(500, m_registration.ttlMs / 3));
    if (!m_token.isEmpty())
        request.setRawHeader("X-Consul-Token", m_token);
    return m_network->sendCustomRequest(request, method, body);
}

void RegistryAgent::start()
{
    m_stopped = false;
    sendRegistration();
    m_timer->start(std::max(100, m_registration.ttlMs / 3));
}

void RegistryAgent::setHeartbeatsPaused(bool paused)
{
    if (m_stopped)
        return;
    if (paused)
        m_timer->stop();
    else if (!m_timer->isActive())
        start();
}

void RegistryAgent::sendRegistration()
{
    if (m_pending)
        return;
    QJsonObject meta;
    for (auto it = m_registration.meta.cbegin(); it != m_registration.meta.cend(); ++it)
        meta.insert(it.key(), it.value());
    const QJsonObject body { { QStringLiteral("ID"), m_registration.id },
        { QStringLiteral("Name"), m_registration.service }, { QStringLiteral("Address"), m_registration.address },
        { QStringLiteral("Port"), int(m_registration.port) },
        { QStringLiteral("Tags"), QJsonArray::fromStringList(m_registration.tags) }, { QStringLiteral("Meta"), meta },
        { QStringLiteral("Weights"),
            QJsonObject { { QStringLiteral("Passing"), m_registration.weight }, { QStringLiteral("Warning"), 1 } } },
        { QStringLiteral("Check"),
            QJsonObject { { QStringLiteral("TTL"), QStringLiteral("%1ms").arg(m_registration.ttlMs) },
                { QStringLiteral("DeregisterCriticalServiceAfter"),
                    QStringLiteral("%1ms").arg(m_registration.deregisterCriticalAfterMs) } } } };
    m_pending
        = send("PUT", QStringLiteral("/v1/agent/service/register"), QJsonDocument(body).toJson(QJsonDocument::Compact));
    connect(m_pending, &QNetworkReply::finished, this, [this, reply = m_pending] {
        reply->deleteLater();
        m_pending = nullptr;
        const auto status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        auto log = Logging::get(m_registration.id.toStdString());
        if (status == 200) {
            ++m_registrations;
            if (!m_registered)
                log->info("registered with {}", m_registry.toString().toStdString());
            m_registered = true;
            Q_EMIT registered();
        } else {
            m_registered = false;
            const auto reason = status
                ? QStringLiteral("HTTP %1: %2").arg(status).arg(QString::fromUtf8(reply->readAll()))
                : reply->errorString();
            log->warn("registration with {} failed ({}); retrying", m_registry.toString().toStdString(),
                reason.toStdString());
            Q_EMIT registryUnreachable(reason);
        }
    });
}

void RegistryAgent::beat()
{
    if (m_stopped)
        return;
    if (!m_registered) {
        sendRegistration();
        return;
    }
    if (m_pending)
        return; // the previous beat is still out; do not pile up
    ++m_heartbeats;
    m_pending = send("PUT", QStringLiteral("/v1/agent/check/pass/service:%1").arg(m_registration.id));
    connect(m_pending, &QNetworkReply::finished, this, [this, reply = m_pending] {
        reply->deleteLater();
        m_pending = nullptr;
        const auto status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        if (status == 200)
            return;
        if (status == 404) {
            // The registry forgot us (restarted without state, or expired and removed us): register now.
            Logging::get(m_registration.id.toStdString())
                ->info("registry does not know this instance; registering again");
            m_registered = false;
            sendRegistration();
            return;
        }
        if (status == 0)
            m_registered = false; // unreachable: register again when it is back (it may have lost us)
        Q_EMIT registryUnreachable(status ? QStringLiteral("HTTP %1").arg(status) : reply->errorString());
    });
}

void RegistryAgent::stop(int timeoutMs)
{
    if (m_stopped)
        return;
    abandon();
    // A short synchronous exchange: the instance's thread is ending, so there is no event loop to wait on.
    QTcpSocket socket;
    socket.connectToHost(m_registry.host(), quint16(m_registry.port(80)));
    if (!socket.waitForConnected(timeoutMs))
        return;
    QByteArray request = "PUT /v1/agent/service/deregister/" + QUrl::toPercentEncoding(m_registration.id)
        + " HTTP/1.1\r\nHost: " + m_registry.host().toUtf8() + "\r\nContent-Length: 0\r\n";
    if (!m_token.isEmpty())
        request += "X-Consul-Token: " + m_token + "\r\n";
    request += "Connection: close\r\n\r\n";
    socket.write(request);
    if (socket.waitForBytesWritten(timeoutMs) && socket.waitForReadyRead(timeoutMs))
        Logging::get(m_registration.id.toStdString())
            ->info("deregistered from {}", m_registry.toString().toStdString());
    socket.close();
}

void RegistryAgent::abandon()
{
    m_stopped = true;
    m_timer->stop();
    if (m_pending) {
        m_pending->disconnect(this);
        m_pending->abort();
        m_pending->deleteLater();
        m_pending = nullptr;
    }
    m_registered = false;
}
