#pragma once

#include <QString>

class Fleet;

// What the app's command line decides about the embedded fleet.
struct EmbeddedFleetOptions
{
    QString dataDir;
    quint16 registryPort = 8500;
    quint16 cartPort = 8080;
    int cartInstances = 3;
};

// Adds every embedded service instance to the fleet, in start order (registry first, then the services
// that register with it).
void populateEmbeddedFleet(Fleet &fleet, const EmbeddedFleetOptions &options);
