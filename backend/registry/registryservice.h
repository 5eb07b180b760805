#pragma once

#include "http/service.h"
#include "sessionmanager.h"

#include <memory>
#include <QUrl>

class AgentApi;
class BlockingQueries;
class CatalogApi;
class CatalogWriteApi;
class HealthMonitor;
class HttpServer;
class KvApi;
class SessionApi;
class RegistryStore;
struct HttpRequest;
struct HttpResponse;
class HttpReply;

struct RegistryServiceOptions
{
    QString sqlitePath; // state file; empty = memory only
    QUrl etcdEndpoint; // when set, the store is etcd (http://host:port) and sqlitePath is ignored
    QString etcdPrefix = QStringLiteral("flightdeck/registry/");
    qint64 defaultTtlMs = 5000; // lease of instances that register without a check
    qint64 maxWaitMs = 10 * 60 * 1000;
    SessionOptions sessions; // Consul's session limits (tests shorten the TTL floor)
};

// The service registry and config center: Consul's agent, catalog, health, status, session and KV HTTP API as
// Consul clients use it (AgentApi, CatalogApi, CatalogWriteApi, SessionApi, KvApi with locks; blocking
// queries), plus Flightdeck's extras under
// /v1/flightdeck/ (KV history, diff, rollback, drain, instance leases, Prometheus HTTP SD). Runs on its
// instance thread like every other service.
class RegistryService : public Service
{
public:
    explicit RegistryService(RegistryServiceOptions options = {});
    ~RegistryService() override;

    bool start(ServiceContext &context, QString *error) override;
    void stop() override;

private:
    void addFlightdeckRoutes(HttpServer &server);

    RegistryServiceOptions m_options;
    QString m_instanceId;
    std::unique_ptr<RegistryStore> m_store;
    std::unique_ptr<BlockingQueries> m_blocking;
    std::unique_ptr<HealthMonitor> m_monitor;
    std::unique_ptr<SessionManager> m_sessions;
    std::unique_ptr<KvApi> m_kv;
    std::unique_ptr<SessionApi> m_sessionApi;
    std::unique_ptr<CatalogWriteApi> m_catalogWrite;
    std::unique_ptr<AgentApi> m_agent;
    std::unique_ptr<CatalogApi> m_catalog;
};
