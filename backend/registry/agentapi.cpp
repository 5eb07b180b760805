#include "agentapi.h"

#include "blockingresponse.h"
#include "consulfilter.h"
#include "consuljson.h"
#include "consulkeys.h"
#include "core/logging.h"
#include "healthmonitor.h"
#include "http/httpserver.h"
#include "registrystore.h"

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

HttpResponse unknownCheck(const QString &id)
{
    return HttpResponse::error(
        404, QStringLiteral("unknown_check"), QStringLiteral("no check \"%1\" (register the instance first)").arg(id));
}

QString addressOf(const HttpRequest &request)
{
    auto address = request.remoteAddress;
    bool ok = false;
    const auto v4 = address.toIPv4Address(&ok);
    return ok ? QHostAddress(v4).toString() : address.toString();
}

// The agent's own entry for a service (GET /v1/agent/services, /v1/agent/service/{id}).
QJsonObject agentService(const RegistryInstance &instance)
{
    auto object = ConsulJson::serviceObject(instance);
    object.insert(QStringLiteral("Datacenter"), QLatin1String(ConsulJson::kDatacenter));
    object.remove(QStringLiteral("CreateIndex"));
    object.remove(QStringLiteral("ModifyIndex"));
    return object;
}

// The node as a gossip member (/v1/agent/members, /v1/agent/self).
QJsonObject memberObject()
{
    return QJsonObject { { QStringLiteral("Name"), QLatin1String(ConsulJson::kNodeName) },
        { QStringLiteral("Addr"), QStringLiteral("127.0.0.1") }, { QStringLiteral("Port"), 8301 },
        { QStringLiteral("Tags"),
            QJsonObject { { QStringLiteral("role"), QStringLiteral("consul") },
                { QStringLiteral("dc"), QLatin1String(ConsulJson::kDatacenter) },
                { QStringLiteral("build"), QStringLiteral(FLIGHTDECK_VERSION) } } },
        { QStringLiteral("Status"), 1 }, { QStringLiteral("ProtocolMin"), 1 }, { QStringLiteral("ProtocolMax"), 5 },
        { QStringLiteral("ProtocolCur"), 2 }, { QStringLiteral("DelegateMin"), 2 },
        { QStringLiteral("DelegateMax"), 5 }, { QStringLiteral("DelegateCur"), 4 } };
}

} // namespace

AgentApi::AgentApi(RegistryStore &store, BlockingQueries &blocking, HealthMonitor &monitor, Options options)
    : m_store(store)
    , m_blocking(blocking)
    , m_monitor(monitor)
    , m_options(std::move(options))
{ }

void AgentApi::addRoutes(HttpServer &server)
{
    server.route("GET", QStringLiteral("/v1/agent/self"), [this](const HttpRequest &) { return self(); });
    server.route("GET", QStringLiteral("/v1/agent/members"), [this](const HttpRequest &) { return members(); });
    server.routeAsync("GET", QStringLiteral("/v1/agent/services"),
        [this](const HttpRequest &request, const HttpReply &reply) { services(request, reply); });
    server.route("GET", QStringLiteral("/v1/agent/service/{id}"),
        [this](const HttpRequest &request) { return service(request); });
    server.routeAsync("GET", QStringLiteral("/v1/agent/checks"),
        [this](const HttpRequest &request, const HttpReply &reply) { checks(request, reply); });
    auto doRegister = [this](const HttpRequest &request) { return registerInstance(request); };
    server.route("PUT", QStringLiteral("/v1/agent/service/register"), doRegister, RouteAccess::Write);
    server.route("POST", QStringLiteral("/v1/agent/service/register"), doRegister, RouteAccess::Write);
    server.route(
        "PUT", QStringLiteral("/v1/agent/service/deregister/{id}"),
        [this](const HttpRequest &request) { return deregisterInstance(request); }, RouteAccess::Write);
    server.route(
        "PUT", QStringLiteral("/v1/agent/service/maintenance/{id}"),
        [this](const HttpRequest &request) { return maintenance(request); }, RouteAccess::Write);
    for (const auto &status : { QStringLiteral("pass"), QStringLiteral("warn"), QStringLiteral("fail") }) {
        server.route(
            "PUT", QStringLiteral("/v1/agent/check/%1/{id}").arg(status),
            [this, status](const HttpRequest &request) { return passWarnFail(request, status); }, RouteAccess::Write);
    }
    server.route(
        "PUT", QStringLiteral("/v1/agent/check/update/{id}"),
        [this](const HttpRequest &request) { return updateCheck(request); }, RouteAccess::Write);
    server.route(
        "PUT", QStringLiteral("/v1/agent/check/register"),
        [this](const HttpRequest &request) { return registerCheck(request); }, RouteAccess::Write);
    server.route(
        "PUT", QStringLiteral("/v1/agent/check/deregister/{id}"),
        [this](const HttpRequest &request) { return deregisterCheck(request); }, RouteAccess::Write);
}

HttpResponse AgentApi::self() const
{
    const auto config = QJsonObject { { QStringLiteral("Datacenter"), QLatin1String(ConsulJson::kDatacenter) },
        { QStringLiteral("NodeName"), QLatin1String(ConsulJson::kNodeName) },
        { QStringLiteral("NodeID"), ConsulJson::nodeObject().value(QStringLiteral("ID")) },
        { QStringLiteral("Server"), true }, { QStringLiteral("Revision"), QStringLiteral("flightdeck") },
        { QStringLiteral("Version"), QStringLiteral(FLIGHTDECK_VERSION) } };
    return HttpResponse::json(
        QJsonObject { { QStringLiteral("Config"), config }, { QStringLiteral("Member"), memberObject() },
            { QStringLiteral("Meta"), QJsonObject { { QStringLiteral("flightdeck-instance"), m_options.instanceId } } },
            { QStringLiteral("Stats"),
                QJsonObject { { QStringLiteral("flightdeck"),
                    QJsonObject { { QStringLiteral("instances"), int(m_store.instances().size()) },
                        { QStringLiteral("index"), double(m_store.index()) },
                        { QStringLiteral("parked_queries"), m_blocking.parked() } } } } } });
}

HttpResponse AgentApi::members() const
{
    return HttpResponse::json(QJsonArray { memberObject() });
}

void AgentApi::services(const HttpRequest &request, const HttpReply &reply)
{
    BlockingResponse::serveFiltered(
        m_blocking, request, reply, m_options.maxWaitMs, [this] { return m_store.catalogIndex(); },
        [this](const ConsulFilter &filter) {
            QJsonObject object;
            m_store.forEachInstance([&](const RegistryInstance &instance) {
                if (instance.remote || instance.external)
                    return; // another registry's agent owns it, or the catalog (no agent) does
                const auto entry = agentService(instance);
                if (filter.matches(entry))
                    object.insert(instance.id, entry);
            });
            return HttpResponse::json(object);
        });
}

HttpResponse AgentApi::service(const HttpRequest &request) const
{
    const auto id = request.pathParam(QStringLiteral("id"));
    const auto instance = m_store.instance(id);
    if (!instance || instance->remote || instance->external)
        return unknownInstance(id);
    return HttpResponse::json(agentService(*instance));
}

void AgentApi::checks(const HttpRequest &request, const HttpReply &reply)
{
    BlockingResponse::serveFiltered(
        m_blocking, request, reply, m_options.maxWaitMs, [this] { return m_store.index(); },
        [this](const ConsulFilter &filter) {
            QJsonObject object;
            m_store.forEachInstance([&](const RegistryInstance &instance) {
                if (instance.remote || instance.external)
                    return;
                const QJsonArray checks = ConsulJson::checks(instance);
                for (const auto &check : checks) {
                    const auto entry = check.toObject();
                    if (!entry.value(QStringLiteral("ServiceID")).toString().isEmpty() && filter.matches(entry))
                        object.insert(entry.value(QStringLiteral("CheckID")).toString(), entry);
                }
            });
            return HttpResponse::json(object);
        });
}

HttpResponse AgentApi::registerInstance(const HttpRequest &request)
{
    QJsonObject body;
    HttpResponse error;
    if (!request.jsonObject(&body, &error))
        return error;
    RegistryInstance instance;
    QString reason;
    if (!ConsulJson::parseRegistration(body, m_options.defaultTtlMs, &instance, &reason))
        return HttpResponse::error(400, QStringLiteral("bad_registration"), reason);
    const auto existing = m_store.instance(instance.id);
    if (existing && existing->external)
        return HttpResponse::error(409, QStringLiteral("duplicate_id"),
            QStringLiteral("ID \"%1\" is registered through the catalog on node \"%2\"; deregister it there first")
                .arg(instance.id, existing->nodeName()));
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
        || existing->taggedAddresses != instance.taggedAddresses
        || existing->enableTagOverride != instance.enableTagOverride || existing->check != instance.check
        || existing->state != instance.state || existing->remote;
    if (changed) {
        m_store.putInstance(instance);
        Logging::get("registry")
            ->info("{} registered ({} at {}:{}, {} check)", instance.id.toStdString(), instance.service.toStdString(),
                instance.address.toStdString(), instance.port, checkKindName(instance.check.kind).toStdString());
    } else {
        m_store.renewLease(instance.id, now); // idempotent re-registration renews the lease only
    }
    if (instance.check.isActive())
        m_monitor.checkSoon(instance.id);
    return HttpResponse::empty(200);
}

HttpResponse AgentApi::deregisterInstance(const HttpRequest &request)
{
    const auto id = request.pathParam(QStringLiteral("id"));
    if (!m_store.removeInstance(id))
        return unknownInstance(id);
    m_monitor.forget(id);
    Logging::get("registry")->info("{} deregistered", id.toStdString());
    return HttpResponse::empty(200);
}

bool AgentApi::findByCheckId(const QString &checkId, RegistryInstance *instance) const
{
    // The common forms first, by key: "service:<id>" and (Flightdeck's agents) the bare instance ID.
    const auto direct = m_store.instance(checkId.startsWith(QLatin1String("service:")) ? checkId.mid(8) : checkId);
    if (direct && direct->checkId() == checkId) {
        *instance = *direct;
        return true;
    }
    if (direct && direct->check.id.isEmpty() && !checkId.startsWith(QLatin1String("service:"))) {
        *instance = *direct;
        return true;
    }
    bool found = false;
    m_store.forEachInstance([&](const RegistryInstance &candidate) {
        if (!found && !candidate.check.id.isEmpty() && candidate.check.id == checkId) {
            *instance = candidate;
            found = true;
        }
    });
    return found;
}

HttpResponse AgentApi::setCheckState(
    const QString &checkId, const QString &status, const QString &output, bool hasOutput)
{
    RegistryInstance instance;
    // The agent owns only its own checks; catalog checks change through /v1/catalog/register, as in Consul.
    if (!findByCheckId(checkId, &instance) || instance.external)
        return unknownCheck(checkId);
    if (instance.check.isActive())
        return HttpResponse::error(400, QStringLiteral("not_a_ttl_check"),
            QStringLiteral("\"%1\" is an %2 check the registry runs; only TTL checks are updated by clients")
                .arg(checkId, checkKindName(instance.check.kind).toUpper()));
    HealthState state = HealthState::Critical;
    if (!parseHealthState(status, &state))
        return HttpResponse::error(
            400, QStringLiteral("bad_status"), QStringLiteral("Status must be passing, warning or critical"));
    const auto now = QDateTime::currentMSecsSinceEpoch();
    if (instance.state == state && (!hasOutput || output == instance.output)) {
        m_store.renewLease(instance.id, now); // the common heartbeat: no visible change, no index bump
        return HttpResponse::empty(200);
    }
    instance.state = state;
    if (hasOutput)
        instance.output = output;
    instance.lastHeartbeatMs = now;
    instance.criticalSinceMs = state == HealthState::Critical ? now : 0;
    instance.remote = false;
    m_store.putInstance(instance);
    return HttpResponse::empty(200);
}

HttpResponse AgentApi::passWarnFail(const HttpRequest &request, const QString &status)
{
    const auto state = status == QLatin1String("pass") ? QStringLiteral("passing")
        : status == QLatin1String("warn")              ? QStringLiteral("warning")
                                                       : QStringLiteral("critical");
    const bool hasNote = request.hasQueryItem(QStringLiteral("note"));
    return setCheckState(request.pathParam(QStringLiteral("id")), state, request.queryValue(QStringLiteral("note")),
        hasNote && !request.queryValue(QStringLiteral("note")).isEmpty());
}

HttpResponse AgentApi::updateCheck(const HttpRequest &request)
{
    QJsonObject body;
    HttpResponse error;
    if (!request.jsonObject(&body, &error))
        return error;
    body = ConsulKeys::canonical(body);
    const auto status = body.value(QStringLiteral("Status"));
    const auto output = body.value(QStringLiteral("Output"));
    if (!status.isString())
        return HttpResponse::error(
            400, QStringLiteral("bad_status"), QStringLiteral("Status must be passing, warning or critical"));
    if (!output.isUndefined() && !output.isNull() && (!output.isString() || output.toString().size() > 4096))
        return HttpResponse::error(
            400, QStringLiteral("bad_output"), QStringLiteral("Output must be a string of at most 4096 characters"));
    return setCheckState(
        request.pathParam(QStringLiteral("id")), status.toString(), output.toString(), output.isString());
}

HttpResponse AgentApi::registerCheck(const HttpRequest &request)
{
    QJsonObject body;
    HttpResponse error;
    if (!request.jsonObject(&body, &error))
        return error;
    body = ConsulKeys::canonical(body);
    const auto serviceId = body.value(QStringLiteral("ServiceID")).toString();
    if (serviceId.isEmpty())
        return HttpResponse::error(400, QStringLiteral("bad_check"),
            QStringLiteral("ServiceID is required: checks belong to a service here (no node-level checks)"));
    auto instance = m_store.instance(serviceId);
    if (!instance || instance->remote)
        return unknownInstance(serviceId);
    HealthCheck check;
    HealthState initial = HealthState::Critical;
    bool present = false;
    QString reason;
    if (!ConsulJson::parseCheck(body, m_options.defaultTtlMs, &check, &initial, &present, &reason))
        return HttpResponse::error(400, QStringLiteral("bad_check"), reason);
    if (!present)
        return HttpResponse::error(400, QStringLiteral("bad_check"), QStringLiteral("give one of TTL, HTTP or TCP"));
    // One check per service: a registered check replaces the service's check.
    const auto now = QDateTime::currentMSecsSinceEpoch();
    instance->check = check;
    instance->state = initial;
    instance->output.clear();
    instance->lastHeartbeatMs = now;
    instance->criticalSinceMs = initial == HealthState::Critical ? now : 0;
    m_store.putInstance(*instance);
    m_monitor.forget(instance->id);
    if (check.isActive())
        m_monitor.checkSoon(instance->id);
    return HttpResponse::empty(200);
}

HttpResponse AgentApi::deregisterCheck(const HttpRequest &request)
{
    const auto checkId = request.pathParam(QStringLiteral("id"));
    RegistryInstance instance;
    if (!findByCheckId(checkId, &instance))
        return unknownCheck(checkId);
    return HttpResponse::error(400, QStringLiteral("last_check"),
        QStringLiteral("\"%1\" is the only check of %2, and every instance here has one: register another check "
                       "for it, or deregister the service")
            .arg(checkId, instance.id));
}

HttpResponse AgentApi::maintenance(const HttpRequest &request)
{
    const auto id = request.pathParam(QStringLiteral("id"));
    const auto enable = request.queryValue(QStringLiteral("enable"));
    if (enable != QLatin1String("true") && enable != QLatin1String("false"))
        return HttpResponse::error(
            400, QStringLiteral("bad_enable"), QStringLiteral("enable=true or enable=false is required"));
    auto response = setDrained(id, enable == QLatin1String("true"));
    return response.status == 200 ? HttpResponse::empty(200) : response;
}

HttpResponse AgentApi::setDrained(const QString &id, bool drained)
{
    auto instance = m_store.instance(id);
    if (!instance)
        return unknownInstance(id);
    if (instance->drained != drained) {
        instance->drained = drained;
        instance->remote = false;
        m_store.putInstance(*instance);
        Logging::get("registry")->info("{} {}", id.toStdString(), drained ? "drained" : "back in service");
    }
    return HttpResponse::json(QJsonObject { { QStringLiteral("id"), id }, { QStringLiteral("drained"), drained } });
}
