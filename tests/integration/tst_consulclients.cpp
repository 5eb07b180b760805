// Real Consul client libraries, unchanged, against the embedded registry: python-consul2 (Debian's
// python3-consul2) and the `consul` package from npm (installed by ./dev). Each script registers services
// with TTL, HTTP and TCP checks, heartbeats, discovers with blocking queries, uses maintenance mode, KV
// with check-and-set, sessions and KV locks (a leader loses its lock when its check fails; a standby is
// elected after the lock-delay) and catalog registration (tests/integration/data/consul_*_client.*).
// Afterwards the test reads the registry's state itself, so a script that skipped steps cannot pass.
#include "httptestclient.h"
#include "testhosts.h"
#include "testprocess.h"

#include <QDir>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcessEnvironment>
#include <QTest>

class TestConsulClients : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init();
    void cleanup();
    void pythonConsulWorksUnchanged();
    void nodeConsulWorksUnchanged();

private:
    QString script(const QString &name) const;
    void verifyKv(const QString &key, const QByteArray &value);
    void verifyLockHistory(const QString &key);
    std::unique_ptr<ServiceHost> m_registry;
};

void TestConsulClients::init()
{
    m_registry = TestHosts::startRegistry();
    QVERIFY(m_registry);
}

void TestConsulClients::cleanup()
{
    m_registry.reset();
}

QString TestConsulClients::script(const QString &name) const
{
    return QDir(TestProcess::env("FLIGHTDECK_SOURCE_DIR")).filePath(QStringLiteral("tests/integration/data/") + name);
}

void TestConsulClients::verifyKv(const QString &key, const QByteArray &value)
{
    const auto reply
        = TestHttp::get(TestHosts::urlOf(*m_registry, QStringLiteral("/v1/kv/") + key, QStringLiteral("raw")));
    QCOMPARE(reply.status, 200);
    QCOMPARE(reply.body, value);
}

// The script's leader key went through two holders and ended released, with no session left behind.
void TestConsulClients::verifyLockHistory(const QString &key)
{
    const auto reply = TestHttp::get(TestHosts::urlOf(*m_registry, QStringLiteral("/v1/kv/") + key));
    QCOMPARE(reply.status, 200);
    const auto entry = QJsonDocument::fromJson(reply.body).array().at(0).toObject();
    QCOMPARE(entry.value(QStringLiteral("LockIndex")).toInt(), 2);
    QVERIFY(!entry.contains(QStringLiteral("Session")));
    const auto sessions = TestHttp::get(TestHosts::urlOf(*m_registry, QStringLiteral("/v1/session/list")));
    QCOMPARE(QJsonDocument::fromJson(sessions.body).array().size(), 0);
}

void TestConsulClients::pythonConsulWorksUnchanged()
{
    // Debian's interpreter, where Debian's python3-consul2 is installed (not whichever python3 is first on PATH).
    const auto python = QStringLiteral("/usr/bin/python3");
    QVERIFY2(QFileInfo::exists(python), "Debian's python3 is required (./dev installs python3-consul2)");
    const auto port = QString::number(m_registry->port());
    const auto result = TestProcess::run(
        python, { script(QStringLiteral("consul_python_client.py")), QStringLiteral("127.0.0.1"), port, port }, 120000);
    QVERIFY2(result.ok(), qPrintable(result.describe()));
    QVERIFY2(result.out.contains("ok: "), qPrintable(result.describe()));
    verifyKv(QStringLiteral("py/config/limit"), "12");
    verifyKv(QStringLiteral("py/config/new"), "x");
    verifyKv(QStringLiteral("py/leader"), "free");
    verifyLockHistory(QStringLiteral("py/leader"));
    // The script deregistered everything it registered.
    const auto services = TestHttp::get(TestHosts::urlOf(*m_registry, QStringLiteral("/v1/agent/services")));
    QCOMPARE(services.status, 200);
    QCOMPARE(QJsonDocument::fromJson(services.body).object().size(), 0);
}

void TestConsulClients::nodeConsulWorksUnchanged()
{
    const auto modules = TestProcess::env("FLIGHTDECK_NODE_MODULES");
    QVERIFY2(QFileInfo::exists(modules + QStringLiteral("/consul/package.json")),
        qPrintable(QStringLiteral("the npm consul package is not in %1 (./dev test installs it)").arg(modules)));
    const auto port = QString::number(m_registry->port());
    qputenv("NODE_PATH", modules.toLocal8Bit());
    const auto result = TestProcess::run(QStringLiteral("node"),
        { script(QStringLiteral("consul_node_client.js")), QStringLiteral("127.0.0.1"), port, port }, 120000);
    qunsetenv("NODE_PATH");
    QVERIFY2(result.ok(), qPrintable(result.describe()));
    QVERIFY2(result.out.contains("ok: "), qPrintable(result.describe()));
    verifyKv(QStringLiteral("js/flags/beta"), "off");
    verifyKv(QStringLiteral("js/leader"), "free");
    verifyLockHistory(QStringLiteral("js/leader"));
    const auto services = TestHttp::get(TestHosts::urlOf(*m_registry, QStringLiteral("/v1/agent/services")));
    QCOMPARE(QJsonDocument::fromJson(services.body).object().size(), 0);
}

QTEST_GUILESS_MAIN(TestConsulClients)
#include "tst_consulclients.moc"
