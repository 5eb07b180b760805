#pragma once

#include "logintake/logintake.h"
#include "telemetry/loghub.h"

#include <memory>
#include <optional>
#include <QList>
#include <QPair>
#include <QTemporaryDir>
#include <QUrl>

class Monitor;
class ServiceHost;

// What the log intake tests run against: a real registry, the console's Monitor following it (so the
// intake's instance lookup is fed by real discovery) and the intake as a registered "flightdeck-logs"
// instance on ephemeral loopback ports, which it is asked for the way any service would ask: through the
// registry's catalog. Reads the log hub and the intake's /metrics for the checks.
class LogIntakeTestbed
{
public:
    LogIntakeTestbed();
    ~LogIntakeTestbed();

    bool start(const LogIntake::Options &options);
    void stop();

    // Registers an instance the way an outside service would (no check, port 1, metrics off).
    void registerInstance(const char *service, const char *id);
    bool waitForInstance(const QString &id, int timeoutMs = 5000) const;

    quint16 udpPort() const { return m_udpPort; }
    quint16 tcpPort() const { return m_tcpPort; }
    quint16 httpPort() const { return m_httpPort; }
    QUrl registryUrl(const QString &path) const;
    QUrl httpUrl(const QString &path) const;
    bool scrapedUp(const QString &service) const;
    LogHub *hub() const;

    // The first record whose message contains text, of any origin.
    std::optional<LogRecord> find(const QString &text) const;
    int count(const QString &text) const;
    // Records of one of the console's own loggers.
    bool findFrom(const QString &logger, const QString &text) const { return countFrom(logger, text) > 0; }
    int countFrom(const QString &logger, const QString &text) const;
    // A sample of the intake's /metrics, labels in the order written; 0 when the series does not exist yet,
    // -1 when the page cannot be read.
    double metric(const QString &name, const QList<QPair<const char *, const char *>> &labels = {}) const;

private:
    QTemporaryDir m_dir;
    std::unique_ptr<ServiceHost> m_registry;
    std::unique_ptr<Monitor> m_monitor;
    std::unique_ptr<ServiceHost> m_intake;
    quint16 m_udpPort = 0;
    quint16 m_tcpPort = 0;
    quint16 m_httpPort = 0;
};
