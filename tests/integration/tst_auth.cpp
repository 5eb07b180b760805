#include "httptestclient.h"
#include "registry/registryservice.h"
#include "runtime/fleet.h"
#include "runtime/servicehost.h"
#include "runtime/shopfleet.h"

#include <memory>
#include <QJsonArray>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

// Write and control routes of every service behind a token, on loopback with the token policy the
// instances get whenever they bind beyond loopback: no token 401, a wrong one 403, the right one passes
// (as Bearer or X-Consul-Token), reads stay open. The services also present the token to each other.
class TestAuth : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void cartWrites_data();
    void cartWrites();
    void registryWrites_data();
    void registryWrites();
    void trafficControl();
    void readsStayOpen_data();
    void readsStayOpen();
    void instancesUseTheTokenWithEachOther();

private:
    QUrl urlOf(ServiceHost *host, const QString &path) const;
    // Sends the write three times (none, wrong, right token) and checks each status.
    void checkWrite(
        ServiceHost *host, const QByteArray &method, const QString &path, const QByteArray &body, int okStatus);

    QTemporaryDir m_dir;
    std::unique_ptr<Fleet> m_fleet;
    ServiceHost *m_registry = nullptr;
    ShopFleetHosts m_shop;
};

namespace {

const QByteArray token = "fd-auth-7f3c9a1e5b";

QString errorCode(const TestHttpResponse &response)
{
    return response.json().value(QStringLiteral("error")).toObject().value(QStringLiteral("code")).toString();
}

} // namespace

void TestAuth::initTestCase()
{
    QVERIFY(m_dir.isValid());
    m_fleet = std::make_unique<Fleet>();
    HttpAccessPolicy access;
    access.token = token;
    ServiceHostConfig registry;
    registry.serviceName = QStringLiteral("registry");
    registry.access = access;
    m_registry = m_fleet->add(registry, [] { return std::make_unique<RegistryService>(RegistryServiceOptions {}); });
    QString error;
    QVERIFY2(m_fleet->startAll(&error), qPrintable(error));

    ShopFleetOptions shop;
    shop.cartDatabase = m_dir.filePath(QStringLiteral("carts.sqlite"));
    shop.cartPort = 0;
    shop.cartInstances = 1;
    shop.catalogInstances = 1;
    shop.trafficRate = 50;
    shop.access = access;
    shop.registryUrl = m_registry->baseUrl();
    m_shop = addShopFleet(*m_fleet, shop);
    QVERIFY2(m_fleet->startAll(&error), qPrintable(error));
}

void TestAuth::cleanupTestCase()
{
    m_fleet.reset();
}

QUrl TestAuth::urlOf(ServiceHost *host, const QString &path) const
{
    auto url = host->baseUrl();
    url.setPath(path.section(QLatin1Char('?'), 0, 0));
    if (path.contains(QLatin1Char('?')))
        url.setQuery(path.section(QLatin1Char('?'), 1));
    return url;
}

void TestAuth::checkWrite(
    ServiceHost *host, const QByteArray &method, const QString &path, const QByteArray &body, int okStatus)
{
    const auto url = urlOf(host, path);
    const auto none = TestHttp::request(method, url, body);
    QCOMPARE(none.status, 401);
    QCOMPARE(errorCode(none), QStringLiteral("unauthorized"));
    QCOMPARE(none.header("WWW-Authenticate"), QByteArray("Bearer"));
    const auto wrong = TestHttp::request(method, url, body, { { "Authorization", "Bearer " + token + "x" } });
    QCOMPARE(wrong.status, 403);
    QCOMPARE(errorCode(wrong), QStringLiteral("forbidden"));
    const auto wrongConsul = TestHttp::request(method, url, body, { { "X-Consul-Token", token.left(5) } });
    QCOMPARE(wrongConsul.status, 403);
    // A token in a different scheme is not a bearer token.
    QCOMPARE(TestHttp::request(method, url, body, { { "Authorization", "Basic " + token } }).status, 403);
    const auto right = TestHttp::request(method, url, body, { { "Authorization", "Bearer " + token } });
    QVERIFY2(right.status == okStatus, right.body.constData());
}

void TestAuth::cartWrites_data()
{
    QTest::addColumn<QByteArray>("method");
    QTest::addColumn<QString>("path");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<int>("status");
    QTest::newRow("create cart") << QByteArray("POST") << QStringLiteral("/carts") << QByteArray(R"({"id":"auth-1"})")
                                 << 201;
    QTest::newRow("add item") << QByteArray("POST") << QStringLiteral("/carts/auth-1/items")
                              << QByteArray(R"({"item_id":"sku-1001","quantity":2})") << 200;
    QTest::newRow("set quantity") << QByteArray("PUT") << QStringLiteral("/carts/auth-1/items/sku-1001")
                                  << QByteArray(R"({"quantity":5})") << 200;
    QTest::newRow("remove item") << QByteArray("DELETE") << QStringLiteral("/carts/auth-1/items/sku-1001")
                                 << QByteArray() << 200;
    QTest::newRow("clear cart") << QByteArray("DELETE") << QStringLiteral("/carts/auth-1") << QByteArray() << 200;
    QTest::newRow("seed add") << QByteArray("POST") << QStringLiteral("/cart")
                              << QByteArray(R"({"item_id":"sku-1002","quantity":1})") << 200;
    QTest::newRow("seed remove") << QByteArray("DELETE") << QStringLiteral("/cart")
                                 << QByteArray(R"({"item_id":"sku-1002"})") << 200;
}

void TestAuth::cartWrites()
{
    QFETCH(QByteArray, method);
    QFETCH(QString, path);
    QFETCH(QByteArray, body);
    QFETCH(int, status);
    checkWrite(m_shop.carts.first(), method, path, body, status);
}

void TestAuth::registryWrites_data()
{
    QTest::addColumn<QByteArray>("method");
    QTest::addColumn<QString>("path");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<int>("status");
    QTest::newRow("register") << QByteArray("PUT") << QStringLiteral("/v1/agent/service/register")
                              << QByteArray(R"({"ID":"auth-x","Name":"authsvc","Port":9})") << 200;
    QTest::newRow("pass check") << QByteArray("PUT") << QStringLiteral("/v1/agent/check/pass/service:auth-x")
                                << QByteArray() << 200;
    QTest::newRow("kv put") << QByteArray("PUT") << QStringLiteral("/v1/kv/config/auth") << QByteArray("limit=1")
                            << 200;
    QTest::newRow("kv put again") << QByteArray("PUT") << QStringLiteral("/v1/kv/config/auth") << QByteArray("limit=2")
                                  << 200;
    QTest::newRow("kv rollback") << QByteArray("PUT")
                                 << QStringLiteral("/v1/flightdeck/kv-rollback/config/auth?version=1") << QByteArray()
                                 << 200;
    QTest::newRow("drain") << QByteArray("PUT") << QStringLiteral("/v1/flightdeck/instances/auth-x/drain")
                           << QByteArray() << 200;
    QTest::newRow("kv delete") << QByteArray("DELETE") << QStringLiteral("/v1/kv/config/auth") << QByteArray() << 200;
    QTest::newRow("deregister") << QByteArray("PUT") << QStringLiteral("/v1/agent/service/deregister/auth-x")
                                << QByteArray() << 200;
}

void TestAuth::registryWrites()
{
    QFETCH(QByteArray, method);
    QFETCH(QString, path);
    QFETCH(QByteArray, body);
    QFETCH(int, status);
    checkWrite(m_registry, method, path, body, status);
}

void TestAuth::trafficControl()
{
    checkWrite(m_shop.traffic, "PUT", QStringLiteral("/traffic"), R"({"rate": 40})", 200);
    QCOMPARE(TestHttp::get(urlOf(m_shop.traffic, QStringLiteral("/traffic")))
                 .json()
                 .value(QStringLiteral("rate"))
                 .toDouble(),
        40.0);
}

void TestAuth::readsStayOpen_data()
{
    QTest::addColumn<QString>("service");
    QTest::addColumn<QString>("path");
    for (const auto *path : { "/health", "/metrics", "/cart", "/carts" })
        QTest::newRow(qPrintable(QStringLiteral("cart %1").arg(QString::fromLatin1(path))))
            << QStringLiteral("cart") << QString::fromLatin1(path);
    for (const auto *path : { "/health", "/metrics", "/v1/catalog/services", "/v1/health/service/cart" })
        QTest::newRow(qPrintable(QStringLiteral("registry %1").arg(QString::fromLatin1(path))))
            << QStringLiteral("registry") << QString::fromLatin1(path);
    QTest::newRow("catalog /items") << QStringLiteral("catalog") << QStringLiteral("/items");
    QTest::newRow("traffic /traffic") << QStringLiteral("traffic") << QStringLiteral("/traffic");
}

void TestAuth::readsStayOpen()
{
    QFETCH(QString, service);
    QFETCH(QString, path);
    ServiceHost *host = service == QLatin1String("cart") ? m_shop.carts.first()
        : service == QLatin1String("registry")           ? m_registry
        : service == QLatin1String("catalog")            ? m_shop.catalogs.first()
                                                         : m_shop.traffic;
    const auto response = TestHttp::get(urlOf(host, path));
    QVERIFY2(response.status == 200, response.body.constData());
}

void TestAuth::instancesUseTheTokenWithEachOther()
{
    // The registry agents registered every instance (a write route) with the token...
    QTRY_VERIFY_WITH_TIMEOUT(
        TestHttp::get(urlOf(m_registry, QStringLiteral("/v1/health/service/cart?passing"))).body.contains("\"cart-1\""),
        5000);
    // ...and the traffic generator's cart writes pass.
    QTRY_VERIFY_WITH_TIMEOUT(TestHttp::get(urlOf(m_shop.traffic, QStringLiteral("/traffic")))
                                 .json()
                                 .value(QStringLiteral("actions"))
                                 .toObject()
                                 .value(QStringLiteral("add"))
                                 .toObject()
                                 .value(QStringLiteral("ok"))
                                 .toInt()
            > 0,
        10000);
    const auto carts = TestHttp::get(urlOf(m_shop.carts.first(), QStringLiteral("/carts"))).json();
    QVERIFY(!carts.value(QStringLiteral("carts")).toArray().isEmpty());
}

QTEST_GUILESS_MAIN(TestAuth)
#include "tst_auth.moc"
