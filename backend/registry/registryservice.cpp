#include "registryservice.h"

#include "blockingqueries.h"
#include "blockingresponse.h"
#include "consuljson.h"
#include "core/logging.h"
#include "etcdregistrystore.h"
#include "healthmonitor.h"
#include "http/httpreply.h"
#include "http/httprequest.h"
#include "http/httpresponse.h"
#include "http/httpserver.h"
#include "kvapi.h"
#include "memoryregistrystore.h"
#include "sqliteregistrypersistence.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonObject>
#include <spdlog/spdlog.h>

namespace {

HttpResponse unknownInstance(const QString &id)
{
    return HttpResponse::error(
        404, QStringLiteral("unknown_instance"), QStringLiteral("no instance with ID \"%1\"").arg(id));
}

QString addressOf(const HttpRequest &request)
{
    auto address = request.remoteAddress;
    bool ok = false;
    const auto v4 = address.toIPv4Address(&ok);
    return ok ? QHostAddress(v4).toString() : address.toString();
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
    m_kv = std::make_unique<KvApi>(*m_store, *m_blocking, m_options.maxWaitMs);

    addAgentRoutes(context.server);
    addCatalogRoutes(context.server);
    addFlightdeckRoutes(context.server);
    m_kv->addRoutes(context.server);
    m_monitor->start();
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
    m_monitor.reset();
    m_blocking.reset();
    m_store.reset();
}

HttpResponse RegistryService::agentSelf() const
{
    const auto config = QJsonObject { { QStringLiteral("Datacenter"), QLatin1String(ConsulJson::kDatacenter) },
        { QStringLiteral("NodeName"), QLatin1String(ConsulJson::kNodeName) },
        { QStringLiteral("NodeID"), ConsulJson::nodeObject().value(QStringLiteral("ID")) },
        { QStringLiteral("Server"), true }, { QStringLiteral("Revision"), QStringLiteral("flightdeck") },
        { QStringLiteral("Version"), QStringLiteral(FLIGHTDECK_VERSION) } };
    return HttpResponse::json(QJsonObject { { QStringLiteral("Config"), config },
        { QStringLiteral("Member"),
            QJsonObject { { QStringLiteral("Name"), QLatin1String(ConsulJson::kNodeName) },
                { QStringLiteral("Addr"), QStringLiteral("127.0.0.1") }, { QStringLiteral("Status"), 1 } } },
        { QStringLiteral("Meta"), QJsonObject { { QStringLiteral("flightdeck-instance"), m_instanceId } } },
        { QStringLiteral("Stats"),
            QJsonObject { { QStringLiteral("flightdeck"),
                QJsonObject { { QStringLiteral("instances"), int(m_store->instances().size()) },
                    { QStringLiteral("index"), double(m_store->index()) },
                    { QStringLiteral("parked_queries"), m_blocking->parked() } } } } } });
}

void RegistryService::addAgentRoutes(HttpServer &server)
{
    server.route("GET", QStringLiteral("/v1/agent/self"), [this](const HttpRequest &) { return agentSelf(); });
    auto doRegister = [this](const HttpRequest &request) { return registerInstance(request); };
    server.route("PUT", QStringLiteral("/v1/agent/service/register"), doRegister, RouteAccess::Write);
    server.route("POST", QStringLiteral("/v1/agent/service/register"), doRegister, RouteAccess::Write);
    server.route(
        "PUT", QStringLiteral("/v1/agent/service/deregister/{id}"),
        [this](const HttpRequest &request) {
            const auto id = request.pathParam(QStringLiteral("id"));
            if (!m_store->removeInstance(id))
                return unknownInstance(id);
            m_monitor->forget(id);
            Logging::get("registry")->info("{} deregistered", id.toStdString());
            return HttpResponse::empty(200);
        },
        RouteAccess::Write);
    for (const auto &status : { QStringLiteral("pass"), QStringLiteral("warn"), QStringLiteral("fail") }) {
        server.route(
            "PUT", QStringLiteral("/v1/agent/check/%1/{id}").arg(status),
            [this, status](const HttpRequest &request) { return updateCheck(request, status); }, RouteAccess::Write);
    }
}

HttpResponse RegistryService::registerInstance(const HttpRequest &request)
{
    QJsonObject body;
    HttpResponse error;
    if (!request.jsonObject(&body, &error))
        return error;
    RegistryInstance instance;
    QString reason;
    if (!ConsulJson::parseRegistration(body, m_options.defaultTtlMs, &instance, &reason))
        return HttpResponse::error(400, QStringLiteral("bad_registration"), reason);
    const auto existing = m_store->instance(instance.id);
    if (existing && existing->service != instance.service)
        return HttpResponse::error(409, QStringLiteral("duplicate_id"),
            QStringLiteral("ID \"%1\" is already registered for service \"%2\"; deregister it first")
                .arg(instance.id, existing->service));
    if (instance.address.isEmpty())
        instance.address = addressOf(request);
    const auto now = QDateTime::currentMSecsSinceEpoch();
    instance.registeredAtMs = existing ? existing->registeredAtMs : now;
    instance.lastHeartbeatMs = now;
    instance.drained = existing && existing->drained; // an operator's drain outlives re-registration
    if (instance.state == HealthState::Critical)
        instance.criticalSinceMs = now;
    const bool changed = !existing || existing->address != instance.address || existing->port != instance.port
        || existing->tags != instance.tags || existing->meta != instance.meta || existing->weight != instance.weight
        || existing->check != instance.check || existing->state != instance.state || existing->remote;
    if (changed) {
        m_store->putInstance(instance);
        Logging::get("registry")
            ->info("{} registered ({} at {}:{})", instance.id.toStdString(), instance.service.toStdString(),
                instance.address.toStdString(), instance.port);
    } else {
        m_store->renewLease(instance.id, now); // idempotent re-registration renews the lease only
    }
    if (instance.check.kind == HealthCheck::Kind::Http)
        m_monitor->checkSoon(instance.id);
    return HttpResponse::empty(200);
}

HttpResponse RegistryService::updateCheck(const HttpRequest &request, const QString &status)
{
    auto id = request.pathParam(QStringLiteral("id"));
    if (id.startsWith(QLatin1String("service:")))
        id = id.mid(8);
    auto instance = m_store->instance(id);
    if (!instance)
        return HttpResponse::error(404, QStringLiteral("unknown_check"),
            QStringLiteral("no check \"%1\" (register the instance first)")
                .arg(request.pathParam(QStringLiteral("id"))));
    if (instance->check.kind != HealthCheck::Kind::Ttl)
        return HttpResponse::error(400, QStringLiteral("not_a_ttl_check"),
            QStringLiteral("the check of \"%1\" is an HTTP check; it is not updated by clients").arg(id));
    const auto state = status == QLatin1String("pass") ? HealthState::Passing
        : status == QLatin1String("warn")              ? HealthState::Warning
                                                       : HealthState::Critical;
    const auto now = QDateTime::currentMSecsSinceEpoch();
    const auto note = request.queryValue(QStringLiteral("note"));
    if (instance->state == state && (note.isEmpty() || note == instance->output)) {
        m_store->renewLease(id, now); // the common heartbeat: no visible change, no index bump
        return HttpResponse::empty(200);
    }
    instance->state = state;
    instance->output = note;
    instance->lastHeartbeatMs = now;
    instance->criticalSinceMs = state == HealthState::Critical ? now : 0;
    instance->remote = false;
    m_store->putInstance(*instance);
    return HttpResponse::empty(200);
}

quint64 RegistryService::serviceIndex(const QString &name) const
{
    // A service never seen has no index of its own; the global one makes its first registration a change.
    const auto index = m_store->serviceIndex(name);
    return index ? index : m_store->index();
}

void RegistryService::addCatalogRoutes(HttpServer &server)
{
    server.routeAsync(
        "GET", QStringLiteral("/v1/catalog/services"), [this](const HttpRequest &request, HttpReply reply) {
            BlockingResponse::serve(
                *m_blocking, request, reply, m_options.maxWaitMs, [this] { return m_store->catalogIndex(); },
                [this] {
                    QMap<QString, QStringList> services;
                    for (const auto &instance : m_store->instances()) {
                        auto &tags = services[instance.service];
                        for (const auto &tag : instance.tags)
                            if (!tags.contains(tag))
                                tags.append(tag);
                    }
                    QJsonObject object;
                    for (auto it = services.cbegin(); it != services.cend(); ++it)
                        object.insert(it.key(), QJsonArray::fromStringList(it.value()));
                    return HttpResponse::json(object);
                });
        });
    // Unknown services answer [] rather than 404, as Consul does: watchers may wait for a service to appear.
    server.routeAsync(
        "GET", QStringLiteral("/v1/catalog/service/{name}"), [this](const HttpRequest &request, HttpReply reply) {
            const auto name = request.pathParam(QStringLiteral("name"));
            const auto tag = request.queryValue(QStringLiteral("tag"));
            BlockingResponse::serve(
                *m_blocking, request, reply, m_options.maxWaitMs, [this, name] { return serviceIndex(name); },
                [this, name, tag] {
                    QJsonArray list;
                    for (const auto &instance : m_store->instancesOf(name))
                        if (tag.isEmpty() || instance.tags.contains(tag))
                            list.append(ConsulJson::catalogEntry(instance));
                    return HttpResponse::json(list);
                });
        });
    server.routeAsync(
        "GET", QStringLiteral("/v1/health/service/{name}"), [this](const HttpRequest &request, HttpReply reply) {
            const auto name = request.pathParam(QStringLiteral("name"));
            const auto tag = request.queryValue(QStringLiteral("tag"));
            const bool passingOnly = request.hasQueryItem(QStringLiteral("passing"))
                && request.queryValue(QStringLiteral("passing")) != QLatin1String("false");
            BlockingResponse::serve(
                *m_blocking, request, reply, m_options.maxWaitMs, [this, name] { return serviceIndex(name); },
                [this, name, tag, passingOnly] {
                    QJsonArray list;
                    for (const auto &instance : m_store->instancesOf(name)) {
                        if (passingOnly && !instance.isDiscoverable())
                            continue;
                        if (tag.isEmpty() || instance.tags.contains(tag))
                            list.append(ConsulJson::healthEntry(instance));
                    }
                    return HttpResponse::json(list);
                });
        });
}

HttpResponse RegistryService::setDrained(const QString &id, bool drained)
{
    auto instance = m_store->instance(id);
    if (!instance)
        return unknownInstance(id);
    if (instance->drained != drained) {
        instance->drained = drained;
        instance->remote = false;
        m_store->putInstance(*instance);
        Logging::get("registry")->info("{} {}", id.toStdString(), drained ? "drained" : "back in service");
    }
    return HttpResponse::json(QJsonObject { { QStringLiteral("id"), id }, { QStringLiteral("drained"), drained } });
}

void RegistryService::addFlightdeckRoutes(HttpServer &server)
{
    server.routeAsync(
        "GET", QStringLiteral("/v1/flightdeck/instances"), [this](const HttpRequest &request, HttpReply reply) {
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
        [this](const HttpRequest &request) { return setDrained(request.pathParam(QStringLiteral("id")), true); },
        RouteAccess::Write);
    server.route(
        "PUT", QStringLiteral("/v1/flightdeck/instances/{id}/undrain"),
        [this](const HttpRequest &request) { return setDrained(request.pathParam(QStringLiteral("id")), false); },
        RouteAccess::Write);
}
