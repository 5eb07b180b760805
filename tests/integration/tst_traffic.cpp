#include "httptestclient.h"
#include "runtime/embeddedfleet.h"
#include "runtime/fleet.h"
#include "runtime/servicehost.h"
#include "runtime/shopfleet.h"
#include "testhosts.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

// The shopper traffic generator against a real cart and catalog fleet, and the embedded fleet's wiring.
class TestTraffic : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void shoppersExerciseTheFleet();
    void rateCanBeChangedAndPaused();
    void badRateIsRefused_data();
    void badRateIsRefused();
    void embeddedFleetRunsTheShop();

private:
    void startFleet(double rate);
    QUrl trafficUrl() const;
    QJsonObject counts() const;

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<Fleet> m_fleet;
    ShopFleetHosts m_hosts;
};

void TestTraffic::startFleet(double rate)
{
    m_fleet.reset();
    m_dir = std::make_unique<QTemporaryDir>();
    m_fleet = std::make_unique<Fleet>();
    ShopFleetOptions options;
    options.cartDatabase = m_dir->filePath(QStringLiteral("carts.sqlite"));
    options.cartPort = 0;
    options.cartInstances = 2;
    options.trafficRate = rate;
    m_hosts = addShopFleet(*m_fleet, options);
    QString error;
    QVERIFY2(m_fleet->startAll(&error), qPrintable(error));
    QVERIFY(m_hosts.traffic);
}

QUrl TestTraffic::trafficUrl() const
{
    auto url = m_hosts.traffic->baseUrl();
    url.setPath(QStringLiteral("/traffic"));
    return url;
}

QJsonObject TestTraffic::counts() const
{
    return TestHttp::get(trafficUrl()).json();
}

void TestTraffic::shoppersExerciseTheFleet()
{
    startFleet(200);
    QTRY_VERIFY_WITH_TIMEOUT(counts().value(QStringLiteral("ok")).toInteger() >= 150, 10000);
    const auto now = counts();
    QCOMPARE(now.value(QStringLiteral("failed")).toInteger(), 0);
    const auto actions = now.value(QStringLiteral("actions")).toObject();
    for (const auto *name : { "browse", "view_item", "add", "remove", "check_cart" })
        QVERIFY2(actions.value(QLatin1String(name)).toObject().value(QStringLiteral("sent")).toInteger() > 0, name);
    // The adds landed in the shoppers' carts, visible from either cart instance.
    auto url = m_hosts.carts.at(1)->baseUrl();
    url.setPath(QStringLiteral("/carts"));
    int withLines = 0;
    for (const auto &cart : TestHttp::get(url).json().value(QStringLiteral("carts")).toArray()) {
        if (cart.toObject().value(QStringLiteral("id")).toString().startsWith(QStringLiteral("shopper-")))
            withLines += cart.toObject().value(QStringLiteral("lines")).toInt() > 0 ? 1 : 0;
    }
    QVERIFY(withLines > 0);
}

void TestTraffic::rateCanBeChangedAndPaused()
{
    startFleet(100);
    QTRY_VERIFY_WITH_TIMEOUT(counts().value(QStringLiteral("sent")).toInteger() > 10, 10000);
    const auto paused = TestHttp::request("PUT", trafficUrl(), R"({"rate": 0})");
    QCOMPARE(paused.status, 200);
    QCOMPARE(paused.json().value(QStringLiteral("rate")).toDouble(), 0.0);
    QTRY_COMPARE_WITH_TIMEOUT(counts().value(QStringLiteral("in_flight")).toInt(), 0, 5000);
    const auto sent = counts().value(QStringLiteral("sent")).toInteger();
    QTest::qWait(300); // a paused generator must stay silent for a while; nothing to poll for
    QCOMPARE(counts().value(QStringLiteral("sent")).toInteger(), sent);
    QCOMPARE(TestHttp::request("PUT", trafficUrl(), R"({"rate": 50})").status, 200);
    QCOMPARE(counts().value(QStringLiteral("rate")).toDouble(), 50.0);
    QTRY_VERIFY_WITH_TIMEOUT(counts().value(QStringLiteral("sent")).toInteger() > sent, 5000);
}

void TestTraffic::badRateIsRefused_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<int>("status");
    QTest::newRow("malformed") << QByteArray("{rate: 5}") << 400;
    QTest::newRow("missing") << QByteArray("{}") << 400;
    QTest::newRow("string") << QByteArray(R"({"rate": "fast"})") << 400;
    QTest::newRow("negative") << QByteArray(R"({"rate": -1})") << 422;
    QTest::newRow("absurd") << QByteArray(R"({"rate": 1e9})") << 422;
}

void TestTraffic::badRateIsRefused()
{
    QFETCH(QByteArray, body);
    QFETCH(int, status);
    if (!m_fleet || !m_hosts.traffic)
        startFleet(0);
    const auto before = counts().value(QStringLiteral("rate")).toDouble();
    const auto response = TestHttp::request("PUT", trafficUrl(), body);
    QCOMPARE(response.status, status);
    QVERIFY(response.json().value(QStringLiteral("error")).isObject());
    QCOMPARE(counts().value(QStringLiteral("rate")).toDouble(), before);
}

void TestTraffic::embeddedFleetRunsTheShop()
{
    m_fleet.reset();
    QTemporaryDir dir;
    Fleet fleet;
    EmbeddedFleetOptions options;
    options.dataDir = dir.path();
    options.registryPort = TestHosts::freePort(); // not 8500: a console running on this machine may hold it
    options.cartPort = 0;
    options.cartInstances = 3;
    populateEmbeddedFleet(fleet, options);
    QCOMPARE(fleet.hostsOf(QStringLiteral("catalog")).size(), 2);
    QCOMPARE(fleet.hostsOf(QStringLiteral("cart")).size(), 3);
    QCOMPARE(fleet.hostsOf(QStringLiteral("traffic")).size(), 1);
    QString error;
    QVERIFY2(fleet.startAll(&error), qPrintable(error));
    QVERIFY(QFile::exists(dir.filePath(QStringLiteral("carts.sqlite"))));
    auto url = fleet.host(QStringLiteral("cart-3"))->baseUrl();
    url.setPath(QStringLiteral("/cart"));
    QCOMPARE(TestHttp::request("POST", url, R"({"item_id": "sku-1001", "quantity": 1})").status, 200);
    auto traffic = fleet.host(QStringLiteral("traffic-1"))->baseUrl();
    traffic.setPath(QStringLiteral("/traffic"));
    QCOMPARE(TestHttp::get(traffic).json().value(QStringLiteral("rate")).toDouble(), 20.0);
    QTRY_VERIFY_WITH_TIMEOUT(TestHttp::get(traffic).json().value(QStringLiteral("ok")).toInteger() > 5, 10000);
    fleet.stopAll();
}

QTEST_GUILESS_MAIN(TestTraffic)
#include "tst_traffic.moc"
