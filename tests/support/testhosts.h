#pragma once

#include "client/serviceinstance.h"
#include "runtime/servicehost.h"

#include <memory>
#include <QUrl>

// Small helpers for tests that start service instances by hand on ephemeral loopback ports.
namespace TestHosts {

std::unique_ptr<ServiceHost> make(const QString &service, const QString &id, ServiceFactory factory);
// The instance as discovery would report it, for static scrape targets.
ServiceInstance instanceOf(const ServiceHost &host);
QUrl urlOf(const ServiceHost &host, const QString &path, const QString &query = {});

} // namespace TestHosts
