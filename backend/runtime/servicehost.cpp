#include "servicehost.h"

#include "core/logging.h"
#include "serviceworker.h"

#include <QDateTime>
#include <QThread>
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
    m_thread = new QThread(this);
    m_thread->setObjectName(m_config.instanceId);
    m_worker = new ServiceWorker(config, m_factory);
    m_worker->moveToThread(m_thread);
    connect(m_thread, &QThread::finished, m_worker, &QObject::deleteLater);
    // Direct: the controlling thread is blocked in wait() while the worker finishes, so a queued quit()
    // would never be delivered. QThread::quit() is thread safe.
    connect(m_worker, &ServiceWorker::finished, m_thread, &QThread::quit, Qt::DirectConnection);
    m_thread->start();

    quint16 bound = 0;
    QMetaObject::invokeMethod(
        m_worker, [&] { bound = m_worker->startServing(error); }, Qt::BlockingQueuedConnection);
    if (bound == 0) {
        m_thread->quit();
        m_thread->wait();
        delete m_thread;
        m_thread = nullptr;
        m_worker = nullptr;
    }
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

void ServiceHost::shutdown(bool graceful)
{
    if (!m_running || !m_thread)
        return;
    auto *worker = m_worker;
    if (graceful)
        QMetaObject::invokeMethod(
            worker, [worker] { worker->beginDrain(); }, Qt::QueuedConnection);
    else
        QMetaObject::invokeMethod(
            worker, [worker] { worker->abortNow(); }, Qt::QueuedConnection);
    // The worker enforces the drain deadline itself; this wait only guards against a wedged handler.
    if (!m_thread->wait(m_config.limits.drainTimeoutMs + 5000)) {
        Logging::get("runtime")->critical(
            "{} did not stop in time; terminating its thread", m_config.instanceId.toStdString());
        m_thread->terminate();
        m_thread->wait();
    }
    delete m_thread;
    m_thread = nullptr;
    m_worker = nullptr;
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
    auto *worker = m_worker;
    QMetaObject::invokeMethod(
        worker, [worker, faults] { worker->applyFaults(faults); }, Qt::QueuedConnection);
}

FaultInjection ServiceHost::faults() const
{
    return m_faults.activeAt(QDateTime::currentMSecsSinceEpoch()) ? m_faults : FaultInjection {};
}
