#include "httptestclient.h"
#include "runtime/fleet.h"
#include "runtime/servicehost.h"
#include "runtime/shopfleet.h"

#include <memory>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

// The cart and catalog services over real sockets, with the carts in a real SQLite file: the seed's API,
// the rich API with prices and ETags, and every kind of bad input.
class TestCartService : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void catalogServesSeededItems();
    void seedOperations();
    void seedResponsesAreJson();
    void richApiPricesLines();
    void createCartRules();
    void etagConflictGives412();
    void badInputIsRefused_data();
    void badInputIsRefused();
    void oversizedBodyGets413();
    void writesByAnotherProcessAreSeen();
    void catalogDownRefusesWritesButServesReads();

private:
    QUrl cartUrl(const QString &path, int instance = 0) const;
    QUrl catalogUrl(const QString &path) const;
    qint64 defaultVersion() const;
    qint64 quantityOf(const QJsonObject &cart, const QString &itemId) const;

    QTemporaryDir m_dir;
    std::unique_ptr<Fleet> m_fleet;
    ShopFleetHosts m_hosts;
};

namespace {

QByteArray json(const QJsonObject &object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

QString errorCode(const TestHttpResponse &response)
{
    return response.json().value(QStringLiteral("error")).toObject().value(QStringLiteral("code")).toString();
}

} // namespace

void TestCartService::initTestCase()
{
    QVERIFY(m_dir.isValid());
    m_fleet = std::make_unique<Fleet>();
    ShopFleetOptions options;
    options.cartDatabase = m_dir.filePath(QStringLiteral("carts.sqlite"));
    options.cartPort = 0;
    options.cartInstances = 2;
    options.traffic = false;
    m_hosts = addShopFleet(*m_fleet, options);
    QString error;
    QVERIFY2(m_fleet->startAll(&error), qPrintable(error));
}

void TestCartService::cleanupTestCase()
{
    m_fleet.reset();
}

QUrl TestCartService::cartUrl(const QString &path, int instance) const
{
    auto url = m_hosts.carts.at(instance)->baseUrl();
    url.setPath(path);
    return url;
}

QUrl TestCartService::catalogUrl(const QString &path) const
{
    auto url = m_hosts.catalogs.at(0)->baseUrl();
    url.setPath(path);
    return url;
}

qint64 TestCartService::defaultVersion() const
{
    const auto response = TestHttp::get(cartUrl(QStringLiteral("/carts/default")));
    return response.json().value(QStringLiteral("version")).toInteger(-1);
}

qint64 TestCartService::quantityOf(const QJsonObject &cart, const QString &itemId) const
{
    for (const auto &line : cart.value(QStringLiteral("items")).toArray()) {
        if (line.toObject().value(QStringLiteral("item_id")).toString() == itemId)
            return line.toObject().value(QStringLiteral("quantity")).toInteger();
    }
    return 0;
}

void TestCartService::catalogServesSeededItems()
{
    const auto list = TestHttp::get(catalogUrl(QStringLiteral("/items")));
    QCOMPARE(list.status, 200);
    const auto items = list.json().value(QStringLiteral("items")).toArray();
    QVERIFY(items.size() >= 30);
    QCOMPARE(items.first().toObject().value(QStringLiteral("id")).toString(), QStringLiteral("sku-1001"));
    const auto item = TestHttp::get(catalogUrl(QStringLiteral("/items/sku-1003")));
    QCOMPARE(item.status, 200);
    QCOMPARE(item.json().value(QStringLiteral("name")).toString(), QStringLiteral("Waterproof shell jacket"));
    QCOMPARE(item.json().value(QStringLiteral("price_cents")).toInteger(), 18900);
    const auto unknown = TestHttp::get(catalogUrl(QStringLiteral("/items/nope")));
    QCOMPARE(unknown.status, 404);
    QCOMPARE(errorCode(unknown), QStringLiteral("unknown_item"));
}

void TestCartService::seedOperations()
{
    // Exactly the seed client's requests: JSON bodies on POST and DELETE /cart, GET /cart.
    const auto url = cartUrl(QStringLiteral("/cart"));
    const TestHttp::Headers jsonType { { "Content-Type", "application/json" } };
    auto added = TestHttp::request("POST", url, R"({"item_id": "sku-1005", "quantity": 2})", jsonType);
    QCOMPARE(added.status, 200);
    QCOMPARE(added.json().value(QStringLiteral("quantity")).toInteger(), 2);
    added = TestHttp::request("POST", url, R"({"item_id": "sku-1005", "quantity": 3})", jsonType);
    QCOMPARE(added.json().value(QStringLiteral("quantity")).toInteger(), 5);

    // Another instance sees the committed write: they share the database.
    const auto listed = TestHttp::get(cartUrl(QStringLiteral("/cart"), 1));
    QCOMPARE(listed.status, 200);
    QCOMPARE(quantityOf(listed.json(), QStringLiteral("sku-1005")), 5);
    QVERIFY(!listed.header("ETag").isEmpty());
    const auto line = listed.json().value(QStringLiteral("items")).toArray().first().toObject();
    QCOMPARE(line.keys(), (QStringList { QStringLiteral("item_id"), QStringLiteral("quantity") }));

    const auto removed = TestHttp::request("DELETE", url, R"({"item_id": "sku-1005"})", jsonType);
    QCOMPARE(removed.status, 200);
    QCOMPARE(quantityOf(TestHttp::get(url).json(), QStringLiteral("sku-1005")), 0);
}

void TestCartService::seedResponsesAreJson()
{
    // The seed client calls .json() on every answer, so every answer must parse, errors included.
    const auto url = cartUrl(QStringLiteral("/cart"));
    const QList<TestHttpResponse> responses {
        TestHttp::request("POST", url, R"({"item_id": "sku-1002", "quantity": 1})"),
        TestHttp::request("DELETE", url, R"({"item_id": "sku-1002"})"),
        TestHttp::request("DELETE", url, R"({"item_id": "sku-1002"})"), // no longer there: 404
        TestHttp::get(url),
    };
    for (const auto &response : responses) {
        QJsonParseError error;
        QJsonDocument::fromJson(response.body, &error);
        QCOMPARE(error.error, QJsonParseError::NoError);
        QVERIFY(response.header("Content-Type").startsWith("application/json"));
    }
    QCOMPARE(responses[2].status, 404);
    QCOMPARE(errorCode(responses[2]), QStringLiteral("item_not_in_cart"));
}

void TestCartService::richApiPricesLines()
{
    QCOMPARE(TestHttp::request("POST", cartUrl(QStringLiteral("/carts")), R"({"id": "rich-1"})").status, 201);
    auto response = TestHttp::request(
        "POST", cartUrl(QStringLiteral("/carts/rich-1/items")), R"({"item_id": "sku-1001", "quantity": 2})");
    QCOMPARE(response.status, 200);
    response = TestHttp::request(
        "POST", cartUrl(QStringLiteral("/carts/rich-1/items"), 1), R"({"item_id": "sku-1012", "quantity": 3})");
    QCOMPARE(response.status, 200);
    response = TestHttp::request("PUT", cartUrl(QStringLiteral("/carts/rich-1/items/sku-1001")), R"({"quantity": 4})");
    QCOMPARE(response.status, 200);
    const auto cart = TestHttp::get(cartUrl(QStringLiteral("/carts/rich-1"), 1));
    QCOMPARE(cart.status, 200);
    const auto body = cart.json();
    QCOMPARE(body.value(QStringLiteral("id")).toString(), QStringLiteral("rich-1"));
    QCOMPARE(body.value(QStringLiteral("version")).toInteger(), 4); // created at 1, three writes
    QCOMPARE(cart.header("ETag"), QByteArray("\"4\""));
    const auto lines = body.value(QStringLiteral("items")).toArray();
    QCOMPARE(lines.size(), 2);
    const auto shoes = lines.at(0).toObject();
    QCOMPARE(shoes.value(QStringLiteral("item_id")).toString(), QStringLiteral("sku-1001"));
    QCOMPARE(shoes.value(QStringLiteral("unit_price_cents")).toInteger(), 11999);
    QCOMPARE(shoes.value(QStringLiteral("line_total_cents")).toInteger(), 4 * 11999);
    QCOMPARE(body.value(QStringLiteral("total_cents")).toInteger(), 4 * 11999 + 3 * 1295);
    QCOMPARE(body.value(QStringLiteral("item_count")).toInteger(), 7);

    response = TestHttp::request("DELETE", cartUrl(QStringLiteral("/carts/rich-1/items/sku-1012")));
    QCOMPARE(response.status, 200);
    QCOMPARE(response.json().value(QStringLiteral("items")).toArray().size(), 1);
    response = TestHttp::request("DELETE", cartUrl(QStringLiteral("/carts/rich-1")));
    QCOMPARE(response.status, 200);
    QCOMPARE(response.json().value(QStringLiteral("items")).toArray().size(), 0);
    QCOMPARE(response.json().value(QStringLiteral("version")).toInteger(), 6);

    const auto list = TestHttp::get(cartUrl(QStringLiteral("/carts")));
    QCOMPARE(list.status, 200);
    QStringList ids;
    for (const auto &entry : list.json().value(QStringLiteral("carts")).toArray())
        ids.append(entry.toObject().value(QStringLiteral("id")).toString());
    QVERIFY(ids.contains(QStringLiteral("rich-1")));
    QVERIFY(ids.contains(QStringLiteral("default")));
}

void TestCartService::createCartRules()
{
    const auto generated = TestHttp::request("POST", cartUrl(QStringLiteral("/carts")), {});
    QCOMPARE(generated.status, 201);
    const auto id = generated.json().value(QStringLiteral("id")).toString();
    QVERIFY(!id.isEmpty());
    QCOMPARE(TestHttp::get(cartUrl(QStringLiteral("/carts/") + id, 1)).status, 200);
    const auto again = TestHttp::request("POST", cartUrl(QStringLiteral("/carts"), 1), json({ { "id", id } }));
    QCOMPARE(again.status, 409);
    QCOMPARE(errorCode(again), QStringLiteral("cart_exists"));
    QCOMPARE(TestHttp::get(cartUrl(QStringLiteral("/carts/missing-cart"))).status, 404);
}

void TestCartService::etagConflictGives412()
{
    QCOMPARE(TestHttp::request("POST", cartUrl(QStringLiteral("/carts")), R"({"id": "etag-1"})").status, 201);
    const auto first = TestHttp::get(cartUrl(QStringLiteral("/carts/etag-1")));
    const QByteArray seen = first.header("ETag");
    QCOMPARE(seen, QByteArray("\"1\""));

    // Operator A writes with the ETag it saw: accepted, and the ETag moves on.
    const auto a = TestHttp::request("POST", cartUrl(QStringLiteral("/carts/etag-1/items")),
        R"({"item_id": "sku-1003", "quantity": 1})", { { "If-Match", seen } });
    QCOMPARE(a.status, 200);
    QCOMPARE(a.header("ETag"), QByteArray("\"2\""));

    // Operator B, on another instance, still holds the old ETag: refused, told the current version.
    const auto b = TestHttp::request("PUT", cartUrl(QStringLiteral("/carts/etag-1/items/sku-1003"), 1),
        R"({"quantity": 9})", { { "If-Match", seen } });
    QCOMPARE(b.status, 412);
    QCOMPARE(errorCode(b), QStringLiteral("version_mismatch"));
    QCOMPARE(b.json().value(QStringLiteral("version")).toInteger(), 2);
    QCOMPARE(b.header("ETag"), QByteArray("\"2\""));
    const auto after = TestHttp::get(cartUrl(QStringLiteral("/carts/etag-1")));
    QCOMPARE(quantityOf(after.json(), QStringLiteral("sku-1003")), 1);

    // The same holds for clear, item removal and the seed route; weak ETags and "*" are understood.
    QCOMPARE(TestHttp::request("DELETE", cartUrl(QStringLiteral("/carts/etag-1")), {}, { { "If-Match", seen } }).status,
        412);
    QCOMPARE(TestHttp::request(
                 "DELETE", cartUrl(QStringLiteral("/carts/etag-1/items/sku-1003")), {}, { { "If-Match", seen } })
                 .status,
        412);
    const auto seedVersion = defaultVersion();
    QCOMPARE(TestHttp::request("POST", cartUrl(QStringLiteral("/cart")), R"({"item_id": "sku-1004", "quantity": 1})",
                 { { "If-Match", QByteArray::number(seedVersion - 1).prepend('"').append('"') } })
                 .status,
        412);
    QCOMPARE(
        TestHttp::request("DELETE", cartUrl(QStringLiteral("/carts/etag-1")), {}, { { "If-Match", "W/\"2\"" } }).status,
        200);
    QCOMPARE(TestHttp::request("POST", cartUrl(QStringLiteral("/carts/etag-1/items")),
                 R"({"item_id": "sku-1003", "quantity": 1})", { { "If-Match", "*" } })
                 .status,
        200);
}

void TestCartService::badInputIsRefused_data()
{
    QTest::addColumn<QByteArray>("method");
    QTest::addColumn<QString>("path");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QByteArray>("ifMatch");
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("code");

    const QString cart = QStringLiteral("/cart");
    const QString items = QStringLiteral("/carts/default/items");
    const QByteArray longId = QByteArray(129, 'x');
    const QByteArray longUtf8 = QString(43, QChar(0x20AC)).toUtf8(); // 43 euro signs = 129 bytes
    QTest::newRow("malformed json") << QByteArray("POST") << cart << QByteArray(R"({"item_id": "sku-1001",)")
                                    << QByteArray() << 400 << "malformed_json";
    QTest::newRow("json array") << QByteArray("POST") << cart << QByteArray("[1, 2]") << QByteArray() << 400
                                << "malformed_json";
    QTest::newRow("empty body") << QByteArray("POST") << cart << QByteArray() << QByteArray() << 400 << "empty_body";
    QTest::newRow("missing item_id") << QByteArray("POST") << cart << QByteArray(R"({"quantity": 1})") << QByteArray()
                                     << 400 << "missing_field";
    QTest::newRow("missing quantity") << QByteArray("POST") << cart << QByteArray(R"({"item_id": "sku-1001"})")
                                      << QByteArray() << 400 << "missing_field";
    QTest::newRow("null item_id") << QByteArray("POST") << cart << QByteArray(R"({"item_id": null, "quantity": 1})")
                                  << QByteArray() << 400 << "missing_field";
    QTest::newRow("item_id number") << QByteArray("POST") << cart << QByteArray(R"({"item_id": 1001, "quantity": 1})")
                                    << QByteArray() << 400 << "wrong_type";
    QTest::newRow("quantity string") << QByteArray("POST") << cart
                                     << QByteArray(R"({"item_id": "sku-1001", "quantity": "2"})") << QByteArray() << 400
                                     << "wrong_type";
    QTest::newRow("quantity fraction") << QByteArray("POST") << cart
                                       << QByteArray(R"({"item_id": "sku-1001", "quantity": 1.5})") << QByteArray()
                                       << 400 << "wrong_type";
    QTest::newRow("quantity bool") << QByteArray("POST") << cart
                                   << QByteArray(R"({"item_id": "sku-1001", "quantity": true})") << QByteArray() << 400
                                   << "wrong_type";
    QTest::newRow("quantity zero") << QByteArray("POST") << cart
                                   << QByteArray(R"({"item_id": "sku-1001", "quantity": 0})") << QByteArray() << 422
                                   << "invalid_quantity";
    QTest::newRow("quantity negative") << QByteArray("POST") << cart
                                       << QByteArray(R"({"item_id": "sku-1001", "quantity": -3})") << QByteArray()
                                       << 422 << "invalid_quantity";
    QTest::newRow("quantity too large") << QByteArray("POST") << cart
                                        << QByteArray(R"({"item_id": "sku-1001", "quantity": 10001})") << QByteArray()
                                        << 422 << "invalid_quantity";
    QTest::newRow("quantity absurd") << QByteArray("POST") << cart
                                     << QByteArray(R"({"item_id": "sku-1001", "quantity": 1e300})") << QByteArray()
                                     << 422 << "invalid_quantity";
    QTest::newRow("item_id 129 bytes") << QByteArray("POST") << cart
                                       << QByteArray(R"({"item_id": ")" + longId + R"(", "quantity": 1})")
                                       << QByteArray() << 422 << "item_id_too_long";
    QTest::newRow("item_id 129 utf-8 bytes")
        << QByteArray("POST") << cart << QByteArray(R"({"item_id": ")" + longUtf8 + R"(", "quantity": 1})")
        << QByteArray() << 422 << "item_id_too_long";
    QTest::newRow("item_id empty") << QByteArray("POST") << cart << QByteArray(R"({"item_id": "", "quantity": 1})")
                                   << QByteArray() << 422 << "invalid_item_id";
    QTest::newRow("item unknown to catalog")
        << QByteArray("POST") << cart << QByteArray(R"({"item_id": "sku-9999", "quantity": 1})") << QByteArray() << 422
        << "unknown_item";
    QTest::newRow("delete without item_id")
        << QByteArray("DELETE") << cart << QByteArray("{}") << QByteArray() << 400 << "missing_field";
    QTest::newRow("delete malformed") << QByteArray("DELETE") << cart << QByteArray("{") << QByteArray() << 400
                                      << "malformed_json";
    QTest::newRow("bad If-Match") << QByteArray("POST") << cart
                                  << QByteArray(R"({"item_id": "sku-1001", "quantity": 1})") << QByteArray("version-7")
                                  << 400 << "invalid_if_match";
    QTest::newRow("rich unknown item") << QByteArray("POST") << items
                                       << QByteArray(R"({"item_id": "no-such-thing", "quantity": 1})") << QByteArray()
                                       << 422 << "unknown_item";
    QTest::newRow("rich quantity huge") << QByteArray("POST") << items
                                        << QByteArray(R"({"item_id": "sku-1001", "quantity": 99999999})")
                                        << QByteArray() << 422 << "invalid_quantity";
    QTest::newRow("put quantity zero") << QByteArray("PUT") << QStringLiteral("/carts/default/items/sku-1001")
                                       << QByteArray(R"({"quantity": 0})") << QByteArray() << 422 << "invalid_quantity";
    QTest::newRow("put unknown item") << QByteArray("PUT") << QStringLiteral("/carts/default/items/sku-0000")
                                      << QByteArray(R"({"quantity": 1})") << QByteArray() << 422 << "unknown_item";
    QTest::newRow("put long path item") << QByteArray("PUT")
                                        << QStringLiteral("/carts/default/items/") + QString(longId)
                                        << QByteArray(R"({"quantity": 1})") << QByteArray() << 422
                                        << "item_id_too_long";
    QTest::newRow("unknown cart") << QByteArray("POST") << QStringLiteral("/carts/nope/items")
                                  << QByteArray(R"({"item_id": "sku-1001", "quantity": 1})") << QByteArray() << 404
                                  << "cart_not_found";
    QTest::newRow("bad cart id") << QByteArray("POST") << QStringLiteral("/carts") << QByteArray(R"({"id": "a b"})")
                                 << QByteArray() << 422 << "invalid_cart_id";
    QTest::newRow("cart id wrong type") << QByteArray("POST") << QStringLiteral("/carts") << QByteArray(R"({"id": 5})")
                                        << QByteArray() << 400 << "wrong_type";
}

void TestCartService::badInputIsRefused()
{
    QFETCH(QByteArray, method);
    QFETCH(QString, path);
    QFETCH(QByteArray, body);
    QFETCH(QByteArray, ifMatch);
    QFETCH(int, status);
    QFETCH(QString, code);

    const auto before = TestHttp::get(cartUrl(QStringLiteral("/carts/default")));
    QCOMPARE(before.status, 200);
    TestHttp::Headers headers { { "Content-Type", "application/json" } };
    if (!ifMatch.isEmpty())
        headers.append({ "If-Match", ifMatch });
    const auto response = TestHttp::request(method, cartUrl(path), body, headers);
    QCOMPARE(response.status, status);
    QCOMPARE(errorCode(response), code);
    QVERIFY(!response.json()
                 .value(QStringLiteral("error"))
                 .toObject()
                 .value(QStringLiteral("message"))
                 .toString()
                 .isEmpty());
    // Nothing was written: same version, same lines.
    const auto after = TestHttp::get(cartUrl(QStringLiteral("/carts/default")));
    QCOMPARE(after.header("ETag"), before.header("ETag"));
    QCOMPARE(after.json().value(QStringLiteral("items")), before.json().value(QStringLiteral("items")));
}

void TestCartService::oversizedBodyGets413()
{
    const auto version = defaultVersion();
    const QByteArray body = R"({"item_id": "sku-1001", "quantity": 1, "pad": ")" + QByteArray(1024 * 1024, 'p') + "\"}";
    const auto reply = TestHttp::rawExchange(m_hosts.carts.at(0)->port(),
        "POST /cart HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
        "Content-Length: "
            + QByteArray::number(body.size()) + "\r\n\r\n" + body);
    QCOMPARE(TestHttp::statusOf(reply), 413);
    QVERIFY(reply.contains("\"code\":\"body_too_large\""));
    QCOMPARE(defaultVersion(), version);
}

void TestCartService::writesByAnotherProcessAreSeen()
{
    // Warm both instances' caches, then change the file the way another program would: its own connection,
    // its own transaction, outside this process's stores.
    QCOMPARE(
        TestHttp::request("POST", cartUrl(QStringLiteral("/cart")), R"({"item_id": "sku-1030", "quantity": 1})").status,
        200);
    QCOMPARE(quantityOf(TestHttp::get(cartUrl(QStringLiteral("/cart"), 1)).json(), QStringLiteral("sku-1030")), 1);
    {
        auto db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("outsider"));
        db.setDatabaseName(m_dir.filePath(QStringLiteral("carts.sqlite")));
        QVERIFY(db.open());
        QSqlQuery query(db);
        QVERIFY(query.exec(QStringLiteral("PRAGMA busy_timeout=5000")));
        QVERIFY(query.exec(
            QStringLiteral("UPDATE cart_items SET quantity = 77 WHERE cart_id = 'default' AND item_id = 'sku-1030'")));
        QVERIFY(query.exec(QStringLiteral("UPDATE carts SET version = version + 1 WHERE id = 'default'")));
    }
    QSqlDatabase::removeDatabase(QStringLiteral("outsider"));
    for (int instance : { 0, 1 })
        QTRY_COMPARE_WITH_TIMEOUT(
            quantityOf(TestHttp::get(cartUrl(QStringLiteral("/cart"), instance)).json(), QStringLiteral("sku-1030")),
            qint64(77), 2000);
}

void TestCartService::catalogDownRefusesWritesButServesReads()
{
    // Put a priced line in a cart while the catalog is up, then take every catalog instance down.
    QCOMPARE(TestHttp::request("POST", cartUrl(QStringLiteral("/carts")), R"({"id": "down-1"})").status, 201);
    QCOMPARE(TestHttp::request(
                 "POST", cartUrl(QStringLiteral("/carts/down-1/items")), R"({"item_id": "sku-1020", "quantity": 1})")
                 .status,
        200);
    for (auto *catalog : m_hosts.catalogs)
        catalog->stop();
    const auto version = defaultVersion();
    // An item the cart has never checked cannot be validated now: 503, nothing written.
    const auto write
        = TestHttp::request("POST", cartUrl(QStringLiteral("/cart"), 1), R"({"item_id": "sku-1037", "quantity": 1})");
    QCOMPARE(write.status, 503);
    QCOMPARE(errorCode(write), QStringLiteral("catalog_unavailable"));
    QCOMPARE(defaultVersion(), version);
    // Reads still work, on both instances.
    QCOMPARE(TestHttp::get(cartUrl(QStringLiteral("/cart"), 1)).status, 200);
    const auto cart = TestHttp::get(cartUrl(QStringLiteral("/carts/down-1"), 1));
    QCOMPARE(cart.status, 200);
    QCOMPARE(quantityOf(cart.json(), QStringLiteral("sku-1020")), 1);
    // Removing needs no catalog.
    QCOMPARE(TestHttp::request("DELETE", cartUrl(QStringLiteral("/carts/down-1/items/sku-1020"), 1)).status, 200);
}

QTEST_GUILESS_MAIN(TestCartService)
#include "tst_cartservice.moc"
