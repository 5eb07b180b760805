#pragma once

#include <QString>

class BlockingQueries;
class HealthMonitor;
class HttpServer;
class RegistryStore;
struct RegistryInstance;
struct HttpRequest;
struct HttpResponse;
class HttpReply;

// Consul's /v1/agent/ API as client libraries use it: service and check registration (bodies read as
// Consul reads them), TTL heartbeats and check updates, maintenance mode (our drain), and the agent's view
// of its services, checks, members and itself. The registry is one agent on one node ("flightdeck").
class AgentApi
{
public:
    struct Options
    {
        qint64 defaultTtlMs = 5000;
        qint64 maxWaitMs = 600'000;
        QString instanceId; // the registry instance serving, for /v1/agent/self
    };

    AgentApi(RegistryStore &store, BlockingQueries &blocking, HealthMonitor &monitor, Options options);
    void addRoutes(HttpServer &server);

    // Drain (maintenance mode): out of discovery, still registered. Answers the drain route's JSON.
    HttpResponse setDrained(const QString &id, bool drained);

private:
    HttpResponse registerInstance(const HttpRequest &request);
    HttpResponse deregisterInstance(const HttpRequest &request);
    HttpResponse passWarnFail(const HttpRequest &request, const QString &status);
    HttpResponse updateCheck(const HttpRequest &request);
    HttpResponse registerCheck(const HttpRequest &request);
    HttpResponse deregisterCheck(const HttpRequest &request);
    HttpResponse maintenance(const HttpRequest &request);
    HttpResponse setCheckState(const QString &checkId, const QString &status, const QString &output, bool hasOutput);
    void services(const HttpRequest &request, const HttpReply &reply);
    void checks(const HttpRequest &request, const HttpReply &reply);
    HttpResponse service(const HttpRequest &request) const;
    HttpResponse self() const;
    HttpResponse members() const;
    // The instance whose check has this ID ("service:<id>", a custom CheckID, or a bare instance ID).
    bool findByCheckId(const QString &checkId, RegistryInstance *instance) const;

    RegistryStore &m_store;
    BlockingQueries &m_blocking;
    HealthMonitor &m_monitor;
    Options m_options;
};
