#include "serviceworker.h"

#include "client/registryagent.h"
#include "core/logging.h"
#include "http/httprequest.h"
#include "http/httpresponse.h"
#include "http/httpserver.h"
#include "telemetry/instancetelemetry.h"

#include <algorithm>
#include <climits>
#include <QDateTime>
#include <QJsonObject>
#include <QTimer>
#include <spdlog/spdlog.h>

ServiceWorker::ServiceWorker(const ServiceHostConfig &config, ServiceFactory factory)
    : m_config(config)
    , m_factory(std::move(factory))
{ }

ServiceWorker::~ServiceWorker() = default;

quint16 ServiceWorker::startServing(QString *error)
{
    m_uptime.start();
    m_server = std::make_unique<HttpServer>(m_config.limits);
    m_server->setAccessPolicy(m_config.access);
    // Every instance measures its own traffic and serves it on /metrics, like any Prometheus target.
    m_telemetry = std::make_unique<InstanceTelemetry>(m_config.serviceName, m_config.instanceId);
    m_server->setObserver(m_telemetry.get());
    m_server->enableAccessLog(m_config.instanceId);
    m_telemetry->addMetricsRoute(*m_server);
    addHealthRoute();
    if (m_factory) {
        m_service = m_factory();
        ServiceContext context { *m_server, m_config.serviceName, m_config.instanceId, m_telemetry.get(),
            &m_telemetry->registry() };
        if (!m_service || !m_service->start(context, error)) {
            if (error && error->isEmpty())
                *error = QStringLiteral("service %1 failed to start").arg(m_config.instanceId);
            m_service.reset();
            m_server.reset();
            return 0;
        }
    }
    const auto port = m_server->listen(m_config.address, m_config.port, error);
    if (port == 0) {
        if (m_service)
            m_service->stop();
        m_service.reset();
        m_server.reset();
        return 0;
    }
    // Queued: drained() is emitted from inside a socket's signal, and finish() deletes that socket's server.
    connect(m_server.get(), &HttpServer::drained, this, &ServiceWorker::finish, Qt::QueuedConnection);
    Logging::get(m_config.instanceId.toStdString())
        ->info("listening on http://{}:{}", m_config.address.toString().toStdString(), port);
    startRegistryAgent(port);
    return port;
}

void ServiceWorker::startRegistryAgent(quint16 port)
{
    if (!m_config.registryUrl.isValid())
        return;
    RegistryAgent::Registration registration;
    registration.id = m_config.instanceId;
    registration.service = m_config.serviceName;
    registration.address = reachableAddress(m_config.address).toString();
    registration.port = port;
    registration.tags = m_config.registryTags;
    if (m_service) {
        const auto meta = m_service->registryMeta(port);
        for (auto it = meta.constBegin(); it != meta.constEnd(); ++it)
            registration.meta.insert(it.key(), it.value());
    }
    registration.meta.insert(QStringLiteral("flightdeck_instance"), m_config.instanceId);
    registration.ttlMs = m_config.registryTtlMs;
    m_agent = std::make_unique<RegistryAgent>(m_config.registryUrl, registration);
    m_agent->setAccessToken(m_config.access.token);
    m_agent->start();
}

void ServiceWorker::addHealthRoute()
{
    m_server->route("GET", QStringLiteral("/health"), [this](const HttpRequest &) {
        return HttpResponse::json(QJsonObject { { QStringLiteral("status"), QStringLiteral("passing") },
            { QStringLiteral("service"), m_config.serviceName }, { QStringLiteral("instance"), m_config.instanceId },
            { QStringLiteral("uptime_seconds"), double(m_uptime.elapsed()) / 1000.0 } });
    });
}

void ServiceWorker::beginDrain()
{
    if (m_finished || m_drainDeadline)
        return; // already draining (a blocking stop after requestStop asks again)
    // Leave discovery first, so clients stop choosing this instance while it drains.
    if (m_agent)
        m_agent->stop();
    if (!m_server) {
        finish();
        return;
    }
    m_drainDeadline = new QTimer(this);
    m_drainDeadline->setSingleShot(true);
    connect(m_drainDeadline, &QTimer::timeout, this, [this] {
        Logging::get(m_config.instanceId.toStdString())
            ->warn("{} request(s) still in flight after {} ms; closing them", m_server->inFlightRequests(),
                m_config.limits.drainTimeoutMs);
        m_server->abortAll();
        finish();
    });
    m_drainDeadline->start(m_config.limits.drainTimeoutMs);
    m_server->beginDrain();
}

void ServiceWorker::applyFaults(const FaultInjection &faults)
{
    // The server also checks untilMs on every request; the timer ends the heartbeat fault and says so.
    if (!m_faultExpiry) {
        m_faultExpiry = new QTimer(this);
        m_faultExpiry->setSingleShot(true);
        connect(m_faultExpiry, &QTimer::timeout, this, [this] {
            Logging::get(m_config.instanceId.toStdString())->info("injected faults expired");
            applyFaults({});
        });
    }
    m_faultExpiry->stop();
    if (faults.active() && faults.untilMs > 0)
        m_faultExpiry->start(int(std::clamp<qint64>(faults.untilMs - QDateTime::currentMSecsSinceEpoch(), 0, INT_MAX)));
    if (m_server)
        m_server->setFaults(faults);
    if (m_agent)
        m_agent->setHeartbeatsPaused(faults.dropHeartbeats);
    Logging::get(m_config.instanceId.toStdString())
        ->warn("faults now: +{} ms latency, {:.0f}% errors, heartbeats {}", faults.extraLatencyMs,
            faults.errorRatio * 100, faults.dropHeartbeats ? "dropped" : "sent");
}

void ServiceWorker::abortNow()
{
    if (m_agent)
        m_agent->abandon();
    if (m_server)
        m_server->abortAll();
    finish();
}

void ServiceWorker::finish()
{
    if (m_finished)
        return;
    m_finished = true;
    if (m_drainDeadline)
        m_drainDeadline->stop();
    m_agent.reset();
    if (m_service)
        m_service->stop();
    m_service.reset();
    m_server.reset();
    Q_EMIT finished();
}
