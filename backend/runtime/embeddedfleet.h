#pragma once

#include "http/httplimits.h"

#include <QHostAddress>
#include <QString>
#include <QUrl>

class Fleet;
struct ServiceHostConfig;

// What the app's command line decides about the embedded fleet.
struct EmbeddedFleetOptions
{
    QString dataDir;
    quint16 registryPort = 8500;
    quint16 cartPort = 8080;
    int cartInstances = 3;
    // --registry: empty = embedded registry with SQLite state in <dataDir>/registry.sqlite;
    // etcd://host:port = embedded registry keeping its state in that etcd; http://host:port = no embedded
    // registry, instances register with that one.
    QUrl registry;
    // Where every instance listens, its limits and its write token (required beyond loopback).
    QHostAddress address = QHostAddress::LocalHost;
    HttpLimits limits;
    HttpAccessPolicy access;
};

// Adds every embedded service instance to the fleet, in start order (registry first, then the services
// that register with it).
void populateEmbeddedFleet(Fleet &fleet, const EmbeddedFleetOptions &options);

// The registry every embedded instance registers with (and discovers others through).
QUrl fleetRegistryUrl(const EmbeddedFleetOptions &options);

// A host configuration for an embedded instance that registers itself with the fleet's registry. Services
// that call others get an InstanceSource factory from instanceSourceFor(fleetRegistryUrl(options), hosts)
// (runtime/hostinstances.h): it builds a DiscoveryClient watching those hosts' services in their start(),
// so RegistryAgent and DiscoveryClient both live on the instance's own thread.
ServiceHostConfig registeredInstanceConfig(
    const EmbeddedFleetOptions &options, const QString &service, const QString &instanceId, quint16 port);
