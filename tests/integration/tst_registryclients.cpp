// The registry's clients over real sockets: every instance with a registry URL registers itself through
// its RegistryAgent (re-registering after a registry restart, deregistering on a graceful stop), and
// DiscoveryClient follows the registry with blocking queries and survives it going away.
#include "client/discoveryclient.h"
#include "httptestclient.h"
#include "registry/registryservice.h"
#include "runtime/embeddedfleet.h"
#include "runtime/fleet.h"
#include "runtime/servicehost.h"
#include "testhosts.h"
#include "testservice.h"

#include <memory>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

namespace {

std::unique_ptr<ServiceHost> makeInstance(const QString &id, const QUrl &registry, int ttlMs)
{
    ServiceHostConfig config;
    config.serviceName = QStringLiteral("echo");
    config.instanceId = id;
    config.registryUrl = registry;
    config.registryTtlMs = ttlMs;
    config.registryTags = { QStringLiteral("test") };
    config.limits.drainTimeoutMs = 1000;
    return std::make_unique<ServiceHost>(config, [] { return std::make_unique<TestService>(); });
}

} // namespace

class TestRegistryClients : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init();
    void cleanup();
    void instancesRegisterAndDeregisterThemselves();
    void killedInstanceExpires();
    void agentRegistersAgainAfterRegistryRestart();
    void instanceServesWhileRegistryIsDown();
    void discoveryFollowsChangesAndKeepsLastKnown();
    void embeddedFleetRunsTheRegistryFirst();

private:
    QStringList passingIds(const QString &service) const;
    QUrl registryUrl() const;

    quint16 m_port = 0;
    std::unique_ptr<ServiceHost> m_registry;
};

void TestRegistryClients::init()
{
    m_port = TestHosts::freePort();
    m_registry = TestHosts::registry(m_port);
    QVERIFY(m_registry->start());
}

void TestRegistryClients::cleanup()
{
    m_registry.reset();
}

QUrl TestRegistryClients::registryUrl() const
{
    return QUrl(QStringLiteral("http://127.0.0.1:%1").arg(m_port));
}

QStringList TestRegistryClients::passingIds(const QString &service) const
{
    return TestHosts::passingIds(registryUrl(), service);
}

void TestRegistryClients::instancesRegisterAndDeregisterThemselves()
{
    auto first = makeInstance(QStringLiteral("echo-1"), registryUrl(), 5000);
    auto second = makeInstance(QStringLiteral("echo-2"), registryUrl(), 5000);
    QVERIFY(first->start());
    QVERIFY(second->start());
    QTRY_COMPARE_WITH_TIMEOUT(
        passingIds(QStringLiteral("echo")), (QStringList { QStringLiteral("echo-1"), QStringLiteral("echo-2") }), 5000);
    // Graceful stop deregisters at once (long before the 5 s TTL could expire).
    first->stop();
    QCOMPARE(passingIds(QStringLiteral("echo")), QStringList { QStringLiteral("echo-2") });
    auto url = registryUrl();
    url.setPath(QStringLiteral("/v1/catalog/service/echo"));
    QCOMPARE(QJsonDocument::fromJson(TestHttp::get(url).body).array().size(), 1);
}

void TestRegistryClients::killedInstanceExpires()
{
    auto instance = makeInstance(QStringLiteral("echo-k"), registryUrl(), 1000);
    QVERIFY(instance->start());
    QTRY_COMPARE_WITH_TIMEOUT(passingIds(QStringLiteral("echo")), QStringList { QStringLiteral("echo-k") }, 5000);
    // Heartbeats every 333 ms keep it passing well past its TTL.
    QTest::qWait(2000);
    QCOMPARE(passingIds(QStringLiteral("echo")), QStringList { QStringLiteral("echo-k") });
    instance->kill(); // no deregistration, as if the process died
    QTRY_COMPARE_WITH_TIMEOUT(passingIds(QStringLiteral("echo")), QStringList {}, 5000);
}

void TestRegistryClients::agentRegistersAgainAfterRegistryRestart()
{
    auto instance = makeInstance(QStringLiteral("echo-r"), registryUrl(), 900);
    QVERIFY(instance->start());
    QTRY_COMPARE_WITH_TIMEOUT(passingIds(QStringLiteral("echo")), QStringList { QStringLiteral("echo-r") }, 5000);
    // A registry without persistence forgets everything on restart; the agent notices on its next beat.
    m_registry->stop();
    m_registry = TestHosts::registry(m_port);
    QVERIFY(m_registry->start());
    QCOMPARE(passingIds(QStringLiteral("echo")), QStringList {});
    QTRY_COMPARE_WITH_TIMEOUT(passingIds(QStringLiteral("echo")), QStringList { QStringLiteral("echo-r") }, 5000);
}

void TestRegistryClients::instanceServesWhileRegistryIsDown()
{
    m_registry->stop();
    auto instance = makeInstance(QStringLiteral("echo-d"), registryUrl(), 900);
    QVERIFY(instance->start());
    auto health = instance->baseUrl();
    health.setPath(QStringLiteral("/health"));
    for (int i = 0; i < 5; ++i) {
        QCOMPARE(TestHttp::get(health).status, 200);
        QTest::qWait(100);
    }
    QVERIFY(m_registry->start());
    QTRY_COMPARE_WITH_TIMEOUT(passingIds(QStringLiteral("echo")), QStringList { QStringLiteral("echo-d") }, 5000);
}

void TestRegistryClients::discoveryFollowsChangesAndKeepsLastKnown()
{
    DiscoveryClient discovery(registryUrl());
    QSignalSpy changed(&discovery, &InstanceSource::changed);
    discovery.watch(QStringLiteral("echo"));
    QTRY_VERIFY_WITH_TIMEOUT(discovery.isFresh(QStringLiteral("echo")), 5000);
    QVERIFY(discovery.instances(QStringLiteral("echo")).isEmpty());

    auto first = makeInstance(QStringLiteral("echo-a"), registryUrl(), 5000);
    QVERIFY(first->start());
    QTRY_COMPARE_WITH_TIMEOUT(discovery.instances(QStringLiteral("echo")).size(), 1, 5000);
    const auto instance = discovery.instances(QStringLiteral("echo")).first();
    QCOMPARE(instance.id, QStringLiteral("echo-a"));
    QCOMPARE(instance.port, first->port());
    QCOMPARE(instance.baseUrl(), first->baseUrl());
    QVERIFY(changed.count() >= 1);
    QCOMPARE(changed.last().at(0).toString(), QStringLiteral("echo"));

    auto second = makeInstance(QStringLiteral("echo-b"), registryUrl(), 5000);
    QVERIFY(second->start());
    QTRY_COMPARE_WITH_TIMEOUT(discovery.instances(QStringLiteral("echo")).size(), 2, 5000);

    // Draining an instance takes it out of discovery.
    auto drain = registryUrl();
    drain.setPath(QStringLiteral("/v1/flightdeck/instances/echo-a/drain"));
    QCOMPARE(TestHttp::request("PUT", drain).status, 200);
    QTRY_COMPARE_WITH_TIMEOUT(discovery.instances(QStringLiteral("echo")).size(), 1, 5000);
    QCOMPARE(discovery.instances(QStringLiteral("echo")).first().id, QStringLiteral("echo-b"));

    // The registry goes away: the last known instances stay usable.
    m_registry->kill();
    QTRY_VERIFY_WITH_TIMEOUT(!discovery.isFresh(QStringLiteral("echo")), 10000);
    QCOMPARE(discovery.instances(QStringLiteral("echo")).size(), 1);

    // Back (empty): the agents register again and discovery catches up.
    m_registry = TestHosts::registry(m_port);
    QVERIFY(m_registry->start());
    QTRY_VERIFY_WITH_TIMEOUT(discovery.isFresh(QStringLiteral("echo")), 10000);
    QTRY_COMPARE_WITH_TIMEOUT(discovery.instances(QStringLiteral("echo")).size(), 2, 10000);
}

void TestRegistryClients::embeddedFleetRunsTheRegistryFirst()
{
    m_registry.reset();
    QTemporaryDir dir;
    EmbeddedFleetOptions options;
    options.dataDir = dir.path();
    options.registryPort = m_port;
    options.cartPort = 0; // ephemeral: nothing else on the machine is disturbed
    options.cartInstances = 2;
    Fleet fleet;
    populateEmbeddedFleet(fleet, options);
    QVERIFY(fleet.host(QStringLiteral("registry")));
    QCOMPARE(fleet.hosts().first()->instanceId(), QStringLiteral("registry"));
    // How a service joins the fleet: a host config that carries the registry URL.
    auto config = registeredInstanceConfig(options, QStringLiteral("echo"), QStringLiteral("echo-f"), 0);
    QCOMPARE(config.registryUrl, registryUrl());
    config.limits.drainTimeoutMs = 1000;
    fleet.add(config, [] { return std::make_unique<TestService>(); });
    QString error;
    QVERIFY2(fleet.startAll(&error), qPrintable(error));
    QTRY_COMPARE_WITH_TIMEOUT(passingIds(QStringLiteral("echo")), QStringList { QStringLiteral("echo-f") }, 5000);
    // Every embedded instance of the shop registered itself too.
    QTRY_COMPARE_WITH_TIMEOUT(
        passingIds(QStringLiteral("cart")), (QStringList { QStringLiteral("cart-1"), QStringLiteral("cart-2") }), 5000);
    QTRY_COMPARE_WITH_TIMEOUT(passingIds(QStringLiteral("catalog")).size(), 2, 5000);
    QTRY_COMPARE_WITH_TIMEOUT(passingIds(QStringLiteral("traffic")).size(), 1, 5000);
    QVERIFY(QFile::exists(dir.filePath(QStringLiteral("registry.sqlite"))));
    fleet.stopAll();

    // With --registry http://..., the fleet has no registry of its own and points instances at that one.
    m_registry = TestHosts::registry(m_port);
    QVERIFY(m_registry->start());
    EmbeddedFleetOptions external;
    external.registryPort = TestHosts::freePort();
    external.cartPort = 0;
    external.registry = registryUrl();
    Fleet other;
    populateEmbeddedFleet(other, external);
    QVERIFY(!other.host(QStringLiteral("registry")));
    QCOMPARE(fleetRegistryUrl(external), registryUrl());
}

QTEST_GUILESS_MAIN(TestRegistryClients)
#include "tst_registryclients.moc"
