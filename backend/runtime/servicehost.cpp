#include "servicehost.h"

#include "core/logging.h"
#include "serviceworker.h"

#include <QDateTime>
#include <QTimer>
#include <spdlog/spdlog.h>

QHostAddress reachableAddress(const QHostAddress &bound)
{
    if (bound == QHostAddress::AnyIPv6)
        return QHostAddress::LocalHostIPv6;
    if (bound == QHostAddress::Any || bound == QHostAddress::AnyIPv4)
        return QHostAddress::LocalHost;
    return bound;
}

ServiceHost::ServiceHost(ServiceHostConfig config, ServiceFactory factory, QObject *parent)
    : QObject(parent)
    , m_config(std::move(config))
    , m_factory(std::move(factory))
{
    if (m_config.instanceId.isEmpty())
        m_config.instanceId = m_config.serviceName;
}

ServiceHost::~ServiceHost()
{
    stop();
}

bool ServiceHost::start(QString *error)
{
    if (m_running)
        return true;
    if (!m_config.address.isLoopback() && m_config.access.token.isEmpty()) {
        if (error)
            *error = QStringLiteral("%1: binding to %2 needs an access token (only loopback is open without one)")
                         .arg(m_config.instanceId, m_config.address.toString());
        return false;
    }
    quint16 port = 0;
    QString startError;
    if (m_config.port == 0 && m_lastPort != 0) {
        port = startOn(m_lastPort, &startError);
        if (port == 0)
            Logging::get("runtime")->warn("{}: port {} of its previous run is taken ({}); taking a new one",
                m_config.instanceId.toStdString(), m_lastPort, startError.toStdString());
    }
    if (port == 0)
        port = startOn(m_config.port, &startError);
    if (port == 0) {
        Logging::get("runtime")->error("{}", startError.toStdString());
        if (error)
            *error = startError;
        return false;
    }
    m_port = port;
    m_lastPort = port;
    m_running = true;
    m_faults = {}; // a fresh instance starts without injected faults
    Q_EMIT started(port);
    return true;
}

quint16 ServiceHost::startOn(quint16 port, QString *error)
{
    auto config = m_config;
    config.port = port;
    // The worker and its HTTP server are created on the instance's own thread.
    m_worker = std::make_unique<WorkerThread<ServiceWorker>>(m_config.instanceId, config, m_factory);
    // Direct: the controlling thread is blocked in waitForExit() while the worker finishes, so a queued quit()
    // would never be delivered. QThread::quit() is thread safe.
    auto *thread = m_worker->thread();
    connect(m_worker->object(), &ServiceWorker::finished, thread, &QThread::quit, Qt::DirectConnection);
    const quint16 bound = m_worker->call([error](ServiceWorker &worker) { return worker.startServing(error); });
    if (bound == 0)
        m_worker.reset();
    return bound;
}

void ServiceHost::stop()
{
    shutdown(true);
}

void ServiceHost::kill()
{
    shutdown(false);
}

void ServiceHost::requestStop(std::function<void()> then)
{
    if (!m_running || !m_worker || m_stopping)
        return;
    m_stopping = true;
    m_afterStop = std::move(then);
    // Queued: the thread ends on its own, and this (controlling) thread learns of it in its event loop.
    connect(m_worker->thread(), &QThread::finished, this, &ServiceHost::finishStop, Qt::QueuedConnection);
    m_worker->post([](ServiceWorker &worker) { worker.beginDrain(); });
    // The worker enforces the drain deadline itself; this only guards against a wedged handler.
    QTimer::singleShot(m_config.limits.drainTimeoutMs + 5000, this, [this, worker = m_worker.get()] {
        if (!m_stopping || m_worker.get() != worker || m_worker->waitForExit(0))
            return;
        Logging::get("runtime")->critical(
            "{} did not stop in time; terminating its thread", m_config.instanceId.toStdString());
        m_worker->terminate();
        finishStop();
    });
}

void ServiceHost::finishStop()
{
    if (!m_worker || !m_stopping)
        return; // a blocking stop() or kill() finished it first
    m_worker.reset();
    m_stopping = false;
    m_running = false;
    m_port = 0;
    Q_EMIT stopped();
    if (auto then = std::exchange(m_afterStop, {}))
        then();
}

void ServiceHost::shutdown(bool graceful)
{
    if (!m_running || !m_worker)
        return;
    m_stopping = false; // this stop finishes it, whatever requestStop() started
    m_afterStop = {};
    if (graceful)
        m_worker->post([](ServiceWorker &worker) { worker.beginDrain(); });
    else
        m_worker->post([](ServiceWorker &worker) { worker.abortNow(); });
    // The worker enforces the drain deadline itself; this wait only guards against a wedged handler.
    if (!m_worker->waitForExit(m_config.limits.drainTimeoutMs + 5000)) {
        Logging::get("runtime")->critical(
            "{} did not stop in time; terminating its thread", m_config.instanceId.toStdString());
        m_worker->terminate();
    }
    m_worker.reset();
    m_running = false;
    m_port = 0;
    Q_EMIT stopped();
}

QUrl ServiceHost::baseUrl() const
{
    QUrl url;
    url.setScheme(QStringLiteral("http"));
    url.setHost(reachableAddress(m_config.address).toString());
    url.setPort(port());
    return url;
}

void ServiceHost::setFaults(const FaultInjection &faults)
{
    m_faults = faults;
    if (!m_running || !m_worker)
        return;
    m_worker->post([faults](ServiceWorker &worker) { worker.applyFaults(faults); });
}

FaultInjection ServiceHost::faults() const
{
    return m_faults.activeAt(QDateTime::currentMSecsSinceEpoch()) ? m_faults : FaultInjection {};
}
