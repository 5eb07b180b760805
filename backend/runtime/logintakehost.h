#pragma once

#include <memory>
#include <QtGlobal>

class InstanceDirectory;
class LogHub;
class ServiceHost;
struct EmbeddedFleetOptions;

// The console's log intake as a service instance of its own ("flightdeck-logs"), registered with the fleet's
// registry like the shop's instances: syslog on logPort over UDP and TCP, JSON lines on logPort + 1 over HTTP
// (an ephemeral port when logPort + 1 does not exist), all on the fleet's bind address. Not started; the
// caller starts it once the registry is up.
std::unique_ptr<ServiceHost> createLogIntakeHost(const EmbeddedFleetOptions &fleet, quint16 logPort,
    const std::shared_ptr<LogHub> &hub, const std::shared_ptr<InstanceDirectory> &directory);
