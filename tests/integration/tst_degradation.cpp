#include "client/cartclient.h"
#include "client/discoveryclient.h"
#include "httptestclient.h"
#include "registry/registryservice.h"
#include "runtime/fleet.h"
#include "runtime/servicehost.h"
#include "runtime/shopfleet.h"
#include "testhosts.h"

#include <memory>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

// The fleet with its registry gone: clients keep using the instances they last saw, services keep
// serving, and when a registry comes back on the same address (here without any state) every instance
// registers again by itself. (Catalog down is in tst_cartservice: catalogDownRefusesWritesButServesReads.)
class TestDegradation : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void registryDownKeepsServingAndReregisters();
};

namespace {

// Calls the client and waits (bounded) for its answer.
ServiceResult await(const std::function<void(ServiceClient::Callback)> &call)
{
    ServiceResult result;
    bool done = false;
    call([&](const ServiceResult &r) {
        result = r;
        done = true;
    });
    QElapsedTimer timer;
    timer.start();
    while (!done && timer.elapsed() < 10000)
        QTest::qWait(10);
    return result; // status 0 when no answer came in time
}

} // namespace

void TestDegradation::registryDownKeepsServingAndReregisters()
{
    auto registry = TestHosts::registry();
    QVERIFY(registry->start());
    const auto registryUrl = registry->baseUrl();
    const quint16 registryPort = registry->port();

    QTemporaryDir dir;
    Fleet fleet;
    ShopFleetOptions shop;
    shop.cartDatabase = dir.filePath(QStringLiteral("carts.sqlite"));
    shop.cartPort = 0;
    shop.cartInstances = 2;
    shop.catalogInstances = 1;
    shop.traffic = false;
    shop.registryUrl = registryUrl;
    addShopFleet(fleet, shop);
    QString error;
    QVERIFY2(fleet.startAll(&error), qPrintable(error));
    const QStringList carts { QStringLiteral("cart-1"), QStringLiteral("cart-2") };
    QTRY_COMPARE_WITH_TIMEOUT(TestHosts::passingIds(registryUrl, QStringLiteral("cart")), carts, 5000);

    // A console-side client that finds the carts through the registry.
    DiscoveryClient discovery(registryUrl);
    discovery.setWaitSeconds(1);
    discovery.watch(QStringLiteral("cart"));
    QTRY_COMPARE_WITH_TIMEOUT(discovery.instances(QStringLiteral("cart")).size(), 2, 5000);
    CartClient client(&discovery);
    QCOMPARE(await([&](auto done) { client.createCart(QStringLiteral("deg-1"), this, done); }).status, 201);

    // The registry goes away: discovery notices, keeps the last known instances, calls keep working.
    registry->kill();
    registry.reset();
    QTRY_VERIFY_WITH_TIMEOUT(!discovery.isFresh(QStringLiteral("cart")), 5000);
    QCOMPARE(discovery.instances(QStringLiteral("cart")).size(), 2);
    for (int i = 0; i < 6; ++i) {
        const auto added = await(
            [&](auto done) { client.addItem(QStringLiteral("deg-1"), QStringLiteral("sku-1003"), 1, this, done); });
        QVERIFY2(added.status == 200, added.body.constData());
    }
    const auto read = await([&](auto done) { client.getCart(QStringLiteral("deg-1"), this, done); });
    QCOMPARE(read.status, 200);
    QCOMPARE(read.json().value(QStringLiteral("item_count")).toInt(), 6);
    // Both instances served while the registry was away (round robin over the last known list).
    for (auto *host : fleet.hostsOf(QStringLiteral("cart")))
        QCOMPARE(TestHttp::get(TestHosts::at(host->baseUrl(), QStringLiteral("/carts/deg-1"))).status, 200);

    // A registry comes back on the same port with no memory of anyone: the agents register again.
    registry = TestHosts::registry(registryPort);
    QVERIFY(registry->start());
    QTRY_COMPARE_WITH_TIMEOUT(TestHosts::passingIds(registryUrl, QStringLiteral("cart")), carts, 10000);
    QTRY_COMPARE_WITH_TIMEOUT(TestHosts::passingIds(registryUrl, QStringLiteral("catalog")),
        QStringList { QStringLiteral("catalog-1") }, 10000);
    QTRY_VERIFY_WITH_TIMEOUT(discovery.isFresh(QStringLiteral("cart")), 10000);
    QCOMPARE(discovery.instances(QStringLiteral("cart")).size(), 2);
    fleet.stopAll();
}

QTEST_GUILESS_MAIN(TestDegradation)
#include "tst_degradation.moc"
