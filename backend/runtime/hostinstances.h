#pragma once

#include "client/serviceinstance.h"

#include <functional>
#include <memory>
#include <QList>
#include <QUrl>

class InstanceSource;
class ServiceHost;

// Instances of running hosts as discovery would report them (stopped hosts are left out).
QList<ServiceInstance> instancesOf(const QList<ServiceHost *> &hosts);

// A factory for a static instance source over hosts (of any services, grouped by service name). It reads the hosts'
// ports when it is called, which is when the dependent instance starts: the fleet starts hosts in order, so hosts added
// earlier already listen on their (possibly ephemeral) ports by then. The hosts must outlive the source's
// users, which a Fleet guarantees (it stops every instance before deleting any host).
std::function<std::unique_ptr<InstanceSource>()> staticInstanceSourceOf(const QList<ServiceHost *> &hosts);

// A factory for a source that follows the registry: a DiscoveryClient watching the given services. Called
// on the dependent instance's thread (in its service's start()), where the client then lives.
std::function<std::unique_ptr<InstanceSource>()> discoveryInstanceSourceOf(
    const QUrl &registry, const QStringList &services);

// The source a dependent instance finds the services of hosts through: the registry when the fleet has
// one (so instances that come, go or are drained later are followed), else the static list of hosts.
std::function<std::unique_ptr<InstanceSource>()> instanceSourceFor(
    const QUrl &registry, const QList<ServiceHost *> &hosts);
