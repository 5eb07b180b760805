// The shop fleet with a registry: carts find catalog instances, and the traffic generator finds carts, only
// through the registry. Real registry, catalog and cart instances over real sockets; which instance served a
// call is read from the instances' own /metrics.
#include "client/discoveryclient.h"
#include "httptestclient.h"
#include "runtime/fleet.h"
#include "runtime/servicehost.h"
#include "runtime/shopfleet.h"
#include "testhosts.h"

#include <memory>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSet>
#include <QSignalSpy>
#include <QtConcurrent/QtConcurrentRun>
#include <QTemporaryDir>
#include <QTest>

namespace {

const QString kItemRoute = QStringLiteral("/items/{id}");

QByteArray addBody(const QString &itemId, int quantity)
{
    return QJsonDocument(
        QJsonObject { { QStringLiteral("item_id"), itemId }, { QStringLiteral("quantity"), quantity } })
        .toJson(QJsonDocument::Compact);
}

} // namespace

class TestCartDiscovery : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init();
    void cleanup();
    void cartPricesItemsFromCatalogsItDiscovered();
    void drainedCatalogGetsNoNewCalls();
    void registryOutageKeepsTheLastKnownCatalogs();
    void cartStartedBeforeAnyCatalogWaitsForOne();
    void registryStartedLateFillsDiscoveryIn();
    void discoveryReportsWeightsAndMetadataAndSettlesAfterARestart();
    void trafficFollowsCartsThroughTheRegistry();

private:
    void addShop(int catalogs, bool traffic = false);
    // One more instance of like's service, registered with the registry but unknown to the shop's hosts.
    ServiceHost *addRegistered(const QString &service, const QString &id, const ServiceHost *like);
    QUrl cartUrl(const QString &path) const { return TestHosts::at(m_hosts.carts.first()->baseUrl(), path); }
    QStringList passingIds(const QString &service) const { return TestHosts::passingIds(m_registryUrl, service); }
    // Adds an item no catalog has: the cart must ask a catalog instance (a fresh id is never cached), which
    // answers 404, so the cart answers 422. Returns the cart's status; *servedBy names the catalog instance
    // whose request count moved.
    int probe(QString *servedBy);
    // Sends count probes; returns the catalog instances that served them and counts answers other than 422.
    QSet<QString> probeServers(int count, int *unexpected);
    // Starts the shop with two catalog instances and checks that the cart's lookups reach both.
    void startShopWithTwoServingCatalogs();
    static QSet<QString> bothCatalogs() { return { QStringLiteral("catalog-1"), QStringLiteral("catalog-2") }; }

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<ServiceHost> m_registry;
    QUrl m_registryUrl;
    std::unique_ptr<Fleet> m_fleet;
    ShopFleetHosts m_hosts;
    int m_probes = 0;
};

void TestCartDiscovery::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_registry = TestHosts::registry();
    QVERIFY(m_registry->start());
    m_registryUrl = m_registry->baseUrl();
    m_fleet = std::make_unique<Fleet>();
    m_hosts = {};
}

void TestCartDiscovery::cleanup()
{
    m_fleet.reset();
    m_registry.reset();
    m_dir.reset();
}

void TestCartDiscovery::addShop(int catalogs, bool traffic)
{
    ShopFleetOptions options;
    options.cartDatabase = m_dir->filePath(QStringLiteral("carts.sqlite"));
    options.cartPort = 0;
    options.cartInstances = 1;
    options.catalogInstances = catalogs;
    options.traffic = traffic;
    options.trafficRate = 100;
    options.registryUrl = m_registryUrl;
    options.limits.drainTimeoutMs = 1000;
    m_hosts = addShopFleet(*m_fleet, options);
}

ServiceHost *TestCartDiscovery::addRegistered(const QString &service, const QString &id, const ServiceHost *like)
{
    ServiceHostConfig config;
    config.serviceName = service;
    config.instanceId = id;
    config.registryUrl = m_registryUrl;
    config.limits.drainTimeoutMs = 1000;
    return m_fleet->add(config, like->factory());
}

int TestCartDiscovery::probe(QString *servedBy)
{
    QList<double> before;
    for (auto *catalog : std::as_const(m_hosts.catalogs))
        before.append(catalog->isRunning()
                ? TestHosts::routeCount(*catalog, QStringLiteral("http_requests_total"), kItemRoute)
                : 0);
    const auto reply = TestHttp::request(
        "POST", cartUrl(QStringLiteral("/cart")), addBody(QStringLiteral("ghost-%1").arg(++m_probes), 1), {}, 10000);
    QStringList moved;
    for (int i = 0; i < m_hosts.catalogs.size(); ++i) {
        auto *catalog = m_hosts.catalogs.at(i);
        if (catalog->isRunning()
            && TestHosts::routeCount(*catalog, QStringLiteral("http_requests_total"), kItemRoute) > before.at(i))
            moved.append(catalog->instanceId());
    }
    *servedBy = moved.join(QLatin1Char(','));
    return reply.status;
}

QSet<QString> TestCartDiscovery::probeServers(int count, int *unexpected)
{
    QSet<QString> servers;
    for (int i = 0; i < count; ++i) {
        QString served;
        if (probe(&served) != 422)
            ++*unexpected;
        servers.insert(served);
    }
    return servers;
}

void TestCartDiscovery::startShopWithTwoServingCatalogs()
{
    addShop(2);
    QString error;
    QVERIFY2(m_fleet->startAll(&error), qPrintable(error));
    QTRY_COMPARE_WITH_TIMEOUT(passingIds(QStringLiteral("catalog")).size(), 2, 5000);
    // Round robin over what discovery reported: consecutive lookups alternate between the two.
    int unexpected = 0;
    QCOMPARE(probeServers(4, &unexpected), bothCatalogs());
    QCOMPARE(unexpected, 0);
}

void TestCartDiscovery::cartPricesItemsFromCatalogsItDiscovered()
{
    addShop(2);
    QString error;
    QVERIFY2(m_fleet->startAll(&error), qPrintable(error));

    // Straight after the start: the seed API adds an item whose id and price the cart checked with a catalog
    // instance it learnt of from the registry (the call waits for discovery's first answer if it must).
    QCOMPARE(TestHttp::request("POST", cartUrl(QStringLiteral("/cart")), addBody(QStringLiteral("sku-1004"), 2)).status,
        200);
    const auto item
        = TestHttp::get(TestHosts::urlOf(*m_hosts.catalogs.first(), QStringLiteral("/items/sku-1004"))).json();
    const qint64 price = item.value(QStringLiteral("price_cents")).toInteger();
    QVERIFY(price > 0);
    auto cart = TestHttp::get(cartUrl(QStringLiteral("/carts/default"))).json();
    auto line = cart.value(QStringLiteral("items")).toArray().first().toObject();
    QCOMPARE(line.value(QStringLiteral("unit_price_cents")).toInteger(), price);
    QCOMPARE(cart.value(QStringLiteral("total_cents")).toInteger(), 2 * price);

    // A catalog instance the shop fleet never knew of joins through the registry, and the shop's own
    // catalogs leave (a graceful stop deregisters first). A static list would now hold only dead instances;
    // the cart follows the registry and prices a new item through the newcomer.
    auto *newcomer = addRegistered(QStringLiteral("catalog"), QStringLiteral("catalog-9"), m_hosts.catalogs.first());
    QVERIFY(newcomer->start());
    for (auto *catalog : std::as_const(m_hosts.catalogs))
        catalog->stop();
    QTRY_COMPARE_WITH_TIMEOUT(passingIds(QStringLiteral("catalog")), QStringList { QStringLiteral("catalog-9") }, 5000);
    const double servedBefore = TestHosts::routeCount(*newcomer, QStringLiteral("http_requests_total"), kItemRoute);
    const auto added = TestHttp::request(
        "POST", cartUrl(QStringLiteral("/carts/default/items")), addBody(QStringLiteral("sku-1010"), 1));
    QVERIFY2(added.status == 200, added.body.constData());
    QVERIFY(TestHosts::routeCount(*newcomer, QStringLiteral("http_requests_total"), kItemRoute) > servedBefore);
    cart = TestHttp::get(cartUrl(QStringLiteral("/carts/default"))).json();
    QCOMPARE(cart.value(QStringLiteral("items")).toArray().size(), 2);
    QVERIFY(cart.value(QStringLiteral("total_cents")).toInteger() > 2 * price);
}

void TestCartDiscovery::drainedCatalogGetsNoNewCalls()
{
    startShopWithTwoServingCatalogs();
    if (QTest::currentTestFailed())
        return;

    // An operator drains catalog-1 in the registry: it keeps running, but discovery stops offering it.
    QCOMPARE(TestHttp::request(
                 "PUT", TestHosts::at(m_registryUrl, QStringLiteral("/v1/flightdeck/instances/catalog-1/drain")))
                 .status,
        200);
    QTRY_COMPARE_WITH_TIMEOUT(passingIds(QStringLiteral("catalog")), QStringList { QStringLiteral("catalog-2") }, 5000);
    // The cart's blocking query wakes at once; while both were listed round robin alternated, so four
    // lookups in a row on catalog-2 mean the cart has taken the drain in.
    int streak = 0;
    QElapsedTimer clock;
    clock.start();
    for (int i = 0; i < 40 && streak < 4 && clock.elapsed() < 10000; ++i) {
        QString served;
        QCOMPARE(probe(&served), 422);
        streak = served == QLatin1String("catalog-2") ? streak + 1 : 0;
    }
    QCOMPARE(streak, 4);
    int unexpected = 0;
    QCOMPARE(probeServers(12, &unexpected), QSet<QString> { QStringLiteral("catalog-2") });
    QCOMPARE(unexpected, 0);

    // Back in service: the cart calls catalog-1 again.
    QCOMPARE(TestHttp::request(
                 "PUT", TestHosts::at(m_registryUrl, QStringLiteral("/v1/flightdeck/instances/catalog-1/undrain")))
                 .status,
        200);
    bool backOnCatalog1 = false;
    clock.restart();
    for (int i = 0; i < 40 && !backOnCatalog1 && clock.elapsed() < 10000; ++i) {
        QString served;
        QCOMPARE(probe(&served), 422);
        backOnCatalog1 = served == QLatin1String("catalog-1");
    }
    QVERIFY(backOnCatalog1);
}

void TestCartDiscovery::registryOutageKeepsTheLastKnownCatalogs()
{
    startShopWithTwoServingCatalogs();
    if (QTest::currentTestFailed())
        return;

    // The registry dies. The cart keeps calling both catalog instances it last heard of.
    const quint16 port = m_registry->port();
    m_registry->kill();
    m_registry.reset();
    QVERIFY(!TestHttp::canConnect(port, 500));
    int unexpected = 0;
    QCOMPARE(probeServers(6, &unexpected), bothCatalogs());
    QCOMPARE(unexpected, 0);
    QCOMPARE(TestHttp::request("POST", cartUrl(QStringLiteral("/cart")), addBody(QStringLiteral("sku-1002"), 1)).status,
        200);

    // A registry with no memory comes back on the same address; until the agents have registered again
    // it answers "no catalog" — the cart's requests keep being served throughout.
    m_registry = TestHosts::registry(port);
    QVERIFY(m_registry->start());
    QElapsedTimer clock;
    clock.start();
    int served = 0;
    while (clock.elapsed() < 2500 && served < 200) {
        QString by;
        QCOMPARE(probe(&by), 422);
        QVERIFY(!by.isEmpty());
        ++served;
    }
    QTRY_COMPARE_WITH_TIMEOUT(passingIds(QStringLiteral("catalog")).size(), 2, 10000);
    QCOMPARE(TestHttp::request("POST", cartUrl(QStringLiteral("/cart")), addBody(QStringLiteral("sku-1003"), 1)).status,
        200);
}

void TestCartDiscovery::cartStartedBeforeAnyCatalogWaitsForOne()
{
    addShop(1);
    // The cart comes up first: the registry knows no catalog yet.
    QVERIFY(m_hosts.carts.first()->start());
    const QUrl url = cartUrl(QStringLiteral("/cart"));
    auto pending = QtConcurrent::run(
        [url] { return TestHttp::request("POST", url, addBody(QStringLiteral("sku-1001"), 3), {}, 10000).status; });
    // The write waits for a catalog instead of failing at once...
    QTest::qWait(300);
    QVERIFY(!pending.isFinished());
    // ...and goes through once one registers.
    QVERIFY(m_hosts.catalogs.first()->start());
    QTRY_VERIFY_WITH_TIMEOUT(pending.isFinished(), 10000);
    QCOMPARE(pending.result(), 200);
    const auto cart = TestHttp::get(cartUrl(QStringLiteral("/cart"))).json();
    QCOMPARE(
        cart.value(QStringLiteral("items")).toArray().first().toObject().value(QStringLiteral("quantity")).toInt(), 3);
}

void TestCartDiscovery::registryStartedLateFillsDiscoveryIn()
{
    // The fleet starts while its registry is down: instances serve, nobody is discoverable yet.
    const quint16 port = m_registry->port();
    m_registry->stop();
    m_registry.reset();
    addShop(1);
    QString error;
    QVERIFY2(m_fleet->startAll(&error), qPrintable(error));
    const auto refused = TestHttp::request(
        "POST", cartUrl(QStringLiteral("/cart")), addBody(QStringLiteral("sku-1005"), 1), {}, 10000);
    QCOMPARE(refused.status, 503);
    QCOMPARE(refused.json().value(QStringLiteral("error")).toObject().value(QStringLiteral("code")).toString(),
        QStringLiteral("catalog_unavailable"));

    // The registry comes up: the agents register, the cart's discovery retries and fills in; writes succeed.
    m_registry = TestHosts::registry(port);
    QVERIFY(m_registry->start());
    QTRY_COMPARE_WITH_TIMEOUT(
        TestHttp::request("POST", cartUrl(QStringLiteral("/cart")), addBody(QStringLiteral("sku-1005"), 1), {}, 10000)
            .status,
        200, 20000);
}

void TestCartDiscovery::discoveryReportsWeightsAndMetadataAndSettlesAfterARestart()
{
    // Registered by hand (no agent), so nothing registers it again after the registry loses its state.
    const QJsonObject registration { { QStringLiteral("ID"), QStringLiteral("pay-1") },
        { QStringLiteral("Name"), QStringLiteral("pay") }, { QStringLiteral("Address"), QStringLiteral("127.0.0.1") },
        { QStringLiteral("Port"), 9 }, { QStringLiteral("Tags"), QJsonArray { QStringLiteral("blue") } },
        { QStringLiteral("Meta"), QJsonObject { { QStringLiteral("zone"), QStringLiteral("a") } } },
        { QStringLiteral("Weights"),
            QJsonObject { { QStringLiteral("Passing"), 5 }, { QStringLiteral("Warning"), 1 } } },
        { QStringLiteral("Check"), QJsonObject { { QStringLiteral("TTL"), QStringLiteral("60s") } } } };
    QCOMPARE(TestHttp::request("PUT", TestHosts::at(m_registryUrl, QStringLiteral("/v1/agent/service/register")),
                 QJsonDocument(registration).toJson(QJsonDocument::Compact))
                 .status,
        200);

    DiscoveryClient discovery(m_registryUrl);
    discovery.setWaitSeconds(1);
    discovery.setSettleMs(3000);
    discovery.watch(QStringLiteral("pay"));
    QTRY_COMPARE_WITH_TIMEOUT(discovery.instances(QStringLiteral("pay")).size(), 1, 5000);
    const auto instance = discovery.instances(QStringLiteral("pay")).first();
    QCOMPARE(instance.id, QStringLiteral("pay-1"));
    QCOMPARE(instance.port, quint16(9));
    QCOMPARE(instance.weight, 5);
    QCOMPARE(instance.tags, QStringList { QStringLiteral("blue") });
    QCOMPARE(instance.meta.value(QStringLiteral("zone")), QStringLiteral("a"));

    // The registry restarts empty. Right after it answers "nobody", discovery still offers the last known
    // instance (agents need a moment to register again)...
    const quint16 port = m_registry->port();
    m_registry->kill();
    QTRY_VERIFY_WITH_TIMEOUT(!discovery.isFresh(QStringLiteral("pay")), 5000);
    m_registry = TestHosts::registry(port);
    QVERIFY(m_registry->start());
    QTRY_VERIFY_WITH_TIMEOUT(discovery.isFresh(QStringLiteral("pay")), 10000);
    QCOMPARE(discovery.instances(QStringLiteral("pay")).size(), 1);
    // ...and once the settling period is over without anyone registering, it takes the registry's word.
    QSignalSpy changed(&discovery, &InstanceSource::changed);
    QTRY_VERIFY_WITH_TIMEOUT(discovery.instances(QStringLiteral("pay")).isEmpty(), 8000);
    QCOMPARE(changed.count(), 1);
}

void TestCartDiscovery::trafficFollowsCartsThroughTheRegistry()
{
    addShop(1, true);
    QString error;
    QVERIFY2(m_fleet->startAll(&error), qPrintable(error));
    auto traffic = TestHosts::urlOf(*m_hosts.traffic, QStringLiteral("/traffic"));
    QTRY_VERIFY_WITH_TIMEOUT(TestHttp::get(traffic).json().value(QStringLiteral("ok")).toInteger() > 20, 10000);

    // A cart instance the traffic generator was never told of joins through the registry, and the only cart
    // it started with leaves. The shoppers carry on, on the newcomer, without a failed action.
    auto *newcomer = addRegistered(QStringLiteral("cart"), QStringLiteral("cart-9"), m_hosts.carts.first());
    QVERIFY(newcomer->start());
    QTRY_VERIFY_WITH_TIMEOUT(passingIds(QStringLiteral("cart")).contains(QStringLiteral("cart-9")), 5000);
    m_hosts.carts.first()->stop();
    QCOMPARE(passingIds(QStringLiteral("cart")), QStringList { QStringLiteral("cart-9") });
    const auto cartRequests = [newcomer] {
        return TestHosts::routeCount(
                   *newcomer, QStringLiteral("http_requests_total"), QStringLiteral("/carts/{id}/items"))
            + TestHosts::routeCount(*newcomer, QStringLiteral("http_requests_total"), QStringLiteral("/carts/{id}"));
    };
    const double before = cartRequests();
    QTRY_VERIFY_WITH_TIMEOUT(cartRequests() > before + 20, 10000);
    QCOMPARE(TestHttp::get(traffic).json().value(QStringLiteral("failed")).toInteger(), 0);
}

QTEST_GUILESS_MAIN(TestCartDiscovery)
#include "tst_cartdiscovery.moc"
