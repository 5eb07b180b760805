#pragma once

#include "http/service.h"
#include "logintake.h"

#include <memory>

// The log intake as a service instance of the console's fleet ("flightdeck-logs"): its ServiceHost gives it a
// thread, an HTTP server with /health and /metrics, and a registration in the registry, whose Meta carries
// the ports (syslog_udp, syslog_tcp, http) so any Consul client finds where to ship logs. On the HTTP port
// it adds POST /v1/logs for JSON lines. Everything here runs on the instance's thread.
class LogIntakeService : public Service
{
public:
    static inline const QString kServiceName = QStringLiteral("flightdeck-logs");

    LogIntakeService(
        LogIntake::Options options, std::shared_ptr<LogHub> hub, std::shared_ptr<InstanceDirectory> directory);
    ~LogIntakeService() override;

    bool start(ServiceContext &context, QString *error) override;
    void stop() override;
    QMap<QString, QString> registryMeta(quint16 httpPort) const override;

    LogIntake *intake() const { return m_intake.get(); }

private:
    LogIntake::Options m_options;
    std::shared_ptr<LogHub> m_hub;
    std::shared_ptr<InstanceDirectory> m_directory;
    std::unique_ptr<LogIntake> m_intake;
};
