#include "catalogwriteapi.h"

#include "consuljson.h"
#include "consulkeys.h"
#include "core/logging.h"
#include "healthmonitor.h"
#include "http/httprequest.h"
#include "http/httpresponse.h"
#include "http/httpserver.h"
#include "registrystore.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>
#include <spdlog/spdlog.h>

namespace {

// A registration is a node, a service and its check: a few kilobytes at most.
constexpr qint64 kMaxBodyBytes = 256 * 1024;

HttpResponse plain(int status, const QString &message)
{
    return HttpResponse::text(message.toUtf8(), "text/plain; charset=utf-8", status);
}

HttpResponse done()
{
    return HttpResponse::text("true", "application/json");
}

bool isLocal(const QString &node)
{
    return node == QLatin1String(ConsulJson::kNodeName);
}

// The body as an object with Consul's field names; false with the plain-text answer otherwise.
bool readBody(const HttpRequest &request, QJsonObject *body, HttpResponse *error)
{
    if (request.body.size() > kMaxBodyBytes) {
        *error = plain(413, QStringLiteral("Request body too large: at most %1 bytes").arg(kMaxBodyBytes));
        return false;
    }
    QJsonParseError parseError;
    const auto document = QJsonDocument::fromJson(request.body, &parseError);
    if (parseError.error != QJsonParseError::NoError || !document.isObject()) {
        *error = plain(400, QStringLiteral("Request decode failed: the body must be a JSON object"));
        return false;
    }
    *body = ConsulKeys::canonical(document.object());
    return true;
}

bool readNode(const QJsonObject &body, QString *node, HttpResponse *error)
{
    static const QRegularExpression allowed(QStringLiteral("^[A-Za-z0-9_.:\\-]{1,128}$"));
    const auto value = body.value(QStringLiteral("Node"));
    if (!value.isString() || value.toString().isEmpty()) {
        *error = plain(400, QStringLiteral("Must provide node"));
        return false;
    }
    if (!allowed.match(value.toString()).hasMatch()) {
        *error = plain(400, QStringLiteral("Invalid node name: letters, digits, '_', '.', ':' and '-' (at most 128)"));
        return false;
    }
    const auto datacenter = body.value(QStringLiteral("Datacenter"));
    if (!datacenter.isUndefined() && !datacenter.isNull() && datacenter != QJsonValue(QString())
        && datacenter != QJsonValue(QLatin1String(ConsulJson::kDatacenter))) {
        *error = plain(400, QStringLiteral("No path to datacenter"));
        return false;
    }
    *node = value.toString();
    return true;
}

// One catalog check: {CheckID, Name, Notes, Status, Output, ServiceID, Node}. Its Definition is not read:
// the catalog records a check's state, it does not run the check.
struct CatalogCheck
{
    HealthCheck check;
    HealthState state = HealthState::Critical;
    QString output;
    QString serviceId;
};

bool parseCatalogCheck(const QJsonValue &value, const QString &node, CatalogCheck *out, QString *error)
{
    if (!value.isObject()) {
        *error = QStringLiteral("Check must be an object");
        return false;
    }
    const auto check = value.toObject();
    auto text = [&](const char *field, QString *target, qsizetype maxLength) {
        const auto item = check.value(QLatin1String(field));
        if (item.isUndefined() || item.isNull())
            return true;
        if (!item.isString() || item.toString().size() > maxLength) {
            *error = QStringLiteral("Check.%1 must be a string of at most %2 characters")
                         .arg(QLatin1String(field))
                         .arg(maxLength);
            return false;
        }
        *target = item.toString();
        return true;
    };
    QString checkNode;
    QString status;
    if (!text("CheckID", &out->check.id, 128) || !text("Name", &out->check.name, 256)
        || !text("Notes", &out->check.notes, 1024) || !text("Output", &out->output, 4096)
        || !text("ServiceID", &out->serviceId, 128) || !text("Node", &checkNode, 128) || !text("Status", &status, 16))
        return false;
    if (!checkNode.isEmpty() && checkNode != node) {
        *error = QStringLiteral("Check node \"%1\" does not match the registration's node \"%2\"").arg(checkNode, node);
        return false;
    }
    if (out->check.id.isEmpty())
        out->check.id = out->check.name; // as Consul defaults it
    if (out->check.id.isEmpty()) {
        *error = QStringLiteral("Check needs a CheckID or a Name");
        return false;
    }
    if (out->serviceId.isEmpty()) {
        *error = QStringLiteral("Check \"%1\" has no ServiceID: checks belong to a service here (no node-level checks)")
                     .arg(out->check.id);
        return false;
    }
    // Consul's default for a check registered without a status: critical until told otherwise.
    if (!status.isEmpty() && !parseHealthState(status, &out->state)) {
        *error = QStringLiteral("Check.Status must be passing, warning or critical");
        return false;
    }
    return true;
}

bool collectChecks(const QJsonObject &body, const QString &node, QList<CatalogCheck> *checks, QString *error)
{
    QJsonArray items;
    const auto single = body.value(QStringLiteral("Check"));
    if (!single.isUndefined() && !single.isNull())
        items.append(single);
    const auto many = body.value(QStringLiteral("Checks"));
    if (!many.isUndefined() && !many.isNull()) {
        if (!many.isArray() || many.toArray().size() > 64) {
            *error = QStringLiteral("Checks must be an array of at most 64 checks");
            return false;
        }
        const QJsonArray list = many.toArray();
        for (const auto &item : list)
            items.append(item);
    }
    for (const auto &item : std::as_const(items)) {
        CatalogCheck check;
        if (!parseCatalogCheck(item, node, &check, error))
            return false;
        for (const auto &other : std::as_const(*checks)) {
            if (other.serviceId == check.serviceId) {
                *error = QStringLiteral("only one check per service is supported (%1)").arg(check.serviceId);
                return false;
            }
        }
        checks->append(check);
    }
    return true;
}

// The catalog may only change what it registered, on the node it registered it on.
bool ownedHere(const std::optional<RegistryInstance> &existing, const QString &node, HttpResponse *error)
{
    if (!existing)
        return true;
    if (existing->nodeName() != node) {
        *error = plain(400,
            // Short: client libraries quote a short plain-text body as the error's message.
            QStringLiteral("Service ID \"%1\" is registered on node \"%2\"").arg(existing->id, existing->nodeName()));
        return false;
    }
    if (!existing->external) {
        *error = plain(400,
            QStringLiteral("Service ID \"%1\" is registered through the agent API; change it there").arg(existing->id));
        return false;
    }
    return true;
}

void applyCheck(RegistryInstance *instance, const CatalogCheck &check, qint64 now)
{
    instance->check = check.check;
    instance->state = check.state;
    instance->output = check.output;
    instance->criticalSinceMs = check.state == HealthState::Critical ? now : 0;
}

} // namespace

CatalogWriteApi::CatalogWriteApi(RegistryStore &store, HealthMonitor &monitor)
    : m_store(store)
    , m_monitor(monitor)
{ }

void CatalogWriteApi::addRoutes(HttpServer &server)
{
    server.route(
        "PUT", QStringLiteral("/v1/catalog/register"),
        [this](const HttpRequest &request) { return registerEntity(request); }, RouteAccess::Write);
    server.route(
        "PUT", QStringLiteral("/v1/catalog/deregister"),
        [this](const HttpRequest &request) { return deregisterEntity(request); }, RouteAccess::Write);
}

HttpResponse CatalogWriteApi::registerEntity(const HttpRequest &request)
{
    QJsonObject body;
    QString node;
    HttpResponse error;
    if (!readBody(request, &body, &error) || !readNode(body, &node, &error))
        return error;
    const auto address = body.value(QStringLiteral("Address"));
    if (!address.isString() || address.toString().trimmed().isEmpty() || address.toString().size() > 256)
        return plain(400, QStringLiteral("Must provide address if SkipNodeUpdate is not set"));
    const auto nodeAddress = address.toString().trimmed();
    const auto now = QDateTime::currentMSecsSinceEpoch();

    // Everything is read and checked before anything is written: a refused registration changes nothing.
    QList<RegistryInstance> writes;
    const auto service = body.value(QStringLiteral("Service"));
    if (!service.isUndefined() && !service.isNull()) {
        if (!service.isObject())
            return plain(400, QStringLiteral("Service must be an object"));
        // Catalog services name themselves "Service"; the agent's registration calls it "Name".
        auto definition = service.toObject();
        definition.insert(QStringLiteral("Name"), definition.take(QStringLiteral("Service")));
        definition.remove(QStringLiteral("Check"));
        definition.remove(QStringLiteral("Checks"));
        RegistryInstance instance;
        QString reason;
        if (!ConsulJson::parseRegistration(definition, 0, &instance, &reason))
            return plain(400, QStringLiteral("Service: ") + reason);
        const auto existing = m_store.instance(instance.id);
        if (!ownedHere(existing, node, &error))
            return error;
        instance.node = isLocal(node) ? QString() : node;
        instance.nodeAddress = nodeAddress;
        instance.external = true;
        // Consul leaves ServiceAddress empty (meaning the node's); filling it in gives every consumer, the
        // console's scraper included, an address to reach.
        if (instance.address.isEmpty())
            instance.address = nodeAddress;
        instance.check = HealthCheck {};
        instance.check.id.clear();
        instance.state = HealthState::Passing; // no check: nothing says otherwise
        instance.registeredAtMs = existing ? existing->registeredAtMs : now;
        instance.lastHeartbeatMs = now;
        instance.drained = existing && existing->drained;
        writes.append(instance);
    }
    QList<CatalogCheck> checks;
    QString reason;
    if (!collectChecks(body, node, &checks, &reason))
        return plain(400, reason);
    for (const auto &check : std::as_const(checks)) {
        auto target = std::find_if(
            writes.begin(), writes.end(), [&](const auto &instance) { return instance.id == check.serviceId; });
        if (target == writes.end()) {
            const auto existing = m_store.instance(check.serviceId);
            if (!existing || existing->nodeName() != node)
                return plain(400,
                    QStringLiteral("Missing service registration for check \"%1\" (ServiceID \"%2\")")
                        .arg(check.check.id, check.serviceId));
            if (!ownedHere(existing, node, &error))
                return error;
            writes.append(*existing);
            target = writes.end() - 1;
        }
        applyCheck(&*target, check, now);
    }
    // The node's address is the node's: its other instances move with it.
    bool nodeKnown = isLocal(node) || !writes.isEmpty();
    m_store.forEachInstance([&](const RegistryInstance &instance) {
        if (instance.external && instance.nodeName() == node) {
            nodeKnown = true;
            const bool written = std::any_of(
                writes.cbegin(), writes.cend(), [&](const auto &write) { return write.id == instance.id; });
            if (!written && instance.nodeAddress != nodeAddress) {
                auto moved = instance;
                moved.nodeAddress = nodeAddress;
                writes.append(moved);
            }
        }
    });
    if (!nodeKnown)
        return plain(400,
            QStringLiteral("Node \"%1\" is unknown: nodes exist here through their services, so give a Service")
                .arg(node));
    for (const auto &instance : std::as_const(writes)) {
        m_store.putInstance(instance);
        m_monitor.forget(instance.id);
    }
    if (!writes.isEmpty())
        Logging::get("registry")
            ->info("catalog: {} instance(s) registered on node {}", writes.size(), node.toStdString());
    return done();
}

HttpResponse CatalogWriteApi::deregisterEntity(const HttpRequest &request)
{
    QJsonObject body;
    QString node;
    HttpResponse error;
    if (!readBody(request, &body, &error) || !readNode(body, &node, &error))
        return error;
    const auto serviceId = body.value(QStringLiteral("ServiceID"));
    const auto checkId = body.value(QStringLiteral("CheckID"));
    for (const auto &[field, value] : { std::pair { "ServiceID", serviceId }, std::pair { "CheckID", checkId } }) {
        if (!value.isUndefined() && !value.isNull() && !value.isString())
            return plain(400, QStringLiteral("Request decode failed: %1 must be a string").arg(QLatin1String(field)));
    }
    // What is named and not there is already deregistered: Consul answers true for it too.
    if (!serviceId.toString().isEmpty()) {
        const auto existing = m_store.instance(serviceId.toString());
        if (existing && existing->nodeName() == node) {
            if (!ownedHere(existing, node, &error))
                return error;
            m_store.removeInstance(existing->id);
            m_monitor.forget(existing->id);
        }
    }
    if (!checkId.toString().isEmpty()) {
        std::optional<RegistryInstance> owner;
        m_store.forEachInstance([&](const RegistryInstance &instance) {
            if (!owner && instance.nodeName() == node && instance.hasCheck()
                && instance.checkId() == checkId.toString())
                owner = instance;
        });
        if (owner) {
            if (!ownedHere(owner, node, &error))
                return error;
            owner->check = HealthCheck {};
            owner->check.id.clear();
            owner->state = HealthState::Passing;
            owner->output.clear();
            owner->criticalSinceMs = 0;
            m_store.putInstance(*owner);
        }
    }
    if (serviceId.toString().isEmpty() && checkId.toString().isEmpty()) {
        if (isLocal(node))
            return plain(400, QStringLiteral("The registry's own node cannot be deregistered"));
        QStringList ids;
        m_store.forEachInstance([&](const RegistryInstance &instance) {
            if (instance.external && instance.node == node)
                ids.append(instance.id);
        });
        for (const auto &id : std::as_const(ids)) {
            m_store.removeInstance(id);
            m_monitor.forget(id);
        }
        Logging::get("registry")
            ->info("catalog: node {} deregistered ({} instance(s))", node.toStdString(), ids.size());
    }
    return done();
}
