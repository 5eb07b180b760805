#include "catalogapi.h"

#include "blockingresponse.h"
#include "consulfilter.h"
#include "consuljson.h"
#include "http/httpserver.h"
#include "registrystore.h"

#include <memory>
#include <QJsonArray>
#include <QJsonObject>

namespace {

// What a read asks besides its path: ?filter=, ?tag=, ?node-meta=key:value (repeatable).
struct ReadQuery
{
    ConsulFilter filter;
    QString tag;
    QList<QPair<QString, QString>> nodeMeta;

    bool parse(const HttpRequest &request, QString *error)
    {
        tag = request.queryValue(QStringLiteral("tag"));
        const auto pairs = request.query.allQueryItemValues(QStringLiteral("node-meta"), QUrl::FullyDecoded);
        for (const auto &pair : pairs) {
            const auto colon = pair.indexOf(QLatin1Char(':'));
            if (colon <= 0) {
                *error = QStringLiteral("node-meta must be key:value");
                return false;
            }
            nodeMeta.append({ pair.left(colon), pair.mid(colon + 1) });
        }
        return filter.parse(request.queryValue(QStringLiteral("filter")), error);
    }

    // The one node is "flightdeck": a node-meta condition holds only if its Meta has the pair.
    bool nodeMatches() const
    {
        const auto meta = ConsulJson::nodeObject().value(QStringLiteral("Meta")).toObject();
        return std::all_of(nodeMeta.cbegin(), nodeMeta.cend(), [&](const auto &pair) {
            return meta.value(pair.first).toString() == pair.second && meta.contains(pair.first);
        });
    }
    bool tagMatches(const RegistryInstance &instance) const { return tag.isEmpty() || instance.tags.contains(tag); }
};

using Build = std::function<HttpResponse(const ReadQuery &)>;

void serveRead(BlockingQueries &blocking, qint64 maxWaitMs, const HttpRequest &request, const HttpReply &reply,
    BlockingQueries::IndexFn index, Build build)
{
    auto query = std::make_shared<ReadQuery>();
    QString error;
    if (!query->parse(request, &error)) {
        reply.send(HttpResponse::error(400, QStringLiteral("bad_query"), error));
        return;
    }
    BlockingResponse::serve(blocking, request, reply, maxWaitMs, std::move(index),
        [query, build = std::move(build)] { return build(*query); });
}

using IndexOf = std::function<quint64(const HttpRequest &)>;
using BuildOf = std::function<HttpResponse(const HttpRequest &, const ReadQuery &)>;

void addRead(
    HttpServer &server, BlockingQueries &blocking, qint64 maxWaitMs, const QString &path, IndexOf index, BuildOf build)
{
    server.routeAsync("GET", path,
        [&blocking, maxWaitMs, index = std::move(index), build = std::move(build)](
            const HttpRequest &request, const HttpReply &reply) {
            serveRead(
                blocking, maxWaitMs, request, reply, [index, request] { return index(request); },
                [build, request](const ReadQuery &query) { return build(request, query); });
        });
}

bool isNode(const QString &name)
{
    return name == QLatin1String(ConsulJson::kNodeName);
}

} // namespace

CatalogApi::CatalogApi(RegistryStore &store, BlockingQueries &blocking, qint64 maxWaitMs)
    : m_store(store)
    , m_blocking(blocking)
    , m_maxWaitMs(maxWaitMs)
{ }

quint64 CatalogApi::serviceIndex(const QString &name) const
{
    // A service never seen has no index of its own; the global one makes its first registration a change.
    const auto index = m_store.serviceIndex(name);
    return index ? index : m_store.index();
}

void CatalogApi::addRoutes(HttpServer &server)
{
    addCatalogRoutes(server);
    addHealthRoutes(server);
    // One registry (or one per store, all agreeing through it) is the cluster: it is its own leader.
    server.route("GET", QStringLiteral("/v1/status/leader"),
        [](const HttpRequest &) { return HttpResponse::text("\"127.0.0.1:8300\"", "application/json"); });
    server.route("GET", QStringLiteral("/v1/status/peers"),
        [](const HttpRequest &) { return HttpResponse::json(QJsonArray { QStringLiteral("127.0.0.1:8300") }); });
}

void CatalogApi::addCatalogRoutes(HttpServer &server)
{
    auto route = [this, &server](const QString &path, IndexOf index, BuildOf build) {
        addRead(server, m_blocking, m_maxWaitMs, path, std::move(index), std::move(build));
    };
    auto catalogIndex = [this](const HttpRequest &) { return m_store.catalogIndex(); };
    route(QStringLiteral("/v1/catalog/datacenters"), catalogIndex, [](const HttpRequest &, const ReadQuery &) {
        return HttpResponse::json(QJsonArray { QLatin1String(ConsulJson::kDatacenter) });
    });
    route(QStringLiteral("/v1/catalog/services"), catalogIndex, [this](const HttpRequest &, const ReadQuery &query) {
        QMap<QString, QStringList> services;
        if (query.nodeMatches()) {
            m_store.forEachInstance([&](const RegistryInstance &instance) {
                auto &tags = services[instance.service];
                for (const auto &tag : instance.tags)
                    if (!tags.contains(tag))
                        tags.append(tag);
            });
        }
        QJsonObject object;
        for (auto it = services.cbegin(); it != services.cend(); ++it)
            object.insert(it.key(), QJsonArray::fromStringList(it.value()));
        return HttpResponse::json(object);
    });
    // Unknown services answer [] rather than 404, as Consul does: watchers may wait for a service to appear.
    route(
        QStringLiteral("/v1/catalog/service/{name}"),
        [this](const HttpRequest &request) { return serviceIndex(request.pathParam(QStringLiteral("name"))); },
        [this](const HttpRequest &request, const ReadQuery &query) {
            QJsonArray list;
            if (query.nodeMatches()) {
                for (const auto &instance : m_store.instancesOf(request.pathParam(QStringLiteral("name")))) {
                    const auto entry = ConsulJson::catalogEntry(instance);
                    if (query.tagMatches(instance) && query.filter.matches(entry))
                        list.append(entry);
                }
            }
            return HttpResponse::json(list);
        });
    route(QStringLiteral("/v1/catalog/nodes"), catalogIndex, [this](const HttpRequest &, const ReadQuery &query) {
        auto node = ConsulJson::nodeObject();
        node.insert(QStringLiteral("CreateIndex"), 1);
        node.insert(QStringLiteral("ModifyIndex"), 1);
        QJsonArray list;
        if (query.nodeMatches() && query.filter.matches(node))
            list.append(node);
        // Nodes registered through the catalog, with no node meta (a node-meta condition excludes them).
        QMap<QString, QJsonObject> external;
        m_store.forEachInstance([&](const RegistryInstance &instance) {
            if (instance.node.isEmpty())
                return;
            auto &entry = external[instance.node];
            const auto create = entry.value(QStringLiteral("CreateIndex")).toDouble(1e300);
            const auto modify = entry.value(QStringLiteral("ModifyIndex")).toDouble();
            entry = ConsulJson::nodeObject(instance);
            entry.insert(QStringLiteral("CreateIndex"), std::min(create, double(instance.createIndex)));
            entry.insert(QStringLiteral("ModifyIndex"), std::max(modify, double(instance.modifyIndex)));
        });
        for (const auto &entry : std::as_const(external)) {
            if (query.nodeMeta.isEmpty() && query.filter.matches(entry))
                list.append(entry);
        }
        return HttpResponse::json(list);
    });
    // An unknown node answers null, as in Consul.
    route(QStringLiteral("/v1/catalog/node/{node}"), catalogIndex,
        [this](const HttpRequest &request, const ReadQuery &query) {
            const auto name = request.pathParam(QStringLiteral("node"));
            QJsonObject services;
            QJsonObject node = isNode(name) ? ConsulJson::nodeObject() : QJsonObject {};
            m_store.forEachInstance([&](const RegistryInstance &instance) {
                if (instance.nodeName() != name)
                    return;
                node = ConsulJson::nodeObject(instance);
                const auto entry = ConsulJson::serviceObject(instance);
                if (query.filter.matches(entry))
                    services.insert(instance.id, entry);
            });
            if (node.isEmpty())
                return HttpResponse::text("null", "application/json");
            return HttpResponse::json(
                QJsonObject { { QStringLiteral("Node"), node }, { QStringLiteral("Services"), services } });
        });
}

void CatalogApi::addHealthRoutes(HttpServer &server)
{
    auto route = [this, &server](const QString &path, IndexOf index, BuildOf build) {
        addRead(server, m_blocking, m_maxWaitMs, path, std::move(index), std::move(build));
    };
    auto byService
        = [this](const HttpRequest &request) { return serviceIndex(request.pathParam(QStringLiteral("name"))); };
    auto global = [this](const HttpRequest &) { return m_store.index(); };
    route(QStringLiteral("/v1/health/service/{name}"), byService,
        [this](const HttpRequest &request, const ReadQuery &query) {
            const bool passingOnly = request.hasQueryItem(QStringLiteral("passing"))
                && request.queryValue(QStringLiteral("passing")) != QLatin1String("false");
            QJsonArray list;
            if (!query.nodeMatches())
                return HttpResponse::json(list);
            for (const auto &instance : m_store.instancesOf(request.pathParam(QStringLiteral("name")))) {
                if ((passingOnly && !instance.isDiscoverable()) || !query.tagMatches(instance))
                    continue;
                const auto entry = ConsulJson::healthEntry(instance);
                if (query.filter.matches(entry))
                    list.append(entry);
            }
            return HttpResponse::json(list);
        });
    route(QStringLiteral("/v1/health/checks/{name}"), byService,
        [this](const HttpRequest &request, const ReadQuery &query) {
            QJsonArray list;
            for (const auto &instance : m_store.instancesOf(request.pathParam(QStringLiteral("name")))) {
                const QJsonArray checks = ConsulJson::serviceChecks(instance);
                for (const auto &check : checks)
                    if (query.nodeMatches() && query.filter.matches(check.toObject()))
                        list.append(check);
            }
            return HttpResponse::json(list);
        });
    route(QStringLiteral("/v1/health/node/{node}"), global, [this](const HttpRequest &request, const ReadQuery &query) {
        QJsonArray list;
        const auto name = request.pathParam(QStringLiteral("node"));
        if (isNode(name) && query.filter.matches(ConsulJson::serfCheck()))
            list.append(ConsulJson::serfCheck());
        m_store.forEachInstance([&](const RegistryInstance &instance) {
            if (instance.nodeName() != name)
                return;
            const QJsonArray checks = ConsulJson::serviceChecks(instance);
            for (const auto &check : checks)
                if (query.filter.matches(check.toObject()))
                    list.append(check);
        });
        return HttpResponse::json(list);
    });
    server.routeAsync(
        "GET", QStringLiteral("/v1/health/state/{state}"), [this](const HttpRequest &request, const HttpReply &reply) {
            const auto state = request.pathParam(QStringLiteral("state"));
            HealthState parsed = HealthState::Passing;
            if (state != QLatin1String("any") && !parseHealthState(state, &parsed)) {
                reply.send(HttpResponse::error(400, QStringLiteral("bad_state"),
                    QStringLiteral("state must be any, passing, warning or critical")));
                return;
            }
            serveRead(
                m_blocking, m_maxWaitMs, request, reply, [this] { return m_store.index(); },
                [this, state](const ReadQuery &query) {
                    QJsonArray list;
                    if (!query.nodeMatches())
                        return HttpResponse::json(list);
                    auto keep = [&](const QJsonObject &check) {
                        if ((state == QLatin1String("any") || check.value(QStringLiteral("Status")).toString() == state)
                            && query.filter.matches(check))
                            list.append(check);
                    };
                    keep(ConsulJson::serfCheck());
                    m_store.forEachInstance([&](const RegistryInstance &instance) {
                        const QJsonArray checks = ConsulJson::serviceChecks(instance);
                        for (const auto &check : checks)
                            keep(check.toObject());
                    });
                    return HttpResponse::json(list);
                });
        });
}
