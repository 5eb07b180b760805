#include "testhosts.h"

#include "httptestclient.h"
#include "registry/registryservice.h"
#include "telemetry/promparser.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTcpServer>

namespace TestHosts {

std::unique_ptr<ServiceHost> make(const QString &service, const QString &id, ServiceFactory factory)
{
    ServiceHostConfig config;
    config.serviceName = service;
    config.instanceId = id;
    return std::make_unique<ServiceHost>(config, std::move(factory));
}

std::unique_ptr<ServiceHost> startRegistry(const RegistryServiceOptions &options, quint16 port)
{
    auto host = registry(port, options);
    QString error;
    if (!host->start(&error)) {
        qWarning("registry did not start: %s", qPrintable(error));
        return nullptr;
    }
    return host;
}

ServiceInstance instanceOf(const ServiceHost &host)
{
    return ServiceInstance { host.instanceId(), host.serviceName(), QStringLiteral("127.0.0.1"), host.port(), 1, true };
}

QUrl urlOf(const ServiceHost &host, const QString &path, const QString &query)
{
    auto url = host.baseUrl();
    url.setPath(path);
    if (!query.isEmpty())
        url.setQuery(query);
    return url;
}

QUrl at(const QUrl &base, const QString &pathAndQuery)
{
    auto url = base;
    url.setPath(pathAndQuery.section(QLatin1Char('?'), 0, 0));
    if (pathAndQuery.contains(QLatin1Char('?')))
        url.setQuery(pathAndQuery.section(QLatin1Char('?'), 1));
    return url;
}

QStringList passingIds(const QUrl &registry, const QString &service)
{
    const auto reply = TestHttp::get(at(registry, QStringLiteral("/v1/health/service/%1?passing").arg(service)), 2000);
    QStringList ids;
    for (const auto &entry : QJsonDocument::fromJson(reply.body).array())
        ids.append(entry.toObject().value(QStringLiteral("Service")).toObject().value(QStringLiteral("ID")).toString());
    ids.sort();
    return ids;
}

quint16 freePort()
{
    QTcpServer server;
    server.listen(QHostAddress::LocalHost, 0);
    return server.serverPort();
}

std::unique_ptr<ServiceHost> registry(quint16 port, const RegistryServiceOptions &options)
{
    ServiceHostConfig config;
    config.serviceName = QStringLiteral("registry");
    config.instanceId = QStringLiteral("registry");
    config.port = port;
    config.limits.drainTimeoutMs = 1000;
    return std::make_unique<ServiceHost>(config, [options] { return std::make_unique<RegistryService>(options); });
}

double routeCount(const ServiceHost &host, const QString &metric, const QString &route)
{
    const auto page = TestHttp::get(urlOf(host, QStringLiteral("/metrics")), 3000);
    const auto parsed = PromParser::parse(page.body);
    if (page.status != 200 || !parsed.ok)
        return -1;
    double sum = 0;
    for (const auto &family : parsed.families) {
        for (const auto &sample : family.samples) {
            if (sample.name == metric && sample.label(QStringLiteral("route")) == route)
                sum += sample.value;
        }
    }
    return sum;
}

} // namespace TestHosts
