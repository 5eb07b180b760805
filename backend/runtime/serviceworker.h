#pragma once

#include "servicehost.h"

#include <memory>
#include <QElapsedTimer>
#include <QObject>

class HttpServer;
class InstanceTelemetry;
class RegistryAgent;
class QTimer;

// The part of a ServiceHost that lives on the instance thread: owns the HTTP server and the Service.
class ServiceWorker : public QObject
{
    Q_OBJECT
public:
    ServiceWorker(const ServiceHostConfig &config, ServiceFactory factory);
    ~ServiceWorker() override;

    // Runs on the instance thread. Returns the bound port or 0 with error set.
    quint16 startServing(QString *error);
    // Runs on the instance thread; emits finished() when done.
    void beginDrain();
    void abortNow();
    void applyFaults(const FaultInjection &faults);

Q_SIGNALS:
    void finished();

private:
    void finish();
    void addHealthRoute();
    void startRegistryAgent(quint16 port);

    ServiceHostConfig m_config;
    ServiceFactory m_factory;
    // Declared before the server and the service: both hold pointers to it, so it must outlive them.
    std::unique_ptr<InstanceTelemetry> m_telemetry;
    std::unique_ptr<HttpServer> m_server;
    std::unique_ptr<Service> m_service;
    std::unique_ptr<RegistryAgent> m_agent;
    QTimer *m_drainDeadline = nullptr;
    QTimer *m_faultExpiry = nullptr; // ends faults that were given a duration
    QElapsedTimer m_uptime;
    bool m_finished = false;
};
