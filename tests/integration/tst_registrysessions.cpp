// Consul sessions, KV locks and the catalog's register/deregister over real sockets: the session routes and
// their JSON shapes, blocking reads, checks that refuse or invalidate a session, lock-delay, TTL expiry
// (TTL × 2, as Consul), Behavior=delete, sessions that survive a restart, external nodes, and bad input
// that leaves the store as it was.
#include "httptestclient.h"
#include "testhosts.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QTemporaryDir>
#include <QTest>

class TestRegistrySessions : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init();
    void cleanup() { m_registry.reset(); }
    void sessionLifecycleAndShapes();
    void sessionBlockingRead();
    void badSessionInputChangesNothing();
    void kvAcquireRelease();
    void criticalCheckRefusesThenInvalidates();
    void behaviorDeleteAndDestroy();
    void ttlExpiresAfterTwiceTheTtl();
    void sessionsAndLocksSurviveRestart();
    void catalogRegisterAndDeregister();
    void badCatalogInputChangesNothing();

private:
    QUrl url(const QString &path, const QString &query = {}) const
    {
        return TestHosts::urlOf(*m_registry, path, query);
    }
    TestHttpResponse put(const QString &path, const QByteArray &body = {}, const QString &query = {})
    {
        return TestHttp::request("PUT", url(path, query), body);
    }
    QJsonArray array(const QString &path, const QString &query = {})
    {
        return QJsonDocument::fromJson(TestHttp::get(url(path, query)).body).array();
    }
    QJsonObject kvEntry(const QString &key) { return array(QStringLiteral("/v1/kv/") + key).at(0).toObject(); }
    // A new session's ID ("" if creation failed).
    QString createSession(const QByteArray &body = {})
    {
        const auto reply = put(QStringLiteral("/v1/session/create"), body);
        return reply.status == 200 ? reply.json().value(QStringLiteral("ID")).toString() : QString();
    }
    QByteArray acquire(const QString &key, const QString &session, const QByteArray &value = "v")
    {
        return put(QStringLiteral("/v1/kv/") + key, value, QStringLiteral("acquire=") + session).body;
    }
    void registerTtlService(const QString &id)
    {
        const auto body = QStringLiteral(R"({"Name": "db", "ID": "%1", "Check": {"TTL": "30s"}})").arg(id);
        QCOMPARE(put(QStringLiteral("/v1/agent/service/register"), body.toUtf8()).status, 200);
    }

    std::unique_ptr<ServiceHost> m_registry;
};

void TestRegistrySessions::init()
{
    m_registry = TestHosts::startRegistry();
    QVERIFY(m_registry);
}

void TestRegistrySessions::sessionLifecycleAndShapes()
{
    const auto id = createSession(); // no body at all: every default
    QCOMPARE(id.size(), 36);
    const auto info = TestHttp::get(url(QStringLiteral("/v1/session/info/") + id));
    QCOMPARE(info.status, 200);
    QVERIFY(info.header("X-Consul-Index").toULongLong() >= 1);
    const auto session = QJsonDocument::fromJson(info.body).array().at(0).toObject();
    QCOMPARE(session.value(QStringLiteral("ID")).toString(), id);
    QCOMPARE(session.value(QStringLiteral("Node")).toString(), QStringLiteral("flightdeck"));
    QCOMPARE(session.value(QStringLiteral("LockDelay")).toDouble(), 15e9); // nanoseconds
    QCOMPARE(session.value(QStringLiteral("Behavior")).toString(), QStringLiteral("release"));
    QCOMPARE(session.value(QStringLiteral("TTL")).toString(), QString());
    QCOMPARE(session.value(QStringLiteral("NodeChecks")).toArray(), QJsonArray { QStringLiteral("serfHealth") });
    QVERIFY(session.value(QStringLiteral("ServiceChecks")).isNull());
    QCOMPARE(session.value(QStringLiteral("CreateIndex")), session.value(QStringLiteral("ModifyIndex")));

    // python-consul's spelling (lower case, LockDelay as "Ns"), a TTL, and service checks.
    registerTtlService(QStringLiteral("db-1"));
    const auto named = createSession(
        R"({"name": "leader", "lockdelay": "2s", "behavior": "delete", "ttl": "20s",
            "servicechecks": [{"id": "service:db-1"}], "nodechecks": []})");
    QVERIFY(!named.isEmpty());
    const auto second = array(QStringLiteral("/v1/session/info/") + named).at(0).toObject();
    QCOMPARE(second.value(QStringLiteral("Name")).toString(), QStringLiteral("leader"));
    QCOMPARE(second.value(QStringLiteral("LockDelay")).toDouble(), 2e9);
    QCOMPARE(second.value(QStringLiteral("Behavior")).toString(), QStringLiteral("delete"));
    QCOMPARE(second.value(QStringLiteral("TTL")).toString(), QStringLiteral("20s"));
    QVERIFY(second.value(QStringLiteral("NodeChecks")).isNull());
    QCOMPARE(second.value(QStringLiteral("ServiceChecks")).toArray().at(0).toObject().value(QStringLiteral("ID")),
        QJsonValue(QStringLiteral("service:db-1")));
    // LockDelay as a number: nanoseconds, or seconds below 1000 (Consul's reading for old clients).
    const auto numeric = createSession(R"({"LockDelay": 3000000000})");
    QCOMPARE(array(QStringLiteral("/v1/session/info/") + numeric).at(0).toObject().value(QStringLiteral("LockDelay")),
        QJsonValue(3e9));
    const auto seconds = createSession(R"({"LockDelay": 5})");
    QCOMPARE(array(QStringLiteral("/v1/session/info/") + seconds).at(0).toObject().value(QStringLiteral("LockDelay")),
        QJsonValue(5e9));

    QCOMPARE(array(QStringLiteral("/v1/session/list")).size(), 4);
    QCOMPARE(array(QStringLiteral("/v1/session/node/flightdeck")).size(), 4);
    QCOMPARE(array(QStringLiteral("/v1/session/node/elsewhere")).size(), 0);
    QCOMPARE(array(QStringLiteral("/v1/session/info/00000000-0000-0000-0000-000000000000")).size(), 0);

    const auto renewed = put(QStringLiteral("/v1/session/renew/") + named);
    QCOMPARE(renewed.status, 200);
    QCOMPARE(
        QJsonDocument::fromJson(renewed.body).array().at(0).toObject().value(QStringLiteral("ID")).toString(), named);
    const auto unknown = put(QStringLiteral("/v1/session/renew/no-such-session"));
    QCOMPARE(unknown.status, 404);
    QCOMPARE(unknown.body, QByteArray("Session id 'no-such-session' not found"));

    for (const auto &each : { id, named, numeric, seconds })
        QCOMPARE(put(QStringLiteral("/v1/session/destroy/") + each).body, QByteArray("true"));
    QCOMPARE(array(QStringLiteral("/v1/session/list")).size(), 0);
    QCOMPARE(put(QStringLiteral("/v1/session/destroy/") + id).body, QByteArray("true")); // already gone: still true
}

void TestRegistrySessions::sessionBlockingRead()
{
    const auto index = TestHttp::get(url(QStringLiteral("/v1/session/list"))).header("X-Consul-Index").toULongLong();
    QNetworkAccessManager network;
    std::unique_ptr<QNetworkReply> reply(network.get(
        QNetworkRequest(url(QStringLiteral("/v1/session/list"), QStringLiteral("index=%1&wait=20s").arg(index)))));
    QTest::qWait(200);
    QVERIFY(!reply->isFinished());
    QElapsedTimer timer;
    timer.start();
    const auto id = createSession(R"({"Name": "watcher"})");
    QTRY_VERIFY_WITH_TIMEOUT(reply->isFinished(), 5000);
    QVERIFY(timer.elapsed() < 5000);
    QVERIFY(reply->rawHeader("X-Consul-Index").toULongLong() > index);
    const auto list = QJsonDocument::fromJson(reply->readAll()).array();
    QCOMPARE(list.size(), 1);
    QCOMPARE(list.at(0).toObject().value(QStringLiteral("ID")).toString(), id);
}

void TestRegistrySessions::badSessionInputChangesNothing()
{
    const auto index = TestHttp::get(url(QStringLiteral("/v1/session/list"))).header("X-Consul-Index");
    const QList<QPair<QByteArray, int>> cases {
        { "{not json", 400 },
        { "[1, 2]", 400 },
        { R"({"Name": 5})", 400 },
        { R"({"Node": ["a"]})", 400 },
        { R"({"Behavior": "explode"})", 400 },
        { R"({"TTL": "5s"})", 400 }, // below Consul's 10s
        { R"({"TTL": "90000s"})", 400 }, // above 24h
        { R"({"TTL": 30})", 400 }, // a TTL is a duration string
        { R"({"LockDelay": "61s"})", 400 },
        { R"({"LockDelay": "soon"})", 400 },
        { R"({"LockDelay": -1})", 400 },
        { R"({"NodeChecks": "serfHealth"})", 400 },
        { R"({"Checks": [1]})", 400 },
        { R"({"ServiceChecks": [{"ID": 5}]})", 400 },
        { R"({"ServiceChecks": ["service:x"]})", 400 },
        { QByteArray(100 * 1024, ' '), 413 },
        // Conflicts with the catalog, which Consul answers with 500.
        { R"({"Node": "nowhere"})", 500 },
        { R"({"Checks": ["no-such-check"]})", 500 },
    };
    for (const auto &[body, status] : cases) {
        const auto reply = put(QStringLiteral("/v1/session/create"), body);
        QVERIFY2(reply.status == status,
            qPrintable(QStringLiteral("%1 → %2 %3")
                           .arg(QString::fromUtf8(body.left(60)))
                           .arg(reply.status)
                           .arg(QString::fromUtf8(reply.body))));
        QVERIFY(!reply.body.isEmpty()); // every refusal says why
        QVERIFY(reply.header("Content-Type").startsWith("text/plain"));
    }
    QCOMPARE(put(QStringLiteral("/v1/session/create"), R"({"Checks": ["no-such-check"]})").body,
        QByteArray("Missing check 'no-such-check' registration"));
    QVERIFY(put(QStringLiteral("/v1/session/create"), R"({"TTL": "5s"})").body.startsWith("Invalid Session TTL '5s'"));
    QCOMPARE(array(QStringLiteral("/v1/session/list")).size(), 0);
    QCOMPARE(TestHttp::get(url(QStringLiteral("/v1/session/list"))).header("X-Consul-Index"), index);
}

void TestRegistrySessions::kvAcquireRelease()
{
    const auto one = createSession(R"({"Name": "one", "LockDelay": "0s"})");
    const auto two = createSession(R"({"Name": "two", "LockDelay": "0s"})");
    QVERIFY(!one.isEmpty() && !two.isEmpty());
    QCOMPARE(acquire(QStringLiteral("svc/leader"), one, "node-one"), QByteArray("true"));
    auto entry = kvEntry(QStringLiteral("svc/leader"));
    QCOMPARE(entry.value(QStringLiteral("Session")).toString(), one);
    QCOMPARE(entry.value(QStringLiteral("LockIndex")).toInt(), 1);
    QCOMPARE(acquire(QStringLiteral("svc/leader"), two, "node-two"), QByteArray("false"));
    QCOMPARE(
        TestHttp::get(url(QStringLiteral("/v1/kv/svc/leader"), QStringLiteral("raw"))).body, QByteArray("node-one"));
    // The holder acquiring again updates the value; it is not a new acquisition.
    QCOMPARE(acquire(QStringLiteral("svc/leader"), one, "node-one v2"), QByteArray("true"));
    QCOMPARE(kvEntry(QStringLiteral("svc/leader")).value(QStringLiteral("LockIndex")).toInt(), 1);
    // A plain write is not stopped by the (advisory) lock and keeps it.
    QCOMPARE(put(QStringLiteral("/v1/kv/svc/leader"), "plain").body, QByteArray("true"));
    QCOMPARE(kvEntry(QStringLiteral("svc/leader")).value(QStringLiteral("Session")).toString(), one);
    // ?cas still applies to a lock write.
    const auto modify = quint64(kvEntry(QStringLiteral("svc/leader")).value(QStringLiteral("ModifyIndex")).toDouble());
    QCOMPARE(put(QStringLiteral("/v1/kv/svc/leader"), "x", QStringLiteral("acquire=%1&cas=%2").arg(one).arg(modify + 9))
                 .body,
        QByteArray("false"));
    QCOMPARE(
        put(QStringLiteral("/v1/kv/svc/leader"), "cas", QStringLiteral("acquire=%1&cas=%2").arg(one).arg(modify)).body,
        QByteArray("true"));
    // Only the holder releases.
    QCOMPARE(
        put(QStringLiteral("/v1/kv/svc/leader"), "stolen", QStringLiteral("release=") + two).body, QByteArray("false"));
    QCOMPARE(put(QStringLiteral("/v1/kv/svc/leader"), "released", QStringLiteral("release=") + one).body,
        QByteArray("true"));
    entry = kvEntry(QStringLiteral("svc/leader"));
    QVERIFY(!entry.contains(QStringLiteral("Session")));
    QCOMPARE(
        QByteArray::fromBase64(entry.value(QStringLiteral("Value")).toString().toLatin1()), QByteArray("released"));
    // A release is not an invalidation: no lock-delay, the next session takes it at once.
    QCOMPARE(acquire(QStringLiteral("svc/leader"), two, "node-two"), QByteArray("true"));
    QCOMPARE(kvEntry(QStringLiteral("svc/leader")).value(QStringLiteral("LockIndex")).toInt(), 2);

    // Bad lock requests: clear 400s, nothing written.
    const auto before = kvEntry(QStringLiteral("svc/leader"));
    const auto unknown = put(QStringLiteral("/v1/kv/svc/leader"), "x", QStringLiteral("acquire=no-such-session"));
    QCOMPARE(unknown.status, 400);
    QVERIFY(unknown.body.contains("invalid session"));
    QCOMPARE(put(QStringLiteral("/v1/kv/svc/leader"), "x", QStringLiteral("acquire=")).status, 400);
    QCOMPARE(
        put(QStringLiteral("/v1/kv/svc/leader"), "x", QStringLiteral("acquire=%1&release=%1").arg(two)).status, 400);
    QCOMPARE(put(QStringLiteral("/v1/kv/svc/new"), "x", QStringLiteral("release=no-such-session")).status, 400);
    QCOMPARE(kvEntry(QStringLiteral("svc/leader")), before);
    QCOMPARE(TestHttp::get(url(QStringLiteral("/v1/kv/svc/new"))).status, 404);
}

void TestRegistrySessions::criticalCheckRefusesThenInvalidates()
{
    registerTtlService(QStringLiteral("db-1"));
    QCOMPARE(put(QStringLiteral("/v1/agent/check/fail/service:db-1")).status, 200);
    const auto refused
        = put(QStringLiteral("/v1/session/create"), R"({"Checks": ["serfHealth", "service:db-1"], "LockDelay": "1s"})");
    QCOMPARE(refused.status, 500);
    QCOMPARE(refused.body, QByteArray("Check 'service:db-1' is in critical state"));
    QCOMPARE(put(QStringLiteral("/v1/agent/check/pass/service:db-1")).status, 200);

    const auto holder = createSession(R"({"Checks": ["serfHealth", "service:db-1"], "LockDelay": "1s"})");
    const auto rival = createSession(R"({"Name": "rival", "LockDelay": "1s"})");
    QVERIFY(!holder.isEmpty() && !rival.isEmpty());
    QCOMPARE(acquire(QStringLiteral("db/leader"), holder, "db-1"), QByteArray("true"));
    QCOMPARE(acquire(QStringLiteral("db/leader"), rival, "rival"), QByteArray("false"));

    // The holder's check goes critical: its session is invalidated and the lock released.
    QCOMPARE(put(QStringLiteral("/v1/agent/check/fail/service:db-1")).status, 200);
    QTRY_VERIFY_WITH_TIMEOUT(array(QStringLiteral("/v1/session/info/") + holder).isEmpty(), 3000);
    const auto lost = kvEntry(QStringLiteral("db/leader"));
    QVERIFY(!lost.contains(QStringLiteral("Session")));
    QCOMPARE(lost.value(QStringLiteral("LockIndex")).toInt(), 1);
    QCOMPARE(QByteArray::fromBase64(lost.value(QStringLiteral("Value")).toString().toLatin1()), QByteArray("db-1"));
    // Lock-delay: the key refuses a new holder for the lost session's 1 s, then takes one.
    QElapsedTimer timer;
    timer.start();
    QCOMPARE(acquire(QStringLiteral("db/leader"), rival, "rival"), QByteArray("false"));
    QTRY_VERIFY_WITH_TIMEOUT(acquire(QStringLiteral("db/leader"), rival, "rival") == "true", 4000);
    QVERIFY2(timer.elapsed() >= 700, qPrintable(QString::number(timer.elapsed())));
    QCOMPARE(kvEntry(QStringLiteral("db/leader")).value(QStringLiteral("LockIndex")).toInt(), 2);

    // A deregistered check invalidates its sessions too.
    QCOMPARE(put(QStringLiteral("/v1/agent/check/pass/service:db-1")).status, 200);
    const auto bound = createSession(R"({"ServiceChecks": [{"ID": "service:db-1"}]})");
    QVERIFY(!bound.isEmpty());
    QCOMPARE(put(QStringLiteral("/v1/agent/service/deregister/db-1")).status, 200);
    QTRY_VERIFY_WITH_TIMEOUT(array(QStringLiteral("/v1/session/info/") + bound).isEmpty(), 3000);
    QCOMPARE(array(QStringLiteral("/v1/session/info/") + rival).size(), 1); // serfHealth only: unaffected
}

void TestRegistrySessions::behaviorDeleteAndDestroy()
{
    const auto deleting = createSession(R"({"Behavior": "delete", "LockDelay": "0s"})");
    QCOMPARE(acquire(QStringLiteral("tmp/owner"), deleting), QByteArray("true"));
    QCOMPARE(acquire(QStringLiteral("tmp/other"), deleting), QByteArray("true"));
    QCOMPARE(put(QStringLiteral("/v1/session/destroy/") + deleting).body, QByteArray("true"));
    QCOMPARE(TestHttp::get(url(QStringLiteral("/v1/kv/tmp/owner"))).status, 404);
    QCOMPARE(TestHttp::get(url(QStringLiteral("/v1/kv/tmp/other"))).status, 404);

    // Destroying a releasing session with lock-delay: the key stays, unlocked, and refuses others a while.
    const auto releasing = createSession(R"({"LockDelay": "30s"})");
    const auto next = createSession();
    QCOMPARE(acquire(QStringLiteral("tmp/kept"), releasing, "kept"), QByteArray("true"));
    QCOMPARE(put(QStringLiteral("/v1/session/destroy/") + releasing).body, QByteArray("true"));
    const auto entry = kvEntry(QStringLiteral("tmp/kept"));
    QVERIFY(!entry.contains(QStringLiteral("Session")));
    QCOMPARE(acquire(QStringLiteral("tmp/kept"), next), QByteArray("false"));
    QCOMPARE(acquire(QStringLiteral("tmp/elsewhere"), next), QByteArray("true")); // only the lost key waits
}

void TestRegistrySessions::ttlExpiresAfterTwiceTheTtl()
{
    // A shorter TTL floor than Consul's 10 s keeps the test short; the TTL × 2 rule is the product's.
    m_registry.reset();
    RegistryServiceOptions options;
    options.sessions.minTtlMs = 1000;
    m_registry = TestHosts::startRegistry(options);
    QVERIFY(m_registry);
    // A catalog-registered instance next to it: nobody heartbeats it, and it must stay passing throughout.
    QCOMPARE(put(QStringLiteral("/v1/catalog/register"),
                 R"({"Node": "ext", "Address": "10.1.1.1", "Service": {"Service": "saas", "ID": "saas-1"}})")
                 .body,
        QByteArray("true"));
    QElapsedTimer timer;
    timer.start();
    const auto id = createSession(R"({"TTL": "2s", "LockDelay": "0s"})");
    QVERIFY(!id.isEmpty());
    QCOMPARE(acquire(QStringLiteral("ttl/lock"), id), QByteArray("true"));
    QTest::qWait(1200);
    QCOMPARE(put(QStringLiteral("/v1/session/renew/") + id).status, 200);
    timer.restart();
    QTest::qWait(2600); // past the TTL since the renewal, inside TTL × 2
    QCOMPARE(array(QStringLiteral("/v1/session/info/") + id).size(), 1);
    QTRY_VERIFY_WITH_TIMEOUT(array(QStringLiteral("/v1/session/info/") + id).isEmpty(), 3000);
    QVERIFY2(timer.elapsed() >= 3900, qPrintable(QString::number(timer.elapsed())));
    QVERIFY(!kvEntry(QStringLiteral("ttl/lock")).contains(QStringLiteral("Session")));
    QCOMPARE(put(QStringLiteral("/v1/session/renew/") + id).status, 404);
    // More than the default 5 s lease passed: the external instance is still there and passing.
    QCOMPARE(array(QStringLiteral("/v1/health/service/saas"), QStringLiteral("passing")).size(), 1);
}

void TestRegistrySessions::sessionsAndLocksSurviveRestart()
{
    m_registry.reset();
    QTemporaryDir dir;
    RegistryServiceOptions options;
    options.sqlitePath = dir.filePath(QStringLiteral("registry.sqlite"));
    m_registry = TestHosts::startRegistry(options);
    QVERIFY(m_registry);
    const auto port = m_registry->port();
    const auto id = createSession(R"({"Name": "durable", "LockDelay": "0s", "TTL": "60s"})");
    QCOMPARE(acquire(QStringLiteral("durable/lock"), id, "held"), QByteArray("true"));
    m_registry->stop();
    m_registry = TestHosts::startRegistry(options, port);
    QVERIFY(m_registry);
    const auto session = array(QStringLiteral("/v1/session/info/") + id).at(0).toObject();
    QCOMPARE(session.value(QStringLiteral("Name")).toString(), QStringLiteral("durable"));
    QCOMPARE(session.value(QStringLiteral("TTL")).toString(), QStringLiteral("60s"));
    auto entry = kvEntry(QStringLiteral("durable/lock"));
    QCOMPARE(entry.value(QStringLiteral("Session")).toString(), id);
    QCOMPARE(entry.value(QStringLiteral("LockIndex")).toInt(), 1);
    QCOMPARE(put(QStringLiteral("/v1/session/renew/") + id).status, 200);
    QCOMPARE(put(QStringLiteral("/v1/session/destroy/") + id).body, QByteArray("true"));
    QVERIFY(!kvEntry(QStringLiteral("durable/lock")).contains(QStringLiteral("Session")));
}

void TestRegistrySessions::catalogRegisterAndDeregister()
{
    QCOMPARE(put(QStringLiteral("/v1/catalog/register"), R"({
        "Node": "db-host", "Address": "10.0.0.5",
        "Service": {"ID": "pg-1", "Service": "postgres", "Tags": ["primary"], "Port": 5432, "Meta": {"v": "15"}},
        "Check": {"CheckID": "pg-alive", "Name": "Postgres alive", "Status": "passing", "ServiceID": "pg-1"}})")
                 .body,
        QByteArray("true"));
    const auto entry = array(QStringLiteral("/v1/catalog/service/postgres")).at(0).toObject();
    QCOMPARE(entry.value(QStringLiteral("Node")).toString(), QStringLiteral("db-host"));
    QCOMPARE(entry.value(QStringLiteral("Address")).toString(), QStringLiteral("10.0.0.5"));
    QCOMPARE(entry.value(QStringLiteral("ServiceID")).toString(), QStringLiteral("pg-1"));
    QCOMPARE(entry.value(QStringLiteral("ServicePort")).toInt(), 5432);
    QCOMPARE(entry.value(QStringLiteral("ServiceTags")).toArray(), QJsonArray { QStringLiteral("primary") });
    QCOMPARE(entry.value(QStringLiteral("ServiceMeta")).toObject().value(QStringLiteral("v")).toString(),
        QStringLiteral("15"));
    const auto health = array(QStringLiteral("/v1/health/service/postgres"), QStringLiteral("passing"));
    QCOMPARE(health.size(), 1);
    const auto checks = health.at(0).toObject().value(QStringLiteral("Checks")).toArray();
    QCOMPARE(checks.size(), 1); // no agent on that node, so no serfHealth
    QCOMPARE(checks.at(0).toObject().value(QStringLiteral("CheckID")).toString(), QStringLiteral("pg-alive"));
    QCOMPARE(checks.at(0).toObject().value(QStringLiteral("Node")).toString(), QStringLiteral("db-host"));
    QCOMPARE(array(QStringLiteral("/v1/catalog/nodes")).size(), 2);
    const auto node = TestHttp::get(url(QStringLiteral("/v1/catalog/node/db-host"))).json();
    QVERIFY(node.value(QStringLiteral("Services")).toObject().contains(QStringLiteral("pg-1")));
    QVERIFY(TestHttp::get(url(QStringLiteral("/v1/agent/services"))).json().isEmpty()); // not the agent's

    // Sessions on that node name its checks (it has no serfHealth); a critical update invalidates them.
    const auto defaults = put(QStringLiteral("/v1/session/create"), R"({"Node": "db-host"})");
    QCOMPARE(defaults.status, 500);
    QCOMPARE(defaults.body, QByteArray("Missing check 'serfHealth' registration"));
    const auto session = createSession(R"({"Node": "db-host", "NodeChecks": ["pg-alive"]})");
    QVERIFY(!session.isEmpty());
    QCOMPARE(array(QStringLiteral("/v1/session/node/db-host")).size(), 1);
    QCOMPARE(put(QStringLiteral("/v1/catalog/register"), R"({"Node": "db-host", "Address": "10.0.0.5",
        "Checks": [{"CheckID": "pg-alive", "Status": "critical", "ServiceID": "pg-1", "Output": "refused"}]})")
                 .body,
        QByteArray("true"));
    QTRY_VERIFY_WITH_TIMEOUT(array(QStringLiteral("/v1/session/info/") + session).isEmpty(), 3000);
    QCOMPARE(array(QStringLiteral("/v1/health/service/postgres"), QStringLiteral("passing")).size(), 0);

    // An ID another node holds: refused in Consul's plain text, nothing changed.
    const auto clash = put(QStringLiteral("/v1/catalog/register"),
        R"({"Node": "other-host", "Address": "10.0.0.6", "Service": {"ID": "pg-1", "Service": "postgres"}})");
    QCOMPARE(clash.status, 400);
    QVERIFY(clash.header("Content-Type").startsWith("text/plain"));
    QVERIFY(clash.body.contains("db-host"));
    QCOMPARE(array(QStringLiteral("/v1/catalog/service/postgres")).at(0).toObject().value(QStringLiteral("Node")),
        QJsonValue(QStringLiteral("db-host")));
    // The agent cannot take it over either.
    QCOMPARE(put(QStringLiteral("/v1/agent/service/register"), R"({"Name": "postgres", "ID": "pg-1"})").status, 409);

    // Deregister the check, then the service, then a whole node.
    QCOMPARE(put(QStringLiteral("/v1/catalog/deregister"), R"({"Node": "db-host", "CheckID": "pg-alive"})").body,
        QByteArray("true"));
    QCOMPARE(array(QStringLiteral("/v1/health/checks/postgres")).size(), 0);
    QCOMPARE(array(QStringLiteral("/v1/health/service/postgres"), QStringLiteral("passing")).size(), 1);
    QCOMPARE(put(QStringLiteral("/v1/catalog/deregister"), R"({"Node": "db-host", "ServiceID": "pg-1"})").body,
        QByteArray("true"));
    QCOMPARE(array(QStringLiteral("/v1/catalog/service/postgres")).size(), 0);
    QCOMPARE(TestHttp::get(url(QStringLiteral("/v1/catalog/node/db-host"))).body, QByteArray("null"));
    for (const auto *id : { "a-1", "a-2" }) {
        const auto body = QStringLiteral(R"({"Node": "rack", "Address": "10.0.1.1",
            "Service": {"ID": "%1", "Service": "cache", "Port": 6379}})")
                              .arg(QLatin1String(id));
        QCOMPARE(put(QStringLiteral("/v1/catalog/register"), body.toUtf8()).body, QByteArray("true"));
    }
    QCOMPARE(array(QStringLiteral("/v1/catalog/service/cache")).size(), 2);
    QCOMPARE(put(QStringLiteral("/v1/catalog/deregister"), R"({"Node": "rack"})").body, QByteArray("true"));
    QCOMPARE(array(QStringLiteral("/v1/catalog/service/cache")).size(), 0);
    QCOMPARE(array(QStringLiteral("/v1/catalog/nodes")).size(), 1);
    QCOMPARE(put(QStringLiteral("/v1/catalog/deregister"), R"({"Node": "rack", "ServiceID": "gone"})").body,
        QByteArray("true")); // already gone: true, as in Consul
}

void TestRegistrySessions::badCatalogInputChangesNothing()
{
    QCOMPARE(put(QStringLiteral("/v1/catalog/register"),
                 R"({"Node": "n1", "Address": "10.0.0.9", "Service": {"ID": "keep-1", "Service": "keep"}})")
                 .body,
        QByteArray("true"));
    const auto index = TestHttp::get(url(QStringLiteral("/v1/catalog/services"))).header("X-Consul-Index");
    const QList<QPair<QByteArray, int>> cases {
        { "not json", 400 },
        { R"({"Address": "10.0.0.1"})", 400 }, // no node
        { R"({"Node": 7, "Address": "10.0.0.1"})", 400 },
        { R"({"Node": "n1"})", 400 }, // no address
        { R"({"Node": "n1", "Address": "10.0.0.9", "Service": "keep"})", 400 },
        { R"({"Node": "n1", "Address": "10.0.0.9", "Service": {"ID": "keep-2"}})", 400 }, // no service name
        { R"({"Node": "n1", "Address": "10.0.0.9", "Service": {"Service": "keep", "Port": "80"}})", 400 },
        { R"({"Node": "n1", "Address": "10.0.0.9", "Service": {"Service": "keep", "Tags": "a"}})", 400 },
        { R"({"Node": "n1", "Address": "10.0.0.9", "Check": {"CheckID": "c", "Status": "passing"}})", 400 },
        { R"({"Node": "n1", "Address": "10.0.0.9", "Check": {"CheckID": "c", "ServiceID": "keep-1", "Status": "odd"}})",
            400 },
        { R"({"Node": "n1", "Address": "10.0.0.9", "Check": {"CheckID": "c", "ServiceID": "nope"}})", 400 },
        { R"({"Node": "n1", "Address": "10.0.0.9", "Checks": {"CheckID": "c"}})", 400 },
        { R"({"Node": "unknown", "Address": "10.0.0.9"})", 400 }, // a node without a service
        { R"({"Node": "n1", "Address": "10.0.0.9", "Datacenter": "dc9"})", 400 },
        { QByteArray(300 * 1024, ' '), 413 },
    };
    for (const auto &[body, status] : cases) {
        const auto reply = put(QStringLiteral("/v1/catalog/register"), body);
        QVERIFY2(reply.status == status,
            qPrintable(QStringLiteral("%1 → %2 %3")
                           .arg(QString::fromUtf8(body.left(80)))
                           .arg(reply.status)
                           .arg(QString::fromUtf8(reply.body.left(200)))));
    }
    QCOMPARE(put(QStringLiteral("/v1/catalog/deregister"), R"({"ServiceID": "keep-1"})").status, 400);
    QCOMPARE(put(QStringLiteral("/v1/catalog/deregister"), R"({"Node": "n1", "ServiceID": 5})").status, 400);
    QCOMPARE(put(QStringLiteral("/v1/catalog/deregister"), R"({"Node": "flightdeck"})").status, 400);
    QCOMPARE(TestHttp::get(url(QStringLiteral("/v1/catalog/services"))).header("X-Consul-Index"), index);
    QCOMPARE(array(QStringLiteral("/v1/catalog/service/keep")).size(), 1);
}

QTEST_GUILESS_MAIN(TestRegistrySessions)
#include "tst_registrysessions.moc"
