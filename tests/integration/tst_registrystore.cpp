// The same store contract, run against every RegistryStore: in memory, in memory over SQLite, and over a
// real etcd started by the test.
#include "etcdprocess.h"
#include "httptestclient.h"
#include "registry/etcdregistrystore.h"
#include "registry/memoryregistrystore.h"
#include "registry/registryservice.h"
#include "registry/sqliteregistrypersistence.h"
#include "runtime/servicehost.h"

#include <memory>
#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>
#include <QUuid>

namespace {

RegistryInstance makeInstance(const QString &id, const QString &service, quint16 port)
{
    RegistryInstance instance;
    instance.id = id;
    instance.service = service;
    instance.address = QStringLiteral("127.0.0.1");
    instance.port = port;
    instance.tags = { QStringLiteral("v1") };
    instance.meta.insert(QStringLiteral("zone"), QStringLiteral("a"));
    instance.weight = 3;
    instance.lastHeartbeatMs = QDateTime::currentMSecsSinceEpoch();
    return instance;
}

} // namespace

class TestRegistryStore : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();

    void instancesAdvanceTheIndex_data() { backends(); }
    void instancesAdvanceTheIndex();
    void kvCasAndHistory_data() { backends(); }
    void kvCasAndHistory();
    void kvRecursiveListAndDelete_data() { backends(); }
    void kvRecursiveListAndDelete();
    void reopenKeepsState_data() { persistentBackends(); }
    void reopenKeepsState();
    void kvLocksAndSessions_data() { backends(); }
    void kvLocksAndSessions();
    void etcdWatchSharesChangesBetweenRegistries();
    void etcdLeaseRemovesInstancesOfADeadRegistry();
    void twoRegistriesShareOneEtcd();
    void appRegistryOptionSelectsEtcd();

private:
    void backends();
    void persistentBackends();
    std::unique_ptr<RegistryStore> makeStore(const QString &backend);
    // Waits until the store's writes reached its backing storage.
    bool flushed(RegistryStore *store);

    QTemporaryDir m_dir;
    EtcdProcess m_etcd;
    QString m_etcdPrefix;
    QString m_sqlitePath;
    QString m_etcdError;
    bool m_etcdUp = false;
};

void TestRegistryStore::initTestCase()
{
    QVERIFY(m_dir.isValid());
    m_etcdUp = m_etcd.start(&m_etcdError);
    QVERIFY2(m_etcdUp, qPrintable(m_etcdError));
}

void TestRegistryStore::cleanupTestCase()
{
    m_etcd.stop();
}

void TestRegistryStore::backends()
{
    QTest::addColumn<QString>("backend");
    QTest::newRow("memory") << QStringLiteral("memory");
    QTest::newRow("sqlite") << QStringLiteral("sqlite");
    QTest::newRow("etcd") << QStringLiteral("etcd");
}

void TestRegistryStore::persistentBackends()
{
    QTest::addColumn<QString>("backend");
    QTest::newRow("sqlite") << QStringLiteral("sqlite");
    QTest::newRow("etcd") << QStringLiteral("etcd");
}

std::unique_ptr<RegistryStore> TestRegistryStore::makeStore(const QString &backend)
{
    std::unique_ptr<RegistryStore> store;
    if (backend == QLatin1String("memory"))
        store = std::make_unique<MemoryRegistryStore>();
    else if (backend == QLatin1String("sqlite"))
        store = std::make_unique<MemoryRegistryStore>(std::make_unique<SqliteRegistryPersistence>(m_sqlitePath));
    else
        store = std::make_unique<EtcdRegistryStore>(m_etcd.clientUrl(), m_etcdPrefix);
    QString error;
    if (!store->open(&error)) {
        qWarning("open failed: %s", qPrintable(error));
        return nullptr;
    }
    return store;
}

bool TestRegistryStore::flushed(RegistryStore *store)
{
    auto *etcd = qobject_cast<EtcdRegistryStore *>(store);
    if (!etcd)
        return true;
    return QTest::qWaitFor([etcd] { return etcd->pendingWrites() == 0; }, 10000);
}

void TestRegistryStore::instancesAdvanceTheIndex()
{
    QFETCH(QString, backend);
    // Fresh state per test: a new file and a new etcd prefix.
    m_sqlitePath = m_dir.filePath(QUuid::createUuid().toString(QUuid::Id128) + QStringLiteral(".sqlite"));
    m_etcdPrefix = QStringLiteral("test/%1/").arg(QUuid::createUuid().toString(QUuid::Id128));
    auto store = makeStore(backend);
    QVERIFY(store);
    QSignalSpy changed(store.get(), &RegistryStore::changed);

    const auto first = store->putInstance(makeInstance(QStringLiteral("cart-1"), QStringLiteral("cart"), 8080));
    const auto second = store->putInstance(makeInstance(QStringLiteral("cart-2"), QStringLiteral("cart"), 8081));
    const auto third = store->putInstance(makeInstance(QStringLiteral("catalog-1"), QStringLiteral("catalog"), 9000));
    QVERIFY(first < second && second < third);
    QCOMPARE(store->index(), third);
    QCOMPARE(changed.count(), 3);
    QCOMPARE(store->instancesOf(QStringLiteral("cart")).size(), 2);
    QCOMPARE(store->serviceIndex(QStringLiteral("cart")), second);
    QCOMPARE(store->serviceIndex(QStringLiteral("catalog")), third);

    // Re-registering keeps CreateIndex and moves ModifyIndex.
    auto updated = makeInstance(QStringLiteral("cart-1"), QStringLiteral("cart"), 8090);
    const auto fourth = store->putInstance(updated);
    const auto cart1 = store->instance(QStringLiteral("cart-1"));
    QVERIFY(cart1);
    QCOMPARE(cart1->createIndex, first);
    QCOMPARE(cart1->modifyIndex, fourth);
    QCOMPARE(cart1->port, quint16(8090));
    QCOMPARE(cart1->meta.value(QStringLiteral("zone")), QStringLiteral("a"));

    // Lease renewals are invisible: no index change, no signal.
    const auto before = store->index();
    QVERIFY(store->renewLease(QStringLiteral("cart-2"), QDateTime::currentMSecsSinceEpoch() + 1000));
    QCOMPARE(store->index(), before);
    QCOMPARE(changed.count(), 4);
    QVERIFY(!store->renewLease(QStringLiteral("nope"), 0));

    QVERIFY(store->removeInstance(QStringLiteral("cart-2")));
    QVERIFY(!store->removeInstance(QStringLiteral("cart-2")));
    QVERIFY(store->index() > before);
    QCOMPARE(store->serviceIndex(QStringLiteral("cart")), store->index());
    QCOMPARE(store->instancesOf(QStringLiteral("cart")).size(), 1);
    QVERIFY(flushed(store.get()));
}

void TestRegistryStore::kvCasAndHistory()
{
    QFETCH(QString, backend);
    m_sqlitePath = m_dir.filePath(QUuid::createUuid().toString(QUuid::Id128) + QStringLiteral(".sqlite"));
    m_etcdPrefix = QStringLiteral("test/%1/").arg(QUuid::createUuid().toString(QUuid::Id128));
    auto store = makeStore(backend);
    QVERIFY(store);

    // cas=0 creates only when absent.
    auto created = store->kvPut(QStringLiteral("app/limit"), "10", 0, 0);
    QVERIFY(created.ok);
    QCOMPARE(created.entry.version, quint64(1));
    QVERIFY(!store->kvPut(QStringLiteral("app/limit"), "11", 0, 0).ok);

    // cas=<ModifyIndex> succeeds once; the stale index then fails and changes nothing.
    const auto modifyIndex = created.entry.modifyIndex;
    auto second = store->kvPut(QStringLiteral("app/limit"), "20", 7, modifyIndex);
    QVERIFY(second.ok);
    QVERIFY(second.index > modifyIndex);
    QVERIFY(!store->kvPut(QStringLiteral("app/limit"), "30", 0, modifyIndex).ok);
    auto entry = store->kvGet(QStringLiteral("app/limit"));
    QVERIFY(entry);
    QCOMPARE(entry->value, QByteArray("20"));
    QCOMPARE(entry->flags, quint64(7));
    QCOMPARE(entry->createIndex, created.entry.createIndex);
    QCOMPARE(entry->version, quint64(2));

    // Deletes with a stale cas fail; a matching one succeeds and is recorded in history.
    QVERIFY(!store->kvDelete(QStringLiteral("app/limit"), false, modifyIndex).ok);
    QVERIFY(store->kvDelete(QStringLiteral("app/limit"), false, entry->modifyIndex).ok);
    QVERIFY(!store->kvGet(QStringLiteral("app/limit")));
    QVERIFY(store->kvPut(QStringLiteral("app/limit"), "40", 0).ok);

    const auto history = store->kvHistory(QStringLiteral("app/limit"));
    QCOMPARE(history.size(), 4);
    QCOMPARE(history.at(0).value, QByteArray("10"));
    QCOMPARE(history.at(1).value, QByteArray("20"));
    QVERIFY(history.at(2).deleted);
    QCOMPARE(history.at(3).value, QByteArray("40"));
    for (int i = 1; i < history.size(); ++i) {
        QCOMPARE(history.at(i).version, history.at(i - 1).version + 1);
        QVERIFY(history.at(i).modifyIndex > history.at(i - 1).modifyIndex);
    }
    // Re-created after a delete: a new CreateIndex.
    QCOMPARE(store->kvGet(QStringLiteral("app/limit"))->createIndex, history.at(3).modifyIndex);
    QCOMPARE(store->kvIndex(), history.at(3).modifyIndex);
    QVERIFY(flushed(store.get()));
}

void TestRegistryStore::kvRecursiveListAndDelete()
{
    QFETCH(QString, backend);
    m_sqlitePath = m_dir.filePath(QUuid::createUuid().toString(QUuid::Id128) + QStringLiteral(".sqlite"));
    m_etcdPrefix = QStringLiteral("test/%1/").arg(QUuid::createUuid().toString(QUuid::Id128));
    auto store = makeStore(backend);
    QVERIFY(store);
    for (const auto &key : { "svc/cart/a", "svc/cart/b", "svc/catalog/a", "svcx" })
        QVERIFY(store->kvPut(QString::fromLatin1(key), key, 0).ok);
    const auto cart = store->kvList(QStringLiteral("svc/cart/"));
    QCOMPARE(cart.size(), 2);
    QCOMPARE(cart.at(0).key, QStringLiteral("svc/cart/a"));
    QCOMPARE(store->kvList(QStringLiteral("svc/")).size(), 3);
    QVERIFY(store->kvDelete(QStringLiteral("svc/"), true).ok);
    QCOMPARE(store->kvList(QString()).size(), 1);
    QVERIFY(store->kvGet(QStringLiteral("svcx")));
    QVERIFY(flushed(store.get()));
}

void TestRegistryStore::reopenKeepsState()
{
    QFETCH(QString, backend);
    m_sqlitePath = m_dir.filePath(QUuid::createUuid().toString(QUuid::Id128) + QStringLiteral(".sqlite"));
    m_etcdPrefix = QStringLiteral("test/%1/").arg(QUuid::createUuid().toString(QUuid::Id128));
    quint64 indexBefore = 0;
    quint64 createIndex = 0;
    {
        auto store = makeStore(backend);
        QVERIFY(store);
        auto instance = makeInstance(QStringLiteral("cart-1"), QStringLiteral("cart"), 8080);
        instance.drained = true;
        instance.check.ttlMs = 7000;
        store->putInstance(instance);
        store->putInstance(makeInstance(QStringLiteral("gone-1"), QStringLiteral("gone"), 1));
        QVERIFY(store->removeInstance(QStringLiteral("gone-1")));
        QVERIFY(store->kvPut(QStringLiteral("config/a"), "one", 0).ok);
        QVERIFY(store->kvPut(QStringLiteral("config/a"), "two", 0).ok);
        createIndex = store->kvGet(QStringLiteral("config/a"))->createIndex;
        indexBefore = store->index();
        QVERIFY(flushed(store.get()));
    }
    auto reopened = makeStore(backend);
    QVERIFY(reopened);
    const auto instance = reopened->instance(QStringLiteral("cart-1"));
    QVERIFY(instance);
    QVERIFY(instance->drained);
    QCOMPARE(instance->check.ttlMs, qint64(7000));
    QCOMPARE(instance->tags, QStringList { QStringLiteral("v1") });
    QVERIFY(!reopened->instance(QStringLiteral("gone-1")));
    QCOMPARE(reopened->kvGet(QStringLiteral("config/a"))->value, QByteArray("two"));
    QCOMPARE(reopened->kvGet(QStringLiteral("config/a"))->createIndex, createIndex);
    QCOMPARE(reopened->kvHistory(QStringLiteral("config/a")).size(), 2);
    // The index never goes backwards across a restart, so clients' blocking queries stay valid.
    QVERIFY(reopened->index() >= indexBefore);
    const auto next = reopened->putInstance(makeInstance(QStringLiteral("cart-2"), QStringLiteral("cart"), 8081));
    QVERIFY(next > indexBefore);
}

void TestRegistryStore::kvLocksAndSessions()
{
    QFETCH(QString, backend);
    m_sqlitePath = m_dir.filePath(QUuid::createUuid().toString(QUuid::Id128) + QStringLiteral(".sqlite"));
    m_etcdPrefix = QStringLiteral("test/%1/").arg(QUuid::createUuid().toString(QUuid::Id128));
    {
        auto store = makeStore(backend);
        QVERIFY(store);
        RegistrySession session;
        session.id = QStringLiteral("s-1");
        session.name = QStringLiteral("leader");
        session.node = QStringLiteral("flightdeck");
        session.nodeChecks = { QStringLiteral("serfHealth") };
        session.ttlMs = 30'000;
        const auto index = store->putSession(session);
        QCOMPARE(store->session(QStringLiteral("s-1"))->createIndex, index);
        QCOMPARE(store->sessionIndex(), index);
        QVERIFY(store->kvAcquire(QStringLiteral("lock/a"), "one", 0, std::nullopt, QStringLiteral("s-1")).ok);
        QVERIFY(!store->kvAcquire(QStringLiteral("lock/a"), "two", 0, std::nullopt, QStringLiteral("s-2")).ok);
        QVERIFY(!store->kvRelease(QStringLiteral("lock/a"), "two", 0, std::nullopt, QStringLiteral("s-2")).ok);
        QVERIFY(store->kvPut(QStringLiteral("lock/a"), "plain", 0).ok); // advisory: a plain write keeps the lock
        QCOMPARE(store->kvGet(QStringLiteral("lock/a"))->session, QStringLiteral("s-1"));
        QCOMPARE(store->kvHeldBy(QStringLiteral("s-1")), QStringList { QStringLiteral("lock/a") });
        QVERIFY(store->kvAcquire(QStringLiteral("lock/b"), "b", 0, std::nullopt, QStringLiteral("s-1")).ok);
        QVERIFY(store->kvUnlock(QStringLiteral("lock/b"), QStringLiteral("s-1")));
        QVERIFY(store->kvGet(QStringLiteral("lock/b"))->session.isEmpty());
        QCOMPARE(store->kvGet(QStringLiteral("lock/b"))->value, QByteArray("b"));
        QVERIFY(store->kvAcquire(QStringLiteral("lock/b"), "b2", 0, std::nullopt, QStringLiteral("s-2")).ok);
        QCOMPARE(store->kvGet(QStringLiteral("lock/b"))->lockIndex, quint64(2));
        QVERIFY(flushed(store.get()));
    }
    if (backend == QLatin1String("memory"))
        return;
    // Lock holders are part of the KV history, so every persistent store brings them back; sessions are
    // persisted with SQLite and kept by the registry process with etcd.
    auto reopened = makeStore(backend);
    QVERIFY(reopened);
    QCOMPARE(reopened->kvGet(QStringLiteral("lock/a"))->session, QStringLiteral("s-1"));
    QCOMPARE(reopened->kvGet(QStringLiteral("lock/a"))->lockIndex, quint64(1));
    QCOMPARE(reopened->kvGet(QStringLiteral("lock/b"))->session, QStringLiteral("s-2"));
    QCOMPARE(reopened->kvGet(QStringLiteral("lock/b"))->lockIndex, quint64(2));
    if (backend == QLatin1String("sqlite")) {
        const auto session = reopened->session(QStringLiteral("s-1"));
        QVERIFY(session);
        QCOMPARE(session->name, QStringLiteral("leader"));
        QCOMPARE(session->ttlMs, qint64(30'000));
        QVERIFY(reopened->removeSession(QStringLiteral("s-1")));
    } else {
        QVERIFY(!reopened->session(QStringLiteral("s-1")));
    }
}

void TestRegistryStore::etcdWatchSharesChangesBetweenRegistries()
{
    m_etcdPrefix = QStringLiteral("test/%1/").arg(QUuid::createUuid().toString(QUuid::Id128));
    auto first = makeStore(QStringLiteral("etcd"));
    auto second = makeStore(QStringLiteral("etcd"));
    QVERIFY(first && second);
    auto *watcher = qobject_cast<EtcdRegistryStore *>(second.get());
    QTRY_VERIFY_WITH_TIMEOUT(watcher->isWatching(), 10000);

    first->putInstance(makeInstance(QStringLiteral("cart-9"), QStringLiteral("cart"), 8089));
    QVERIFY(first->kvPut(QStringLiteral("shared/flag"), "on", 0).ok);
    QTRY_VERIFY_WITH_TIMEOUT(second->instance(QStringLiteral("cart-9")).has_value(), 10000);
    QVERIFY(second->instance(QStringLiteral("cart-9"))->remote);
    QTRY_VERIFY_WITH_TIMEOUT(second->kvGet(QStringLiteral("shared/flag")).has_value(), 10000);
    QCOMPARE(second->kvGet(QStringLiteral("shared/flag"))->value, QByteArray("on"));
    // A lock holder travels with the KV revision.
    QVERIFY(first->kvAcquire(QStringLiteral("shared/lock"), "me", 0, std::nullopt, QStringLiteral("s-9")).ok);
    QTRY_VERIFY_WITH_TIMEOUT(second->kvGet(QStringLiteral("shared/lock")).has_value(), 10000);
    QCOMPARE(second->kvGet(QStringLiteral("shared/lock"))->session, QStringLiteral("s-9"));

    QVERIFY(first->removeInstance(QStringLiteral("cart-9")));
    QTRY_VERIFY_WITH_TIMEOUT(!second->instance(QStringLiteral("cart-9")).has_value(), 10000);
    QVERIFY(flushed(first.get()));
}

void TestRegistryStore::etcdLeaseRemovesInstancesOfADeadRegistry()
{
    m_etcdPrefix = QStringLiteral("test/%1/").arg(QUuid::createUuid().toString(QUuid::Id128));
    auto observer = makeStore(QStringLiteral("etcd"));
    QVERIFY(observer);
    QTRY_VERIFY_WITH_TIMEOUT(qobject_cast<EtcdRegistryStore *>(observer.get())->isWatching(), 10000);
    {
        auto owner = makeStore(QStringLiteral("etcd"));
        QVERIFY(owner);
        auto instance = makeInstance(QStringLiteral("short-1"), QStringLiteral("short"), 1);
        instance.check.ttlMs = 1000;
        instance.check.deregisterCriticalAfterMs = 0; // lease = max(5 s, TTL): the shortest the store grants
        owner->putInstance(instance);
        QVERIFY(flushed(owner.get()));
        // The owner "dies" here without deregistering or renewing the lease.
    }
    QTRY_VERIFY_WITH_TIMEOUT(observer->instance(QStringLiteral("short-1")).has_value(), 10000);
    QTRY_VERIFY_WITH_TIMEOUT(!observer->instance(QStringLiteral("short-1")).has_value(), 15000);
}

void TestRegistryStore::twoRegistriesShareOneEtcd()
{
    RegistryServiceOptions options;
    options.etcdEndpoint = m_etcd.clientUrl();
    options.etcdPrefix = QStringLiteral("test/%1/").arg(QUuid::createUuid().toString(QUuid::Id128));
    auto makeHost = [&options](const QString &id) {
        ServiceHostConfig config;
        config.serviceName = QStringLiteral("registry");
        config.instanceId = id;
        config.limits.drainTimeoutMs = 1000;
        return std::make_unique<ServiceHost>(config, [options] { return std::make_unique<RegistryService>(options); });
    };
    auto first = makeHost(QStringLiteral("registry-a"));
    auto second = makeHost(QStringLiteral("registry-b"));
    QVERIFY(first->start());
    QVERIFY(second->start());
    auto at = [](const ServiceHost &host, const QString &path, const QString &query = {}) {
        auto url = host.baseUrl();
        url.setPath(path);
        url.setQuery(query);
        return url;
    };
    const auto body = QJsonDocument(
        QJsonObject { { QStringLiteral("ID"), QStringLiteral("cart-1") },
            { QStringLiteral("Name"), QStringLiteral("cart") },
            { QStringLiteral("Port"),
                8080 } }).toJson();
    QCOMPARE(TestHttp::request("PUT", at(*first, QStringLiteral("/v1/agent/service/register")), body).status, 200);
    QCOMPARE(TestHttp::request("PUT", at(*first, QStringLiteral("/v1/kv/shared")), "from-a").status, 200);
    // The other registry discovers it through etcd.
    QTRY_COMPARE_WITH_TIMEOUT(
        QJsonDocument::fromJson(
            TestHttp::get(at(*second, QStringLiteral("/v1/health/service/cart"), QStringLiteral("passing"))).body)
            .array()
            .size(),
        1, 10000);
    QTRY_COMPARE_WITH_TIMEOUT(TestHttp::get(at(*second, QStringLiteral("/v1/kv/shared"), QStringLiteral("raw"))).body,
        QByteArray("from-a"), 10000);
    // A registry restarted on the same etcd comes back with the state.
    first->stop();
    auto third = makeHost(QStringLiteral("registry-c"));
    QVERIFY(third->start());
    QCOMPARE(QJsonDocument::fromJson(TestHttp::get(at(*third, QStringLiteral("/v1/catalog/service/cart"))).body)
                 .array()
                 .size(),
        1);
    QCOMPARE(
        TestHttp::get(at(*third, QStringLiteral("/v1/kv/shared"), QStringLiteral("raw"))).body, QByteArray("from-a"));
}

void TestRegistryStore::appRegistryOptionSelectsEtcd()
{
    auto binary = qEnvironmentVariable("FLIGHTDECK_BINARY");
    if (binary.isEmpty())
        binary = QCoreApplication::applicationDirPath() + QStringLiteral("/../app/flightdeck");
    QVERIFY2(QFile::exists(binary), qPrintable(binary));

    QProcess bad;
    bad.start(binary, { QStringLiteral("--headless"), QStringLiteral("--registry"), QStringLiteral("ftp://x:1") });
    QVERIFY(bad.waitForFinished(10000));
    QCOMPARE(bad.exitCode(), 2);

    QTemporaryDir dataDir;
    quint16 port = 0;
    {
        QTcpServer probe;
        probe.listen(QHostAddress::LocalHost, 0);
        port = probe.serverPort();
    }
    auto etcd = m_etcd.clientUrl();
    quint16 cartPort = 0;
    {
        QTcpServer probe;
        probe.listen(QHostAddress::LocalHost, 0);
        cartPort = probe.serverPort();
    }
    QProcess app;
    app.setProcessChannelMode(QProcess::MergedChannels);
    app.start(binary,
        { QStringLiteral("--headless"), QStringLiteral("--data-dir"), dataDir.path(), QStringLiteral("--registry-port"),
            QString::number(port), QStringLiteral("--cart-port"), QString::number(cartPort),
            QStringLiteral("--cart-instances"), QStringLiteral("1"), QStringLiteral("--registry"),
            QStringLiteral("etcd://127.0.0.1:%1").arg(etcd.port()) });
    QVERIFY(app.waitForStarted(5000));
    // Fully up (and handling SIGTERM) once it says so.
    QByteArray output;
    QTRY_VERIFY_WITH_TIMEOUT((output += app.readAll()).contains("running headless"), 20000);
    QUrl registry(QStringLiteral("http://127.0.0.1:%1/v1/kv/from-app").arg(port));
    QCOMPARE(TestHttp::request("PUT", registry, "via-cli").body, QByteArray("true"));

    // The write reached etcd (under the default prefix), not a SQLite file.
    auto range = etcd;
    range.setPath(QStringLiteral("/v3/kv/range"));
    const QByteArray prefix("flightdeck/registry/kv/");
    QByteArray end = prefix;
    end[end.size() - 1] = char(end.at(end.size() - 1) + 1);
    const auto body = QJsonDocument(QJsonObject { { QStringLiteral("key"), QString::fromLatin1(prefix.toBase64()) },
                                        { QStringLiteral("range_end"), QString::fromLatin1(end.toBase64()) } })
                          .toJson();
    QTRY_VERIFY_WITH_TIMEOUT(
        TestHttp::request("POST", range, body).json().value(QStringLiteral("count")).toString().toInt() >= 1, 5000);
    const auto kvs = TestHttp::request("POST", range, body).json().value(QStringLiteral("kvs")).toArray();
    bool found = false;
    for (const auto &kv : kvs) {
        const auto value = QJsonDocument::fromJson(
            QByteArray::fromBase64(kv.toObject().value(QStringLiteral("value")).toString().toLatin1()))
                               .object();
        found = found || value.value(QStringLiteral("key")).toString() == QLatin1String("from-app");
    }
    QVERIFY(found);
    QVERIFY(!QFile::exists(dataDir.filePath(QStringLiteral("registry.sqlite"))));
    app.terminate();
    QVERIFY(app.waitForFinished(15000));
    QCOMPARE(app.exitCode(), 0);
}

QTEST_GUILESS_MAIN(TestRegistryStore)
#include "tst_registrystore.moc"
