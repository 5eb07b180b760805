#pragma once

#include "client/serviceinstance.h"

#include <functional>
#include <memory>
#include <QList>

class InstanceSource;
class ServiceHost;

// Instances of running hosts as discovery would report them (stopped hosts are left out).
QList<ServiceInstance> instancesOf(const QList<ServiceHost *> &hosts);

// A factory for a static instance source over hosts (of any services, grouped by service name). It reads the hosts'
// ports when it is called, which is when the dependent instance starts: the fleet starts hosts in order, so hosts added
// earlier already listen on their (possibly ephemeral) ports by then. The hosts must outlive the source's
// users, which a Fleet guarantees (it stops every instance before deleting any host).
std::function<std::unique_ptr<InstanceSource>()> staticInstanceSourceOf(const QList<ServiceHost *> &hosts);
