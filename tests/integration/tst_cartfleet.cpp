#include "client/cartclient.h"
#include "client/staticinstancesource.h"
#include "http/callobserver.h"
#include "httptestclient.h"
#include "runtime/fleet.h"
#include "runtime/hostinstances.h"
#include "runtime/servicehost.h"
#include "runtime/shopfleet.h"

#include <memory>

namespace {

// Collects what a client reports per attempt, as telemetry would.
class RecordingCalls : public CallObserver
{
public:
    struct Call
    {
        QString callee, route;
        QByteArray method;
        int status;
        double seconds;
    };
    void callFinished(
        const QString &callee, const QString &route, const QByteArray &method, int status, double seconds) override
    {
        calls.append({ callee, route, method, status, seconds });
    }
    QList<Call> calls;
};

} // namespace
#include <QJsonArray>
#include <QJsonObject>
#include <QtConcurrent/QtConcurrentRun>
#include <QTemporaryDir>
#include <QTest>

// Several cart instances on one SQLite file, driven concurrently and through the load-balanced client.
class TestCartFleet : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init();
    void cleanup();
    void concurrentWritersLoseNoUpdate();
    void clientFailsOverWhenAnInstanceStops();
    void clientBalancesAcrossInstances();
    void breakerOpensForADeadInstance();

private:
    qint64 quantityIn(const QString &cartId, const QString &itemId, int instance = 0);
    QUrl url(int instance, const QString &path) const;

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<Fleet> m_fleet;
    ShopFleetHosts m_hosts;
};

void TestCartFleet::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_fleet = std::make_unique<Fleet>();
    ShopFleetOptions options;
    options.cartDatabase = m_dir->filePath(QStringLiteral("carts.sqlite"));
    options.cartPort = 0;
    options.cartInstances = 3;
    options.catalogInstances = 1;
    options.traffic = false;
    m_hosts = addShopFleet(*m_fleet, options);
    QString error;
    QVERIFY2(m_fleet->startAll(&error), qPrintable(error));
}

void TestCartFleet::cleanup()
{
    m_fleet.reset();
    m_dir.reset();
}

QUrl TestCartFleet::url(int instance, const QString &path) const
{
    auto result = m_hosts.carts.at(instance)->baseUrl();
    result.setPath(path);
    return result;
}

qint64 TestCartFleet::quantityIn(const QString &cartId, const QString &itemId, int instance)
{
    const auto cart = TestHttp::get(url(instance, QStringLiteral("/carts/") + cartId)).json();
    for (const auto &line : cart.value(QStringLiteral("items")).toArray()) {
        if (line.toObject().value(QStringLiteral("item_id")).toString() == itemId)
            return line.toObject().value(QStringLiteral("quantity")).toInteger();
    }
    return 0;
}

void TestCartFleet::concurrentWritersLoseNoUpdate()
{
    QCOMPARE(TestHttp::request("POST", url(0, QStringLiteral("/carts")), R"({"id": "shared"})").status, 201);
    // Four writers, two per instance, each adding one unit a hundred times to the same line of the same cart.
    constexpr int writers = 4;
    constexpr int addsEach = 100;
    QList<QFuture<int>> futures;
    for (int w = 0; w < writers; ++w) {
        const QUrl target = url(w % 2, QStringLiteral("/carts/shared/items"));
        futures.append(QtConcurrent::run([target] {
            int ok = 0;
            for (int i = 0; i < addsEach; ++i)
                ok += TestHttp::request("POST", target, R"({"item_id": "sku-1001", "quantity": 1})").status == 200 ? 1
                                                                                                                   : 0;
            return ok;
        }));
    }
    int acknowledged = 0;
    for (auto &future : futures)
        acknowledged += future.result();
    QCOMPARE(acknowledged, writers * addsEach);
    // Every acknowledged add is there, whichever instance is asked; each write moved the version by one.
    QCOMPARE(quantityIn(QStringLiteral("shared"), QStringLiteral("sku-1001"), 0), qint64(writers * addsEach));
    QCOMPARE(quantityIn(QStringLiteral("shared"), QStringLiteral("sku-1001"), 2), qint64(writers * addsEach));
    const auto cart = TestHttp::get(url(1, QStringLiteral("/carts/shared")));
    QCOMPARE(cart.json().value(QStringLiteral("version")).toInteger(), qint64(1 + writers * addsEach));
}

void TestCartFleet::clientFailsOverWhenAnInstanceStops()
{
    StaticInstanceSource source;
    source.setInstances(QStringLiteral("cart"), instancesOf(m_hosts.carts));
    ServiceClientOptions options;
    options.strategy = BalancingStrategy::RoundRobin;
    CartClient client(&source, options);
    QCOMPARE(TestHttp::request("POST", url(0, QStringLiteral("/carts")), R"({"id": "failover"})").status, 201);

    // Keep 8 calls in flight, mixing adds and reads, and stop one instance in the middle of it.
    constexpr int total = 300;
    int sent = 0;
    int answered = 0;
    int adds = 0;
    QList<int> failures;
    QHash<QString, int> servedBy;
    std::function<void()> sendNext = [&] {
        if (sent >= total)
            return;
        const int n = sent++;
        auto done = [&](const ServiceResult &result) {
            ++answered;
            if (result.status != 200)
                failures.append(result.status);
            ++servedBy[result.instanceId];
            sendNext();
        };
        if (n % 3 == 2) {
            client.getCart(QStringLiteral("failover"), this, done);
        } else {
            ++adds;
            client.addItem(QStringLiteral("failover"), QStringLiteral("sku-1002"), 1, this, done);
        }
    };
    for (int i = 0; i < 8; ++i)
        sendNext();
    QTRY_VERIFY_WITH_TIMEOUT(answered >= total / 3, 20000);
    m_hosts.carts.at(1)->stop();
    QTRY_COMPARE_WITH_TIMEOUT(answered, total, 30000);
    QCOMPARE(failures, QList<int> {});
    QVERIFY(servedBy.value(QStringLiteral("cart-1")) > 0 && servedBy.value(QStringLiteral("cart-3")) > 0);
    // No add was lost and none applied twice.
    QCOMPARE(quantityIn(QStringLiteral("failover"), QStringLiteral("sku-1002")), qint64(adds));
}

void TestCartFleet::clientBalancesAcrossInstances()
{
    StaticInstanceSource source;
    auto instances = instancesOf(m_hosts.carts);
    instances[0].weight = 3;
    source.setInstances(QStringLiteral("cart"), instances);
    ServiceClientOptions options;
    options.strategy = BalancingStrategy::Weighted;
    CartClient client(&source, options);
    QHash<QString, int> servedBy;
    int answered = 0;
    // One call at a time, so the weighted order is exactly followed.
    std::function<void()> next = [&] {
        client.getCart(QStringLiteral("default"), this, [&](const ServiceResult &result) {
            QCOMPARE(result.status, 200);
            ++servedBy[result.instanceId];
            if (++answered < 50)
                next();
        });
    };
    next();
    QTRY_COMPARE_WITH_TIMEOUT(answered, 50, 10000);
    QCOMPARE(servedBy.value(QStringLiteral("cart-1")), 30);
    QCOMPARE(servedBy.value(QStringLiteral("cart-2")), 10);
    QCOMPARE(servedBy.value(QStringLiteral("cart-3")), 10);
}

void TestCartFleet::breakerOpensForADeadInstance()
{
    StaticInstanceSource source;
    source.setInstances(QStringLiteral("cart"), instancesOf(m_hosts.carts));
    m_hosts.carts.at(2)->kill(); // its port now refuses connections
    ServiceClientOptions options;
    options.breaker.failureThreshold = 2;
    options.breaker.openMs = 60'000;
    CartClient client(&source, options);
    RecordingCalls calls;
    client.serviceClient().setCallObserver(&calls);
    int answered = 0;
    int ok = 0;
    std::function<void()> next = [&] {
        client.getCart(QStringLiteral("default"), this, [&](const ServiceResult &result) {
            ok += result.status == 200 ? 1 : 0;
            if (++answered < 30)
                next();
        });
    };
    next();
    QTRY_COMPARE_WITH_TIMEOUT(answered, 30, 10000);
    QCOMPARE(ok, 30); // every call failed over to a live instance
    QCOMPARE(client.serviceClient().breakerState(QStringLiteral("cart-3")), CircuitBreaker::State::Open);
    QCOMPARE(client.serviceClient().breakerState(QStringLiteral("cart-1")), CircuitBreaker::State::Closed);

    // Every attempt was reported with the route pattern: 30 answers plus exactly the two refused attempts
    // that opened the breaker; after that the dead instance was not tried again.
    QCOMPARE(calls.calls.size(), 32);
    int refused = 0;
    for (const auto &call : std::as_const(calls.calls)) {
        QCOMPARE(call.callee, QStringLiteral("cart"));
        QCOMPARE(call.route, QStringLiteral("/carts/{id}"));
        QCOMPARE(call.method, QByteArray("GET"));
        QVERIFY(call.seconds >= 0.0 && call.seconds < 10.0);
        QVERIFY(call.status == 200 || call.status == 0);
        refused += call.status == 0 ? 1 : 0;
    }
    QCOMPARE(refused, 2);
}

QTEST_GUILESS_MAIN(TestCartFleet)
#include "tst_cartfleet.moc"
