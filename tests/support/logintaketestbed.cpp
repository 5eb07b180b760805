#include "logintaketestbed.h"

#include "client/instancedirectory.h"
#include "httptestclient.h"
#include "logintake/logintakeservice.h"
#include "runtime/monitor.h"
#include "runtime/servicehost.h"
#include "telemetry/timeseriesstore.h"
#include "testhosts.h"

#include <QDeadlineTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

LogIntakeTestbed::LogIntakeTestbed() = default;

LogIntakeTestbed::~LogIntakeTestbed()
{
    stop();
}

bool LogIntakeTestbed::start(const LogIntake::Options &options)
{
    m_registry = TestHosts::startRegistry();
    if (!m_registry)
        return false;
    Monitor::Options monitorOptions;
    monitorOptions.dataDir = m_dir.path();
    monitorOptions.registryUrl = m_registry->baseUrl();
    monitorOptions.scrapeIntervalMs = 250;
    m_monitor = std::make_unique<Monitor>(monitorOptions);
    if (!m_monitor->start())
        return false;

    ServiceHostConfig config;
    config.serviceName = LogIntakeService::kServiceName;
    config.instanceId = LogIntakeService::kServiceName;
    config.registryUrl = m_registry->baseUrl();
    config.limits.maxBodyBytes = 128 * 1024;
    config.limits.drainTimeoutMs = 1000;
    auto hub = m_monitor->sharedLogHub();
    auto directory = m_monitor->instanceDirectory();
    m_intake = std::make_unique<ServiceHost>(
        config, [options, hub, directory] { return std::make_unique<LogIntakeService>(options, hub, directory); });
    QString error;
    if (!m_intake->start(&error)) {
        qWarning("log intake did not start: %s", qPrintable(error));
        return false;
    }
    // Where to ship logs, as any service would find out: the registry's catalog.
    QDeadlineTimer deadline(10000);
    while (!deadline.hasExpired() && m_udpPort == 0) {
        const auto reply = TestHttp::get(registryUrl(QStringLiteral("/v1/catalog/service/flightdeck-logs")));
        const auto entries = QJsonDocument::fromJson(reply.body).array();
        if (!entries.isEmpty()) {
            const auto meta = entries.at(0).toObject().value(QStringLiteral("ServiceMeta")).toObject();
            m_udpPort = meta.value(QStringLiteral("syslog_udp")).toString().toUShort();
            m_tcpPort = meta.value(QStringLiteral("syslog_tcp")).toString().toUShort();
            m_httpPort = meta.value(QStringLiteral("http")).toString().toUShort();
        }
        if (m_udpPort == 0)
            QTest::qWait(50);
    }
    return m_udpPort != 0 && m_tcpPort != 0 && m_httpPort == m_intake->port();
}

void LogIntakeTestbed::stop()
{
    if (m_intake)
        m_intake->stop();
    m_intake.reset();
    if (m_monitor)
        m_monitor->stop();
    m_monitor.reset();
    m_registry.reset();
}

void LogIntakeTestbed::registerInstance(const char *service, const char *id)
{
    const QByteArray body = QByteArray(R"({"name": ")") + service + R"(", "id": ")" + id
        + R"(", "address": "127.0.0.1", "port": 1, "meta": {"metrics": "off"}})";
    const auto reply = TestHttp::request("PUT", registryUrl(QStringLiteral("/v1/agent/service/register")), body);
    if (reply.status != 200)
        qWarning("registering %s failed: %d %s", id, reply.status, reply.body.constData());
}

bool LogIntakeTestbed::waitForInstance(const QString &id, int timeoutMs) const
{
    QDeadlineTimer deadline(timeoutMs);
    while (!deadline.hasExpired()) {
        if (m_monitor->instanceDirectory()->snapshot()->instance(id))
            return true;
        QTest::qWait(20);
    }
    return false;
}

QUrl LogIntakeTestbed::registryUrl(const QString &path) const
{
    return TestHosts::urlOf(*m_registry, path);
}

QUrl LogIntakeTestbed::httpUrl(const QString &path) const
{
    return TestHosts::urlOf(*m_intake, path);
}

bool LogIntakeTestbed::scrapedUp(const QString &service) const
{
    for (const auto &status : m_monitor->store()->targets()) {
        if (status.target.service == service && status.up)
            return true;
    }
    return false;
}

LogHub *LogIntakeTestbed::hub() const
{
    return m_monitor->logHub();
}

std::optional<LogRecord> LogIntakeTestbed::find(const QString &text) const
{
    for (const auto &record : hub()->recordsSince(0, -1)) {
        if (record.message.contains(text))
            return record;
    }
    return std::nullopt;
}

int LogIntakeTestbed::count(const QString &text) const
{
    int found = 0;
    for (const auto &record : hub()->recordsSince(0, -1))
        found += record.message.contains(text) ? 1 : 0;
    return found;
}

int LogIntakeTestbed::countFrom(const QString &logger, const QString &text) const
{
    int found = 0;
    for (const auto &record : hub()->recordsSince(0, -1))
        found += record.logger == logger && record.message.contains(text) ? 1 : 0;
    return found;
}

double LogIntakeTestbed::metric(const QString &name, const QList<QPair<const char *, const char *>> &labels) const
{
    const auto reply = TestHttp::get(httpUrl(QStringLiteral("/metrics")), 3000);
    if (reply.status != 200)
        return -1;
    QByteArray series = name.toUtf8();
    if (!labels.isEmpty()) {
        series += '{';
        for (qsizetype i = 0; i < labels.size(); ++i)
            series += (i > 0 ? "," : "") + QByteArray(labels[i].first) + "=\"" + labels[i].second + '"';
        series += '}';
    }
    series += ' ';
    for (const auto &line : reply.body.split('\n')) {
        if (line.startsWith(series))
            return line.mid(series.size()).toDouble();
    }
    return 0;
}
