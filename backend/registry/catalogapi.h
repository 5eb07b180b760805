#pragma once

#include <QtGlobal>

class BlockingQueries;
class HttpServer;
class RegistryStore;
struct HttpRequest;
class HttpReply;

// Consul's read side: /v1/catalog/ (services, service, nodes, node, datacenters), /v1/health/ (service,
// checks, node, state) and /v1/status/ (leader, peers). Every read answers with X-Consul-Index,
// -KnownLeader and -LastContact, blocks on ?index= and ?wait=, and takes ?filter=, ?tag=, ?node-meta=;
// ?stale and ?consistent are accepted (one registry answers both ways: it is its own leader).
class CatalogApi
{
public:
    CatalogApi(RegistryStore &store, BlockingQueries &blocking, qint64 maxWaitMs);
    void addRoutes(HttpServer &server);

private:
    void addCatalogRoutes(HttpServer &server);
    void addHealthRoutes(HttpServer &server);
    quint64 serviceIndex(const QString &name) const;

    RegistryStore &m_store;
    BlockingQueries &m_blocking;
    qint64 m_maxWaitMs;
};
