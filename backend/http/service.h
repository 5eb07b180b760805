#pragma once

#include <functional>
#include <memory>
#include <QMap>
#include <QString>

class CallObserver;
class HttpServer;
class MetricsRegistry;

// What a service instance gets from its host when it starts; everything in it lives on the instance thread.
struct ServiceContext
{
    HttpServer &server;
    QString serviceName;
    QString instanceId;
    // Where outgoing calls to other services are reported (caller/callee metrics); may be null.
    CallObserver *calls = nullptr;
    // The instance's own metrics, served on its /metrics, for what a service counts beyond requests; may be null.
    MetricsRegistry *metrics = nullptr;
};

// One microservice's behaviour: its routes and its state. A Service is created, started, stopped and
// destroyed on its instance's own thread, so it may own thread-bound resources (a SQLite connection,
// QNetworkAccessManager, timers) without locks.
class Service
{
public:
    virtual ~Service() = default;

    // Registers routes and opens resources. Returning false aborts the start with error filled in.
    virtual bool start(ServiceContext &context, QString *error) = 0;
    // Called after the last in-flight request was answered, before the thread ends.
    virtual void stop() { }
    // Metadata the instance registers with (Consul's Meta) besides Flightdeck's own, once it listens on
    // httpPort: how a client finds what else the service offers, such as ports that are not HTTP.
    virtual QMap<QString, QString> registryMeta(quint16 httpPort) const
    {
        Q_UNUSED(httpPort);
        return {};
    }
};

using ServiceFactory = std::function<std::unique_ptr<Service>()>;
