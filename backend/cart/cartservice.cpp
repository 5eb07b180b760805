#include "cartservice.h"

#include "cartrequest.h"
#include "client/instancesource.h"
#include "core/logging.h"
#include "http/httpreply.h"
#include "http/httprequest.h"
#include "http/httpresponse.h"
#include "http/httpserver.h"
#include "sqlitecartstore.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QUuid>
#include <spdlog/spdlog.h>

namespace {

const QString defaultCart = QStringLiteral("default");

HttpResponse withEtag(HttpResponse response, qint64 version)
{
    response.withHeader("ETag", CartRequest::etag(version));
    return response;
}

HttpResponse storeError(const QString &message)
{
    return HttpResponse::error(503, QStringLiteral("store_unavailable"), message);
}

} // namespace

std::function<std::unique_ptr<CartStore>(const QString &)> sqliteCartStoreFactory(const QString &path)
{
    return [path](const QString &instanceId) -> std::unique_ptr<CartStore> {
        SqliteCartStoreOptions options;
        options.path = path;
        options.connectionTag = instanceId;
        return std::make_unique<SqliteCartStore>(options);
    };
}

CartService::CartService(CartServiceOptions options)
    : m_options(std::move(options))
{ }

CartService::~CartService() = default;

bool CartService::start(ServiceContext &context, QString *error)
{
    m_instanceId = context.instanceId;
    m_log = Logging::get(m_instanceId.toStdString());
    if (!m_options.store) {
        *error = QStringLiteral("%1: no cart store configured").arg(m_instanceId);
        return false;
    }
    m_store = m_options.store(m_instanceId);
    if (!m_store->open(error))
        return false;
    m_catalogInstances = m_options.catalogInstances ? m_options.catalogInstances() : nullptr;
    auto catalogOptions = m_options.catalogClient;
    catalogOptions.caller = m_instanceId.toUtf8();
    m_catalogClient = new ServiceClient(QStringLiteral("catalog"), m_catalogInstances.get(), catalogOptions, this);
    m_catalogClient->setCallObserver(context.calls);
    m_catalog = new CatalogLookup(m_catalogClient, m_options.catalogCache, this);
    addSeedRoutes(context.server);
    addRichRoutes(context.server);
    m_log->info("cart service ready; {} catalog instance(s) known",
        m_catalogInstances ? m_catalogInstances->instances(QStringLiteral("catalog")).size() : 0);
    if (m_catalogInstances) {
        // With discovery the catalog's instances arrive (and change) after the start; say so in the log.
        connect(m_catalogInstances.get(), &InstanceSource::changed, this, [this](const QString &service) {
            if (service == QLatin1String("catalog"))
                m_log->info("{} catalog instance(s) known", m_catalogInstances->instances(service).size());
        });
    }
    return true;
}

void CartService::stop()
{
    if (m_store)
        m_store->close();
}

HttpResponse CartService::writeRefusal(const CartWriteResult &result)
{
    using Status = CartWriteResult::Status;
    switch (result.status) {
    case Status::Ok:
        break;
    case Status::CartNotFound:
        return HttpResponse::error(404, QStringLiteral("cart_not_found"), QStringLiteral("no such cart"));
    case Status::ItemNotInCart:
        return withEtag(
            HttpResponse::error(404, QStringLiteral("item_not_in_cart"), QStringLiteral("the item is not in the cart")),
            result.version);
    case Status::CartExists:
        return HttpResponse::error(409, QStringLiteral("cart_exists"), QStringLiteral("a cart with this id exists"));
    case Status::VersionMismatch: {
        // The current version travels in the body and the ETag, so the caller can re-read and decide.
        QJsonObject body { { QStringLiteral("error"),
                               QJsonObject { { QStringLiteral("code"), QStringLiteral("version_mismatch") },
                                   { QStringLiteral("message"),
                                       QStringLiteral("the cart changed since that ETag; it is now version %1")
                                           .arg(result.version) } } },
            { QStringLiteral("version"), result.version } };
        return withEtag(HttpResponse::json(body, 412), result.version);
    }
    case Status::LineLimit:
        return HttpResponse::error(422, QStringLiteral("line_limit"),
            QStringLiteral("a cart line cannot hold more than %1").arg(CartLimits::maxLineQuantity));
    case Status::Unavailable:
        return storeError(result.error);
    }
    return HttpResponse::error(500, QStringLiteral("internal"), QStringLiteral("unexpected store result"));
}

void CartService::checkedWrite(const CartWrite &write, bool checkCatalog, const HttpReply &reply, Responder respond)
{
    auto doWrite = [this, write, reply, respond = std::move(respond)] {
        m_store->write(write, [this, reply, respond](const CartWriteResult &result) {
            if (result.status == CartWriteResult::Status::Ok) {
                respond(result);
                return;
            }
            if (result.status == CartWriteResult::Status::Unavailable)
                m_log->warn("cart write not committed: {}", result.error.toStdString());
            reply.send(writeRefusal(result));
        });
    };
    if (!checkCatalog) {
        doWrite();
        return;
    }
    m_catalog->lookup(
        write.itemId, this, [this, reply, itemId = write.itemId, doWrite](const CatalogLookup::Result &found) {
            switch (found.kind) {
            case CatalogLookup::Result::Kind::Found:
                doWrite();
                break;
            case CatalogLookup::Result::Kind::Unknown:
                reply.send(HttpResponse::error(
                    422, QStringLiteral("unknown_item"), QStringLiteral("'%1' is not in the catalog").arg(itemId)));
                break;
            case CatalogLookup::Result::Kind::Unavailable:
                m_log->warn("catalog unavailable, refusing a write: {}", found.error.toStdString());
                reply.send(HttpResponse::error(503, QStringLiteral("catalog_unavailable"),
                    QStringLiteral("cannot check the item against the catalog: %1").arg(found.error)));
                break;
            }
        });
}

HttpResponse CartService::seedCartResponse(const QString &cartId)
{
    CartSnapshot cart;
    bool found = false;
    QString error;
    if (!m_store->cart(cartId, &cart, &found, &error))
        return storeError(error);
    if (!found)
        return HttpResponse::error(404, QStringLiteral("cart_not_found"), QStringLiteral("no such cart"));
    auto &cachedBody = m_seedBodies[cartId];
    if (cachedBody.first != cart.version || cachedBody.second.isEmpty()) {
        QJsonArray items;
        for (const auto &line : std::as_const(cart.lines))
            items.append(QJsonObject {
                { QStringLiteral("item_id"), line.itemId }, { QStringLiteral("quantity"), line.quantity } });
        cachedBody = { cart.version,
            QJsonDocument(QJsonObject { { QStringLiteral("items"), items } }).toJson(QJsonDocument::Compact) };
    }
    return withEtag(HttpResponse::text(cachedBody.second, "application/json"), cart.version);
}

void CartService::addSeedRoutes(HttpServer &server)
{
    server.route("GET", QStringLiteral("/cart"), [this](const HttpRequest &) { return seedCartResponse(defaultCart); });

    server.routeAsync(
        "POST", QStringLiteral("/cart"),
        [this](const HttpRequest &request, const HttpReply &reply) {
            QJsonObject body;
            HttpResponse error;
            CartWrite write;
            write.kind = CartWrite::Kind::AddItem;
            write.cartId = defaultCart;
            if (!request.jsonObject(&body, &error) || !CartRequest::itemId(body, &write.itemId, &error)
                || !CartRequest::quantity(body, &write.quantity, &error)
                || !CartRequest::ifMatch(request, &write.expectedVersion, &error)) {
                reply.send(error);
                return;
            }
            checkedWrite(write, true, reply, [reply, write](const CartWriteResult &result) {
                reply.send(
                    withEtag(HttpResponse::json(QJsonObject { { QStringLiteral("message"), QStringLiteral("added") },
                                 { QStringLiteral("item_id"), write.itemId },
                                 { QStringLiteral("quantity"), result.lineQuantity },
                                 { QStringLiteral("version"), result.version } }),
                        result.version));
            });
        },
        RouteAccess::Write);

    server.routeAsync(
        "DELETE", QStringLiteral("/cart"),
        [this](const HttpRequest &request, const HttpReply &reply) {
            QJsonObject body;
            HttpResponse error;
            CartWrite write;
            write.kind = CartWrite::Kind::RemoveItem;
            write.cartId = defaultCart;
            if (!request.jsonObject(&body, &error) || !CartRequest::itemId(body, &write.itemId, &error)
                || !CartRequest::ifMatch(request, &write.expectedVersion, &error)) {
                reply.send(error);
                return;
            }
            // Removing needs no catalog: an item that left the catalog must still be removable.
            checkedWrite(write, false, reply, [reply, write](const CartWriteResult &result) {
                reply.send(withEtag(
                    HttpResponse::json(QJsonObject { { QStringLiteral("message"), QStringLiteral("removed") },
                        { QStringLiteral("item_id"), write.itemId }, { QStringLiteral("version"), result.version } }),
                    result.version));
            });
        },
        RouteAccess::Write);
}

void CartService::replyWithCart(const QString &cartId, int status, const HttpReply &reply)
{
    CartSnapshot cart;
    bool found = false;
    QString error;
    if (!m_store->cart(cartId, &cart, &found, &error)) {
        reply.send(storeError(error));
        return;
    }
    if (!found) {
        reply.send(HttpResponse::error(404, QStringLiteral("cart_not_found"), QStringLiteral("no such cart")));
        return;
    }
    // Prices come from the catalog; lines whose price is not cached are looked up first. If the catalog
    // cannot answer, the cart is still shown, without those prices.
    struct Pricing
    {
        CartSnapshot cart;
        QHash<QString, CatalogItem> items;
        int waiting = 0;
        int status = 200;
        HttpReply reply;
    };
    auto pricing = std::make_shared<Pricing>(Pricing { cart, {}, 0, status, reply });
    auto render = [](const Pricing &p) {
        QJsonArray lines;
        qint64 total = 0;
        qint64 count = 0;
        bool complete = true;
        for (const auto &line : p.cart.lines) {
            QJsonObject object { { QStringLiteral("item_id"), line.itemId },
                { QStringLiteral("quantity"), line.quantity } };
            const auto it = p.items.constFind(line.itemId);
            if (it != p.items.constEnd()) {
                object.insert(QStringLiteral("name"), it->name);
                object.insert(QStringLiteral("unit_price_cents"), it->priceCents);
                object.insert(QStringLiteral("line_total_cents"), it->priceCents * line.quantity);
                total += it->priceCents * line.quantity;
            } else {
                object.insert(QStringLiteral("unit_price_cents"), QJsonValue::Null);
                object.insert(QStringLiteral("line_total_cents"), QJsonValue::Null);
                complete = false;
            }
            count += line.quantity;
            lines.append(object);
        }
        QJsonObject body { { QStringLiteral("id"), p.cart.id }, { QStringLiteral("version"), p.cart.version },
            { QStringLiteral("items"), lines }, { QStringLiteral("item_count"), count },
            { QStringLiteral("total_cents"), complete ? QJsonValue(total) : QJsonValue(QJsonValue::Null) },
            { QStringLiteral("priced"), complete } };
        p.reply.send(withEtag(HttpResponse::json(body, p.status), p.cart.version));
    };
    QStringList missing;
    for (const auto &line : std::as_const(cart.lines)) {
        CatalogItem item;
        if (m_catalog->cached(line.itemId, &item))
            pricing->items.insert(line.itemId, item);
        else
            missing.append(line.itemId);
    }
    if (missing.isEmpty()) {
        render(*pricing);
        return;
    }
    pricing->waiting = int(missing.size());
    for (const auto &itemId : std::as_const(missing)) {
        m_catalog->lookup(itemId, this, [pricing, itemId, render](const CatalogLookup::Result &result) {
            if (result.kind == CatalogLookup::Result::Kind::Found)
                pricing->items.insert(itemId, result.item);
            if (--pricing->waiting == 0)
                render(*pricing);
        });
    }
}

void CartService::addRichRoutes(HttpServer &server)
{
    server.route("GET", QStringLiteral("/carts"), [this](const HttpRequest &request) {
        int limit
            = request.hasQueryItem(QStringLiteral("limit")) ? request.queryValue(QStringLiteral("limit")).toInt() : 100;
        limit = std::clamp(limit, 1, 1000);
        QList<CartSummary> carts;
        QString error;
        if (!m_store->listCarts(limit, &carts, &error))
            return storeError(error);
        QJsonArray list;
        for (const auto &cart : std::as_const(carts))
            list.append(QJsonObject { { QStringLiteral("id"), cart.id }, { QStringLiteral("version"), cart.version },
                { QStringLiteral("lines"), cart.lineCount }, { QStringLiteral("updated_at_ms"), cart.updatedAtMs } });
        return HttpResponse::json(QJsonObject { { QStringLiteral("carts"), list } });
    });

    server.routeAsync(
        "POST", QStringLiteral("/carts"),
        [this](const HttpRequest &request, const HttpReply &reply) {
            QJsonObject body;
            HttpResponse error;
            CartWrite write;
            write.kind = CartWrite::Kind::CreateCart;
            // An empty body is allowed here: the service then picks the id.
            if (!request.body.trimmed().isEmpty() && !request.jsonObject(&body, &error)) {
                reply.send(error);
                return;
            }
            const auto id = body.value(QStringLiteral("id"));
            if (!id.isUndefined() && !id.isString()) {
                reply.send(
                    HttpResponse::error(400, QStringLiteral("wrong_type"), QStringLiteral("'id' must be a string")));
                return;
            }
            write.cartId = id.isString() ? id.toString() : QUuid::createUuid().toString(QUuid::WithoutBraces);
            if (!CartRequest::validCartId(write.cartId, &error)) {
                reply.send(error);
                return;
            }
            checkedWrite(write, false, reply,
                [this, reply, write](const CartWriteResult &) { replyWithCart(write.cartId, 201, reply); });
        },
        RouteAccess::Write);

    server.routeAsync("GET", QStringLiteral("/carts/{id}"), [this](const HttpRequest &request, const HttpReply &reply) {
        replyWithCart(request.pathParam(QStringLiteral("id")), 200, reply);
    });

    // Every write on one cart: validate, write, answer with the cart as it is after the commit.
    auto cartWrite = [this](CartWrite::Kind kind, bool needsItem, bool needsQuantity, bool itemFromPath) {
        return
            [this, kind, needsItem, needsQuantity, itemFromPath](const HttpRequest &request, const HttpReply &reply) {
                CartWrite write;
                write.kind = kind;
                write.cartId = request.pathParam(QStringLiteral("id"));
                HttpResponse error;
                QJsonObject body;
                bool ok = CartRequest::validCartId(write.cartId, &error)
                    && CartRequest::ifMatch(request, &write.expectedVersion, &error);
                if (ok && needsQuantity)
                    ok = request.jsonObject(&body, &error) && CartRequest::quantity(body, &write.quantity, &error);
                if (ok && needsItem) {
                    if (itemFromPath) {
                        write.itemId = request.pathParam(QStringLiteral("item_id"));
                        ok = CartRequest::validItemId(write.itemId, &error);
                    } else {
                        ok = CartRequest::itemId(body, &write.itemId, &error);
                    }
                }
                if (!ok) {
                    reply.send(error);
                    return;
                }
                const bool checkCatalog = kind == CartWrite::Kind::AddItem || kind == CartWrite::Kind::SetQuantity;
                checkedWrite(write, checkCatalog, reply,
                    [this, reply, write](const CartWriteResult &) { replyWithCart(write.cartId, 200, reply); });
            };
    };
    server.routeAsync("DELETE", QStringLiteral("/carts/{id}"), cartWrite(CartWrite::Kind::Clear, false, false, false),
        RouteAccess::Write);
    server.routeAsync("POST", QStringLiteral("/carts/{id}/items"),
        cartWrite(CartWrite::Kind::AddItem, true, true, false), RouteAccess::Write);
    server.routeAsync("PUT", QStringLiteral("/carts/{id}/items/{item_id}"),
        cartWrite(CartWrite::Kind::SetQuantity, true, true, true), RouteAccess::Write);
    server.routeAsync("DELETE", QStringLiteral("/carts/{id}/items/{item_id}"),
        cartWrite(CartWrite::Kind::RemoveItem, true, false, true), RouteAccess::Write);
}
