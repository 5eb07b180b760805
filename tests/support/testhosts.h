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

} // namespace TestHosts
