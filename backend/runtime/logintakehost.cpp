#include "logintakehost.h"

#include "embeddedfleet.h"
#include "logintake/logintakeservice.h"
#include "servicehost.h"

std::unique_ptr<ServiceHost> createLogIntakeHost(const EmbeddedFleetOptions &fleet, quint16 logPort,
    const std::shared_ptr<LogHub> &hub, const std::shared_ptr<InstanceDirectory> &directory)
{
    LogIntake::Options options;
    options.address = fleet.address;
    options.udpPort = logPort;
    options.tcpPort = logPort;
    const quint16 httpPort = logPort > 0 && logPort < 65535 ? quint16(logPort + 1) : 0;
    auto config
        = registeredInstanceConfig(fleet, LogIntakeService::kServiceName, LogIntakeService::kServiceName, httpPort);
    config.registryTags = { QStringLiteral("logs"), QStringLiteral("syslog") };
    return std::make_unique<ServiceHost>(
        config, [options, hub, directory] { return std::make_unique<LogIntakeService>(options, hub, directory); });
}
