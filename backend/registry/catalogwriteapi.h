#pragma once

#include <QtGlobal>

class HealthMonitor;
class HttpServer;
class RegistryStore;
struct HttpRequest;
struct HttpResponse;

// Consul's low-level catalog writes: PUT /v1/catalog/register (Node, Address, Service, Check/Checks) and
// PUT /v1/catalog/deregister (a node's service, check, or the whole node), for services no agent runs
// (an external database, a SaaS endpoint). Such instances are "external": they live on the node they were
// registered on, nobody checks them, and their health is what the last registration said.
//
// Where this differs from Consul, on purpose:
// - instance IDs are unique across nodes (the store is keyed by ID), so registering an ID that another
//   node holds is a 400 rather than a second instance;
// - a node exists through its services: a registration without a Service only updates a known node;
// - checks belong to a service (one each), so a check needs a ServiceID; its Definition is not run;
// - NodeMeta and node TaggedAddresses are accepted and not kept.
// Errors are plain text, as Consul writes them.
class CatalogWriteApi
{
public:
    CatalogWriteApi(RegistryStore &store, HealthMonitor &monitor);
    void addRoutes(HttpServer &server);

private:
    HttpResponse registerEntity(const HttpRequest &request);
    HttpResponse deregisterEntity(const HttpRequest &request);

    RegistryStore &m_store;
    HealthMonitor &m_monitor;
};
