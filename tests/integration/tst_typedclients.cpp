// The typed clients against the real services: every answer arrives decoded (no caller parses JSON), errors
// read as the service wrote them, and keys with characters that need escaping travel intact (a KV key with
// a space, '?' and '%').
#include "client/cartclient.h"
#include "client/catalogclient.h"
#include "client/registryclient.h"
#include "client/staticinstancesource.h"
#include "runtime/fleet.h"
#include "runtime/shopfleet.h"
#include "testhosts.h"

#include <QElapsedTimer>
#include <QTemporaryDir>
#include <QTest>

namespace {

// Calls the client and waits (bounded) for its answer; decoded stays false when none came in time.
template <typename T> Reply<T> await(const std::function<void(std::function<void(const Reply<T> &)>)> &call)
{
    Reply<T> reply;
    bool done = false;
    call([&](const Reply<T> &r) {
        reply = r;
        done = true;
    });
    QElapsedTimer timer;
    timer.start();
    while (!done && timer.elapsed() < 10000)
        QTest::qWait(5);
    return reply;
}

} // namespace

class TestTypedClients : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void registryClientSpeaksKvAndInstances();
    void cartAndCatalogClientsDecodeAnswers();
};

void TestTypedClients::registryClientSpeaksKvAndInstances()
{
    auto registry = TestHosts::startRegistry();
    QVERIFY(registry);
    RegistryClient client(registry->baseUrl());
    const QString key = QStringLiteral("team a/limits?x=1%");

    // A new key (cas 0) is stored; writing it again with cas 0 is refused by check-and-set, which is an
    // answer, not an error.
    auto first = await<RegistryClient::KvWrite>([&](auto done) { client.kvPut(key, "rps=10", 0, this, done); });
    QVERIFY2(first.decoded, qPrintable(first.errorText()));
    QVERIFY(first.value.stored);
    QVERIFY(first.value.index > 0);
    auto again = await<RegistryClient::KvWrite>([&](auto done) { client.kvPut(key, "rps=99", 0, this, done); });
    QVERIFY(again.decoded);
    QVERIFY(!again.value.stored);
    auto second = await<RegistryClient::KvWrite>(
        [&](auto done) { client.kvPut(key, "rps=20", first.value.index, this, done); });
    QVERIFY(second.decoded && second.value.stored);

    const auto keys = await<QList<KvKeyRow>>([&](auto done) { client.kvList(this, done); });
    QVERIFY(keys.decoded);
    QCOMPARE(keys.value.size(), 1);
    QCOMPARE(keys.value.first().key, key);
    QCOMPARE(keys.value.first().value, QByteArray("rps=20"));
    QCOMPARE(keys.value.first().modifyIndex, second.value.index);

    const auto history = await<QList<KvVersionRow>>([&](auto done) { client.kvHistory(key, this, done); });
    QVERIFY(history.decoded);
    QCOMPARE(history.value.size(), 2);
    const auto diff = await<KvDiff>([&](auto done) { client.kvDiff(key, 1, 2, this, done); });
    QVERIFY2(diff.decoded, qPrintable(diff.errorText()));
    QCOMPARE(diff.value.fromVersion, 1u);
    QCOMPARE(diff.value.toVersion, 2u);
    QVERIFY(diff.value.lines.contains(KvDiffLine { QChar(u'-'), QStringLiteral("rps=10") }));
    QVERIFY(diff.value.lines.contains(KvDiffLine { QChar(u'+'), QStringLiteral("rps=20") }));
    const auto rolled = await<quint64>([&](auto done) { client.kvRollback(key, 1, this, done); });
    QVERIFY2(rolled.decoded, qPrintable(rolled.errorText()));
    QCOMPARE(rolled.value, 3u);

    // A key never written: an empty history, not an error.
    const auto none
        = await<QList<KvVersionRow>>([&](auto done) { client.kvHistory(QStringLiteral("nope"), this, done); });
    QVERIFY(none.decoded);
    QVERIFY(none.value.isEmpty());

    // Draining an instance that is not registered: the registry's own message, with its status.
    const auto drained
        = await<bool>([&](auto done) { client.setDrained(QStringLiteral("ghost-1"), true, this, done); });
    QVERIFY(!drained.decoded);
    QCOMPARE(drained.status, 404);
    QVERIFY2(drained.errorText().contains(QStringLiteral("HTTP 404")), qPrintable(drained.errorText()));
    QVERIFY2(drained.errorText().contains(QStringLiteral("ghost-1")), qPrintable(drained.errorText()));

    const auto instances = await<QList<RegistryInstanceRow>>([&](auto done) { client.instances(this, done); });
    QVERIFY(instances.decoded);
    QVERIFY(instances.value.isEmpty());

    // Nobody listening: no HTTP status, and a transport error that says so.
    const quint16 deadPort = TestHosts::freePort();
    RegistryClient dead(QUrl(QStringLiteral("http://127.0.0.1:%1").arg(deadPort)));
    const auto refused = await<QList<KvKeyRow>>([&](auto done) { dead.kvList(this, done); });
    QVERIFY(!refused.decoded);
    QCOMPARE(refused.status, 0);
    QVERIFY(!refused.errorText().isEmpty());
}

void TestTypedClients::cartAndCatalogClientsDecodeAnswers()
{
    QTemporaryDir dir;
    Fleet fleet;
    ShopFleetOptions shop;
    shop.cartDatabase = dir.filePath(QStringLiteral("carts.sqlite"));
    shop.cartPort = 0;
    shop.cartInstances = 1;
    shop.catalogInstances = 1;
    shop.traffic = false;
    addShopFleet(fleet, shop);
    QString error;
    QVERIFY2(fleet.startAll(&error), qPrintable(error));
    StaticInstanceSource source;
    for (const auto *name : { "cart", "catalog" }) {
        QList<ServiceInstance> instances;
        for (auto *host : fleet.hostsOf(QLatin1String(name)))
            instances.append(TestHosts::instanceOf(*host));
        source.setInstances(QLatin1String(name), instances);
    }

    CatalogClient catalog(&source);
    const auto items = await<QList<CatalogItem>>([&](auto done) { catalog.listItems(this, done); });
    QVERIFY2(items.decoded, qPrintable(items.errorText()));
    QCOMPARE(items.value.size(), seededCatalogItems().size());
    const auto &sku = items.value.first();
    const auto one = await<CatalogItem>([&](auto done) { catalog.item(sku.id, this, done); });
    QVERIFY2(one.decoded, qPrintable(QString::number(one.status) + QString::fromUtf8(one.body)));
    QCOMPARE(one.value.priceCents, sku.priceCents);
    const auto unknown
        = await<CatalogItem>([&](auto done) { catalog.item(QStringLiteral("no such/item"), this, done); });
    QVERIFY(!unknown.decoded);
    QCOMPARE(unknown.status, 404);

    CartClient carts(&source);
    // The service's refusal reads as the service wrote it.
    const auto refused
        = await<CartData>([&](auto done) { carts.createCart(QStringLiteral("night shift #2"), this, done); });
    QVERIFY(!refused.decoded);
    QCOMPARE(refused.status, 422);
    QVERIFY2(refused.errorText().contains(QStringLiteral("a cart id is"))
            && refused.errorText().contains(QStringLiteral("HTTP 422")),
        qPrintable(refused.errorText()));
    const QString id = QStringLiteral("night-shift.2");
    const auto created = await<CartData>([&](auto done) { carts.createCart(id, this, done); });
    QVERIFY2(created.decoded, qPrintable(created.errorText()));
    QCOMPARE(created.value.id, id);
    QVERIFY(!created.value.etag.isEmpty());
    const auto added
        = await<CartData>([&](auto done) { carts.addItem(id, sku.id, 2, this, done, created.value.etag); });
    QVERIFY2(added.decoded, qPrintable(added.errorText()));
    QCOMPARE(added.value.lines.size(), 1);
    QCOMPARE(added.value.lines.first().quantity, 2);
    QCOMPARE(added.value.totalCents, 2 * sku.priceCents);
    // The ETag from before the add is stale now: 412, and the cart is not decoded from the error body.
    const auto stale
        = await<CartData>([&](auto done) { carts.setQuantity(id, sku.id, 5, this, done, created.value.etag); });
    QCOMPARE(stale.status, 412);
    QVERIFY(!stale.decoded);
    const auto list = await<QList<CartSummaryData>>([&](auto done) { carts.listCarts(this, done); });
    QVERIFY(list.decoded);
    QVERIFY(std::any_of(list.value.begin(), list.value.end(), [&](const auto &cart) { return cart.id == id; }));
    const auto read = await<CartData>([&](auto done) { carts.getCart(id, this, done); });
    QVERIFY(read.decoded);
    QCOMPARE(read.value.lines, added.value.lines);
    fleet.stopAll();
}

QTEST_MAIN(TestTypedClients)
#include "tst_typedclients.moc"
