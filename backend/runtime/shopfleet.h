#pragma once

#include "http/httplimits.h"

#include <QHostAddress>
#include <QList>
#include <QString>
#include <QUrl>

class Fleet;
class ServiceHost;

struct ShopFleetOptions
{
    QString cartDatabase; // the SQLite file every cart instance shares
    quint16 cartPort = 8080; // first cart instance; 0 = ephemeral. Further instances are ephemeral.
    int cartInstances = 3;
    int catalogInstances = 2;
    bool traffic = true; // the embedded shopper traffic generator
    double trafficRate = 20.0;
    QUrl registryUrl; // where every instance registers itself and discovers the others; empty = static lists
    // Where and how every instance listens. A token makes write routes need it (and is what the
    // instances present to each other); any address but loopback needs one.
    QHostAddress address = QHostAddress::LocalHost;
    HttpLimits limits;
    HttpAccessPolicy access;
};

struct ShopFleetHosts
{
    QList<ServiceHost *> catalogs;
    QList<ServiceHost *> carts;
    ServiceHost *traffic = nullptr;
};

// Adds the shop's services in dependency order: catalog instances, then cart instances (which call the
// catalog), then the traffic generator (which calls both). With a registry, each dependent finds the
// instances it calls through discovery (passing, undrained instances, followed as they come and go; calls
// made before any has registered wait for one); without one, through a static source filled from the
// hosts added before it.
ShopFleetHosts addShopFleet(Fleet &fleet, const ShopFleetOptions &options);
