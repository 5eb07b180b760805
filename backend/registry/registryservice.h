#pragma once

#include "http/service.h"

#include <memory>
#include <QUrl>

class BlockingQueries;
class HealthMonitor;
class HttpServer;
class KvApi;
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
};

// The service registry and config center: a Consul-compatible subset of the agent, catalog, health and KV
// HTTP API (with blocking queries), plus Flightdeck's extras under /v1/flightdeck/ (KV history, diff,
// rollback, drain, instance leases). Runs on its instance thread like every other service.
class RegistryService : public Service
{
public:
    explicit RegistryService(RegistryServiceOptions options = {});
    ~RegistryService() override;

    bool start(ServiceContext &context, QString *error) override;
    void stop() override;

private:
    void addAgentRoutes(HttpServer &server);
    void addCatalogRoutes(HttpServer &server);
    void addFlightdeckRoutes(HttpServer &server);
    HttpResponse registerInstance(const HttpRequest &request);
    HttpResponse updateCheck(const HttpRequest &request, const QString &status);
    HttpResponse setDrained(const QString &id, bool drained);
    HttpResponse agentSelf() const;
    quint64 serviceIndex(const QString &name) const;

    RegistryServiceOptions m_options;
    QString m_instanceId;
    std::unique_ptr<RegistryStore> m_store;
    std::unique_ptr<BlockingQueries> m_blocking;
    std::unique_ptr<HealthMonitor> m_monitor;
    std::unique_ptr<KvApi> m_kv;
};
