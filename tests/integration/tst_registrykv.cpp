// The registry's config KV over real sockets: Consul-compatible reads and writes with CAS, recursive reads
// and deletes, blocking queries on a key, and Flightdeck's history, diff and rollback.
#include "httptestclient.h"
#include "testhosts.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QTest>

class TestRegistryKv : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init()
    {
        m_registry = TestHosts::startRegistry();
        QVERIFY(m_registry);
    }
    void cleanup() { m_registry.reset(); }
    void kvCasHistoryDiffRollback();
    void kvBlockingQueryWatchesAKey();

private:
    QUrl url(const QString &path, const QString &query = {}) const
    {
        return TestHosts::urlOf(*m_registry, path, query);
    }
    TestHttpResponse put(const QString &path, const QByteArray &body = {}, const QString &query = {})
    {
        return TestHttp::request("PUT", url(path, query), body);
    }

    std::unique_ptr<ServiceHost> m_registry;
};

void TestRegistryKv::kvCasHistoryDiffRollback()
{
    QCOMPARE(put(QStringLiteral("/v1/kv/app/config"), "mode=a\nlimit=10\n").body, QByteArray("true"));
    const auto first = TestHttp::get(url(QStringLiteral("/v1/kv/app/config")));
    QCOMPARE(first.status, 200);
    const auto entry = QJsonDocument::fromJson(first.body).array().at(0).toObject();
    QCOMPARE(QByteArray::fromBase64(entry.value(QStringLiteral("Value")).toString().toLatin1()),
        QByteArray("mode=a\nlimit=10\n"));
    const auto modifyIndex = quint64(entry.value(QStringLiteral("ModifyIndex")).toDouble());

    // CAS: the right index wins once, the stale one loses and changes nothing.
    QCOMPARE(
        put(QStringLiteral("/v1/kv/app/config"), "mode=b\nlimit=10\n", QStringLiteral("cas=%1").arg(modifyIndex)).body,
        QByteArray("true"));
    QCOMPARE(put(QStringLiteral("/v1/kv/app/config"), "mode=c\n", QStringLiteral("cas=%1").arg(modifyIndex)).body,
        QByteArray("false"));
    QCOMPARE(put(QStringLiteral("/v1/kv/app/config"), "x", QStringLiteral("cas=0")).body, QByteArray("false"));
    QCOMPARE(TestHttp::get(url(QStringLiteral("/v1/kv/app/config"), QStringLiteral("raw"))).body,
        QByteArray("mode=b\nlimit=10\n"));

    const auto history = TestHttp::get(url(QStringLiteral("/v1/flightdeck/kv-history/app/config"))).json();
    const auto versions = history.value(QStringLiteral("versions")).toArray();
    QCOMPARE(versions.size(), 2);
    QCOMPARE(versions.at(1).toObject().value(QStringLiteral("version")).toInt(), 2);

    const auto diff
        = TestHttp::get(url(QStringLiteral("/v1/flightdeck/kv-diff/app/config"), QStringLiteral("from=1&to=2"))).json();
    QCOMPARE(diff.value(QStringLiteral("text")).toString(), QStringLiteral("-mode=a\n+mode=b\n limit=10\n \n"));

    const auto rollback = put(QStringLiteral("/v1/flightdeck/kv-rollback/app/config"), {}, QStringLiteral("version=1"));
    QCOMPARE(rollback.status, 200);
    QCOMPARE(rollback.json().value(QStringLiteral("version")).toInt(), 3);
    QCOMPARE(TestHttp::get(url(QStringLiteral("/v1/kv/app/config"), QStringLiteral("raw"))).body,
        QByteArray("mode=a\nlimit=10\n"));
    QCOMPARE(put(QStringLiteral("/v1/flightdeck/kv-rollback/app/config"), {}, QStringLiteral("version=9")).status, 404);

    // Recursive reads and deletes.
    QCOMPARE(put(QStringLiteral("/v1/kv/app/other"), "1").body, QByteArray("true"));
    QCOMPARE(QJsonDocument::fromJson(TestHttp::get(url(QStringLiteral("/v1/kv/app/"), QStringLiteral("recurse"))).body)
                 .array()
                 .size(),
        2);
    QCOMPARE(QJsonDocument::fromJson(TestHttp::get(url(QStringLiteral("/v1/kv/app/"), QStringLiteral("keys"))).body)
                 .array()
                 .size(),
        2);
    QCOMPARE(TestHttp::request("DELETE", url(QStringLiteral("/v1/kv/app/"), QStringLiteral("recurse"))).body,
        QByteArray("true"));
    QCOMPARE(TestHttp::get(url(QStringLiteral("/v1/kv/app/config"))).status, 404);
    // Deleted keys keep their history.
    const auto after = TestHttp::get(url(QStringLiteral("/v1/flightdeck/kv-history/app/config"))).json();
    QVERIFY(
        after.value(QStringLiteral("versions")).toArray().last().toObject().value(QStringLiteral("deleted")).toBool());
}

void TestRegistryKv::kvBlockingQueryWatchesAKey()
{
    QCOMPARE(put(QStringLiteral("/v1/kv/feature/x"), "off").body, QByteArray("true"));
    const auto index = TestHttp::get(url(QStringLiteral("/v1/kv/feature/x"))).header("X-Consul-Index").toULongLong();
    QNetworkAccessManager network;
    QNetworkReply *reply = network.get(
        QNetworkRequest(url(QStringLiteral("/v1/kv/feature/x"), QStringLiteral("index=%1&wait=30s").arg(index))));
    QTest::qWait(200);
    QVERIFY(!reply->isFinished());
    QCOMPARE(put(QStringLiteral("/v1/kv/feature/x"), "on").body, QByteArray("true"));
    QTRY_VERIFY_WITH_TIMEOUT(reply->isFinished(), 5000);
    const auto entry = QJsonDocument::fromJson(reply->readAll()).array().at(0).toObject();
    QCOMPARE(QByteArray::fromBase64(entry.value(QStringLiteral("Value")).toString().toLatin1()), QByteArray("on"));
    QVERIFY(reply->rawHeader("X-Consul-Index").toULongLong() > index);
    delete reply;
}

QTEST_GUILESS_MAIN(TestRegistryKv)
#include "tst_registrykv.moc"
