#include "registryservice.h"

#include "agentapi.h"
#include "blockingqueries.h"
#include "blockingresponse.h"
#include "catalogapi.h"
#include "catalogwriteapi.h"
#include "consuljson.h"
#include "core/logging.h"
#include "core/metricstarget.h"
#include "etcdregistrystore.h"
#include "healthmonitor.h"
#include "http/httpreply.h"
#include "http/httprequest.h"
#include "http/httpresponse.h"
#include "http/httpserver.h"
#include "kvapi.h"
#include "memoryregistrystore.h"
#include "sessionapi.h"
#include "sqliteregistrypersistence.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonObject>
#include <spdlog/spdlog.h>

namespace {

// Prometheus keeps label names to [a-zA-Z_][a-zA-Z0-9_]*; metadata keys may also hold '-'.
QString labelName(const QString &key)
{
    QString name;
    for (const QChar c : key)
        name.append(c.isLetterOrNumber() && c.unicode() < 128 ? c : QLatin1Char('_'));
    return name;
}

// One Prometheus HTTP SD target group for an instance, or an empty object when it is not to be scraped.
QJsonObject targetGroup(const RegistryInstance &instance)
{
    const auto target = MetricsTarget::of(instance.address, instance.port, instance.meta);
    if (!target.enabled)
        return {};
    QJsonObject labels { { QStringLiteral("service"), instance.service }, { QStringLiteral("instance"), instance.id },
        { QStringLiteral("__metrics_path__"), target.path }, { QStringLiteral("__scheme__"), target.scheme },
        // Consul SD's convention: tags joined with the separator around them, so ",tag," regexes match.
        { QStringLiteral("tags"),
            instance.tags.isEmpty() ? QString() : QStringLiteral(",%1,").arg(instance.tags.join(QLatin1Char(','))) } };
    for (auto it = instance.meta.cbegin(); it != instance.meta.cend(); ++it)
        labels.insert(QStringLiteral("meta_") + labelName(it.key()), it.value());
    return QJsonObject { { QStringLiteral("targets"), QJsonArray { target.hostPort() } },
        { QStringLiteral("labels"), labels } };
}

} // namespace

RegistryService::RegistryService(RegistryServiceOptions options)
    : m_options(std::move(options))
{ }

RegistryService::~RegistryService() = default;

bool RegistryService::start(ServiceContext &context, QString *error)
{
    m_instanceId = context.instanceId;
    if (m_options.etcdEndpoint.isValid())
        m_store = std::make_unique<EtcdRegistryStore>(m_options.etcdEndpoint, m_options.etcdPrefix);
    else if (!m_options.sqlitePath.isEmpty())
        m_store
            = std::make_unique<MemoryRegistryStore>(std::make_unique<SqliteRegistryPersistence>(m_options.sqlitePath));
    else
        m_store = std::make_unique<MemoryRegistryStore>();
    if (!m_store->open(error))
        return false;
    m_blocking = std::make_unique<BlockingQueries>();
    QObject::connect(m_store.get(), &RegistryStore::changed, m_blocking.get(), &BlockingQueries::notifyChanged);
    // Parked blocking queries would otherwise hold a graceful stop for the whole drain deadline.
    QObject::connect(&context.server, &HttpServer::draining, m_blocking.get(), &BlockingQueries::releaseAll);
    m_monitor = std::make_unique<HealthMonitor>(*m_store);
    auto sessionOptions = m_options.sessions;
    sessionOptions.releaseOrphanLocks = sessionOptions.releaseOrphanLocks && !m_options.etcdEndpoint.isValid();
    m_sessions = std::make_unique<SessionManager>(*m_store, sessionOptions);
    m_kv = std::make_unique<KvApi>(*m_store, *m_blocking, *m_sessions, m_options.maxWaitMs);
    m_sessionApi = std::make_unique<SessionApi>(*m_store, *m_blocking, *m_sessions, m_options.maxWaitMs);
    m_catalogWrite = std::make_unique<CatalogWriteApi>(*m_store, *m_monitor);
    m_agent = std::make_unique<AgentApi>(*m_store, *m_blocking, *m_monitor,
        AgentApi::Options { m_options.defaultTtlMs, m_options.maxWaitMs, m_instanceId });
    m_catalog = std::make_unique<CatalogApi>(*m_store, *m_blocking, m_options.maxWaitMs);

    m_agent->addRoutes(context.server);
    m_catalog->addRoutes(context.server);
    m_catalogWrite->addRoutes(context.server);
    m_sessionApi->addRoutes(context.server);
    addFlightdeckRoutes(context.server);
    m_kv->addRoutes(context.server);
    m_monitor->start();
    m_sessions->start();
    Logging::get("registry")
        ->info("registry store: {} ({} instance(s), index {})",
            m_options.etcdEndpoint.isValid()     ? "etcd " + m_options.etcdEndpoint.toString().toStdString()
                : m_options.sqlitePath.isEmpty() ? std::string("memory")
                                                 : "sqlite " + m_options.sqlitePath.toStdString(),
            m_store->instances().size(), m_store->index());
    return true;
}

void RegistryService::stop()
{
    if (m_blocking)
        m_blocking->releaseAll();
    m_kv.reset();
    m_sessionApi.reset();
    m_catalogWrite.reset();
    m_sessions.reset();
    m_catalog.reset();
    m_agent.reset();
    m_monitor.reset();
    m_blocking.reset();
    m_store.reset();
}

void RegistryService::addFlightdeckRoutes(HttpServer &server)
{
    server.routeAsync(
        "GET", QStringLiteral("/v1/flightdeck/instances"), [this](const HttpRequest &request, const HttpReply &reply) {
            BlockingResponse::serve(
                *m_blocking, request, reply, m_options.maxWaitMs, [this] { return m_store->catalogIndex(); },
                [this] {
                    const auto now = QDateTime::currentMSecsSinceEpoch();
                    QJsonArray list;
                    for (const auto &instance : m_store->instances()) {
                        const bool ttl = instance.check.kind == HealthCheck::Kind::Ttl;
                        QJsonObject meta;
                        for (auto it = instance.meta.cbegin(); it != instance.meta.cend(); ++it)
                            meta.insert(it.key(), it.value());
                        list.append(QJsonObject { { QStringLiteral("id"), instance.id },
                            { QStringLiteral("service"), instance.service },
                            { QStringLiteral("address"), instance.address },
                            { QStringLiteral("port"), int(instance.port) },
                            { QStringLiteral("tags"), QJsonArray::fromStringList(instance.tags) },
                            { QStringLiteral("meta"), meta }, { QStringLiteral("weight"), instance.weight },
                            { QStringLiteral("state"), healthStateName(instance.state) },
                            { QStringLiteral("output"), instance.output },
                            { QStringLiteral("drained"), instance.drained },
                            { QStringLiteral("check"), ttl ? QStringLiteral("ttl") : QStringLiteral("http") },
                            { QStringLiteral("ttl_ms"), ttl ? QJsonValue(double(instance.check.ttlMs)) : QJsonValue() },
                            { QStringLiteral("lease_age_ms"), double(now - instance.lastHeartbeatMs) },
                            { QStringLiteral("registered_age_ms"), double(now - instance.registeredAtMs) },
                            { QStringLiteral("create_index"), double(instance.createIndex) },
                            { QStringLiteral("modify_index"), double(instance.modifyIndex) } });
                    }
                    return HttpResponse::json(QJsonObject { { QStringLiteral("instances"), list } });
                });
        });
    server.route(
        "PUT", QStringLiteral("/v1/flightdeck/instances/{id}/drain"),
        [this](
            const HttpRequest &request) { return m_agent->setDrained(request.pathParam(QStringLiteral("id")), true); },
        RouteAccess::Write);
    server.route(
        "PUT", QStringLiteral("/v1/flightdeck/instances/{id}/undrain"),
        [this](
            const HttpRequest &request) { return m_agent->setDrained(request.pathParam(QStringLiteral("id")), false); },
        RouteAccess::Write);
    // Prometheus's HTTP service discovery (http_sd_configs), for builds without consul_sd_configs:
    // instances in discovery (passing, not drained) whose metadata does not opt out of metrics.
    server.routeAsync("GET", QStringLiteral("/v1/flightdeck/prometheus-sd"),
        [this](const HttpRequest &request, const HttpReply &reply) {
            BlockingResponse::serve(
                *m_blocking, request, reply, m_options.maxWaitMs, [this] { return m_store->index(); },
                [this] {
                    QList<RegistryInstance> instances;
                    m_store->forEachInstance([&](const RegistryInstance &instance) {
                        if (instance.isDiscoverable())
                            instances.append(instance);
                    });
                    std::sort(
                        instances.begin(), instances.end(), [](const auto &a, const auto &b) { return a.id < b.id; });
                    QJsonArray groups;
                    for (const auto &instance : instances) {
                        const auto group = targetGroup(instance);
                        if (!group.isEmpty())
                            groups.append(group);
                    }
                    return HttpResponse::json(groups);
                });
        });
}
