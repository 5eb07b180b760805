#pragma once

#include "core/workerthread.h"
#include "http/httplimits.h"
#include "http/service.h"

#include <atomic>
#include <functional>
#include <memory>
#include <QHostAddress>
#include <QObject>
#include <QStringList>
#include <QUrl>

class ServiceWorker;

struct ServiceHostConfig
{
    QString serviceName; // "cart"
    QString instanceId; // "cart-1"
    QHostAddress address = QHostAddress::LocalHost;
    quint16 port = 0; // 0 = any free port
    HttpLimits limits;
    HttpAccessPolicy access;
    // When set, the instance registers itself with this registry and renews its lease every ttl/3
    // (RegistryAgent); a graceful stop deregisters it, kill() does not (like a crashed process).
    QUrl registryUrl;
    int registryTtlMs = 5000;
    QStringList registryTags;
};

// The address a local client connects to for an instance bound to `bound`: a wildcard bind (0.0.0.0, ::)
// is reached on loopback, any other address as it is.
QHostAddress reachableAddress(const QHostAddress &bound);

// Runs one service instance on its own QThread, with its own event loop and its own HTTP server created
// inside that thread. Owned and driven from one controlling thread (normally the GUI or main thread).
class ServiceHost : public QObject
{
    Q_OBJECT
public:
    ServiceHost(ServiceHostConfig config, ServiceFactory factory, QObject *parent = nullptr);
    ~ServiceHost() override;

    // Starts the thread and waits until the instance listens or failed to. Blocking, bounded. A restart
    // listens on the port of the previous run when the config leaves the port to the system (clients and
    // bookmarks keep working); only if that port was taken meanwhile does it take a new one.
    bool start(QString *error = nullptr);
    // Graceful: stop accepting, answer in-flight requests (up to limits.drainTimeoutMs), stop the service,
    // end the thread. Blocking.
    void stop();
    // The same without waiting: the instance drains on its own thread while this one goes on; once it is
    // gone, stopped() is emitted and then `then` runs (isStopping() until then). A blocking stop() or kill()
    // meanwhile finishes the stop instead, and `then` never runs. For controls on the GUI thread.
    void requestStop(std::function<void()> then = {});
    bool isStopping() const { return m_stopping; }
    // Abrupt: connections are cut and the thread ends at once, as if the process behind it died.
    void kill();
    // Applies operator-injected faults on the instance thread; cleared by passing a default value.
    void setFaults(const FaultInjection &faults);
    // The faults in force now: a fault given a duration is gone once it expired.
    FaultInjection faults() const;

    bool isRunning() const { return m_running.load(); }
    quint16 port() const { return m_port.load(); }
    QUrl baseUrl() const;
    const ServiceFactory &factory() const { return m_factory; }
    const ServiceHostConfig &config() const { return m_config; }
    QString instanceId() const { return m_config.instanceId; }
    QString serviceName() const { return m_config.serviceName; }

Q_SIGNALS:
    void started(quint16 port);
    void stopped();

private:
    void shutdown(bool graceful);
    void finishStop(); // the instance's thread has ended: release it and tell
    quint16 startOn(quint16 port, QString *error);

    ServiceHostConfig m_config;
    ServiceFactory m_factory;
    FaultInjection m_faults;
    std::unique_ptr<WorkerThread<ServiceWorker>> m_worker; // while running
    bool m_stopping = false; // requestStop() is waiting for the instance to drain
    std::function<void()> m_afterStop; // what requestStop() runs once the instance is gone
    std::atomic<bool> m_running { false };
    std::atomic<quint16> m_port { 0 };
    quint16 m_lastPort = 0; // of the previous run, reused by a restart
};
