#pragma once

#include "cartstore.h"
#include "cataloglookup.h"
#include "client/serviceclient.h"
#include "http/service.h"

#include <functional>
#include <memory>
#include <QObject>

namespace spdlog {
class logger;
}

class HttpReply;
class InstanceSource;
struct HttpRequest;
struct HttpResponse;

struct CartServiceOptions
{
    // Creates this instance's store, on the instance thread. Instances given stores over the same data
    // (one SQLite file) can serve any cart.
    std::function<std::unique_ptr<CartStore>(const QString &instanceId)> store;
    // Where the catalog's instances are found; created on the instance thread.
    std::function<std::unique_ptr<InstanceSource>()> catalogInstances;
    ServiceClientOptions catalogClient;
    CatalogLookup::Options catalogCache;
};

// The cart service. The seed's API on the default cart (POST/DELETE/GET /cart) sits beside a richer one
// with many carts, prices from the catalog and optimistic concurrency (ETag / If-Match) so two operators
// editing one cart never silently overwrite each other. Item ids are checked against the catalog before
// anything is written; a write is answered only after it was committed.
class CartService : public QObject, public Service
{
    Q_OBJECT
public:
    explicit CartService(CartServiceOptions options);
    ~CartService() override;

    bool start(ServiceContext &context, QString *error) override;
    void stop() override;

private:
    using Responder = std::function<void(const CartWriteResult &)>;

    void addSeedRoutes(HttpServer &server);
    void addRichRoutes(HttpServer &server);

    // Validates the item against the catalog (when itemId is set), writes, and hands the committed result
    // to respond; every refusal becomes a JSON error on reply.
    void checkedWrite(const CartWrite &write, bool checkCatalog, const HttpReply &reply, Responder respond);
    // Replies with the priced rich view of a cart, looking up prices it does not have cached.
    void replyWithCart(const QString &cartId, int status, const HttpReply &reply);
    HttpResponse seedCartResponse(const QString &cartId);
    static HttpResponse writeRefusal(const CartWriteResult &result);

    CartServiceOptions m_options;
    QString m_instanceId;
    std::shared_ptr<spdlog::logger> m_log;
    std::unique_ptr<CartStore> m_store;
    std::unique_ptr<InstanceSource> m_catalogInstances;
    ServiceClient *m_catalogClient = nullptr;
    CatalogLookup *m_catalog = nullptr;
    // The seed view of a cart, rendered once per version: GET /cart is the hottest route.
    QHash<QString, QPair<qint64, QByteArray>> m_seedBodies;
};

// Store factory for instances sharing one SQLite file.
std::function<std::unique_ptr<CartStore>(const QString &)> sqliteCartStoreFactory(const QString &path);
