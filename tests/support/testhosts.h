#pragma once

#include "client/serviceinstance.h"
#include "registry/registryservice.h"
#include "runtime/servicehost.h"

#include <memory>
#include <QUrl>

// Small helpers for tests that start service instances by hand on ephemeral loopback ports.
namespace TestHosts {

std::unique_ptr<ServiceHost> make(const QString &service, const QString &id, ServiceFactory factory);
// A started registry (ephemeral port unless one is given, 1 s drain); null, with a warning, if it cannot start.
std::unique_ptr<ServiceHost> startRegistry(const RegistryServiceOptions &options = {}, quint16 port = 0);
// The instance as discovery would report it, for static scrape targets.
ServiceInstance instanceOf(const ServiceHost &host);
QUrl urlOf(const ServiceHost &host, const QString &path, const QString &query = {});
// base with a path and an optional "?query" (pathAndQuery as a client writes it).
QUrl at(const QUrl &base, const QString &pathAndQuery);
// IDs of the instances of service the registry reports passing (and not drained), sorted.
QStringList passingIds(const QUrl &registry, const QString &service);
// A loopback port free right now (for a service that must come back on the same port later).
quint16 freePort();
// A registry (in-memory state) on the port, not started yet; drains quickly on stop.
std::unique_ptr<ServiceHost> registry(quint16 port = 0, const RegistryServiceOptions &options = {});
// The sum of a counter's samples on an instance's /metrics whose `route` label is route; -1 when the page
// cannot be read or parsed.
double routeCount(const ServiceHost &host, const QString &metric, const QString &route);

} // namespace TestHosts
