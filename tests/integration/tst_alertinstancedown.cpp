#include "alerting/alertengine.h"
#include "alerting/ruleexpression.h"
#include "httptestclient.h"
#include "runtime/monitor.h"
#include "runtime/servicehost.h"
#include "telemetry/timeseriesstore.h"
#include "testhosts.h"
#include "testservice.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

// What an alert does when its series vanish, with nothing scripted: a real registry, a real instance that
// registers with it, the console's monitor discovering and scraping it, and the engine evaluating the store.
// A killed instance leaves discovery (its check fails), so the scraper stops scraping it and its "up"
// series ends; it is still registered, so its alert must stay firing until it answers again or is
// deregistered. Scrape failures of a service's only instance turn an error-ratio alert to "error", not
// "resolved".
class TestAlertInstanceDown : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init();
    void cleanup();
    void killedInstanceStaysFiring();
    void deregisteredInstanceResolves();
    void restartedInstanceResolves();
    void failingScrapesAreAnErrorNotResolved();

private:
    AlertRule rule(const QString &name, const QString &expression, qint64 forMs) const;
    std::optional<AlertStatus> status(const QString &ruleName, const QString &instance = {}) const;
    QStringList registeredIds() const; // every instance the registry lists, in any health
    // Kills the instance and waits until it has fired, left discovery and its "up" series has ended.
    void killAndWaitForSeriesToVanish();

    std::unique_ptr<QTemporaryDir> m_dir; // fresh per test: no alert history carried over
    std::unique_ptr<ServiceHost> m_registry;
    std::unique_ptr<ServiceHost> m_host;
    std::unique_ptr<Monitor> m_monitor;
    std::unique_ptr<QSignalSpy> m_firing;
    std::unique_ptr<QSignalSpy> m_resolved;
};

namespace {

const QString kService = QStringLiteral("shop");
const QString kInstance = QStringLiteral("shop-1");
constexpr qint64 kWindowMs = 2000;

} // namespace

AlertRule TestAlertInstanceDown::rule(const QString &name, const QString &expression, qint64 forMs) const
{
    AlertRule result;
    result.name = name;
    QString error;
    const auto parsed = RuleExpression::parse(expression, &error);
    if (!parsed)
        qFatal("bad expression: %s", qPrintable(error));
    parsed->applyTo(&result);
    result.forMs = forMs;
    return result;
}

std::optional<AlertStatus> TestAlertInstanceDown::status(const QString &ruleName, const QString &instance) const
{
    for (const auto &s : m_monitor->alerts()->statuses()) {
        if (s.ruleName == ruleName && s.target.instance == instance)
            return s;
    }
    return std::nullopt;
}

QStringList TestAlertInstanceDown::registeredIds() const
{
    const auto reply = TestHttp::get(
        TestHosts::at(m_registry->baseUrl(), QStringLiteral("/v1/health/service/%1").arg(kService)), 2000);
    QStringList ids;
    for (const auto &entry : QJsonDocument::fromJson(reply.body).array())
        ids << entry.toObject().value(QStringLiteral("Service")).toObject().value(QStringLiteral("ID")).toString();
    return ids;
}

void TestAlertInstanceDown::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    m_registry = TestHosts::startRegistry();
    QVERIFY(m_registry);
    ServiceHostConfig config;
    config.serviceName = kService;
    config.instanceId = kInstance;
    config.port = TestHosts::freePort(); // a restart comes back on the same port
    config.registryUrl = m_registry->baseUrl();
    config.registryTtlMs = 1000; // a dead instance turns critical (leaves discovery) within a second
    m_host = std::make_unique<ServiceHost>(config, [] { return std::make_unique<TestService>(); });
    QString error;
    QVERIFY2(m_host->start(&error), qPrintable(error));

    Monitor::Options options;
    options.dataDir = m_dir->path();
    options.registryUrl = m_registry->baseUrl();
    options.services = { kService };
    options.scrapeIntervalMs = 250;
    m_monitor = std::make_unique<Monitor>(options);
    QVERIFY(m_monitor->start());
    auto *engine = m_monitor->alerts();
    QVERIFY2(engine->setRules({ rule(QStringLiteral("InstanceDown"),
                                  QStringLiteral("instances_up(service=\"shop\", window=2s, by=instance) < 1"), 1000) },
                 &error),
        qPrintable(error));
    m_firing = std::make_unique<QSignalSpy>(engine, &AlertEngine::alertFiring);
    m_resolved = std::make_unique<QSignalSpy>(engine, &AlertEngine::alertResolved);
    // Up and evaluated before anything happens to it.
    QTRY_VERIFY_WITH_TIMEOUT(status(QStringLiteral("InstanceDown"), kInstance)
            && status(QStringLiteral("InstanceDown"), kInstance)->lastValue == 1.0,
        15'000);
}

void TestAlertInstanceDown::cleanup()
{
    m_firing.reset();
    m_resolved.reset();
    if (m_monitor)
        m_monitor->stop();
    m_monitor.reset();
    if (m_host)
        m_host->stop();
    m_host.reset();
    if (m_registry)
        m_registry->stop();
    m_registry.reset();
}

void TestAlertInstanceDown::killAndWaitForSeriesToVanish()
{
    m_host->kill();
    QTRY_COMPARE_WITH_TIMEOUT(m_firing->count(), 1, 15'000);
    QTRY_VERIFY_WITH_TIMEOUT(!TestHosts::passingIds(m_registry->baseUrl(), kService).contains(kInstance), 10'000);
    // Still registered, so still scraped: its scrapes fail and no instance of it is up in the window (or, with
    // a registry that stops listing failing instances, its "up" series ends): either way no data says "up".
    const MetricSelector up { MetricKind::InstancesUp, kService, kInstance, 0.99, {}, kWindowMs };
    QTRY_VERIFY_WITH_TIMEOUT(
        [&] {
            const auto value = m_monitor->store()->evaluate(up, QDateTime::currentMSecsSinceEpoch());
            return !value || *value == 0;
        }(),
        15'000);
    QVERIFY(registeredIds().contains(kInstance)); // killed, not deregistered
}

void TestAlertInstanceDown::killedInstanceStaysFiring()
{
    killAndWaitForSeriesToVanish();
    // Evaluate a few more rounds with the series gone: still firing, still down (0 instances up), never resolved.
    for (int round = 0; round < 3; ++round) {
        m_monitor->alerts()->evaluateNow();
        const auto s = status(QStringLiteral("InstanceDown"), kInstance);
        QVERIFY2(s, "the alert of the killed instance disappeared");
        QCOMPARE(AlertStates::name(s->state), QStringLiteral("firing"));
        QCOMPARE(s->lastValue, std::optional<double>(0));
    }
    QCOMPARE(m_resolved->count(), 0);
    QCOMPARE(m_monitor->alerts()->firingCount(), 1);
}

void TestAlertInstanceDown::deregisteredInstanceResolves()
{
    killAndWaitForSeriesToVanish();
    m_monitor->alerts()->evaluateNow();
    QCOMPARE(m_resolved->count(), 0);
    // An operator removes the dead instance from the registry on purpose.
    const auto reply = TestHttp::request(
        "PUT", TestHosts::at(m_registry->baseUrl(), QStringLiteral("/v1/agent/service/deregister/%1").arg(kInstance)));
    QCOMPARE(reply.status, 200);
    QTRY_COMPARE_WITH_TIMEOUT(m_resolved->count(), 1, 10'000);
    const auto event = m_resolved->first().first().value<AlertEvent>();
    QCOMPARE(event.instance, kInstance);
    QCOMPARE(event.reason, QStringLiteral("deregistered"));
    QVERIFY(!status(QStringLiteral("InstanceDown"), kInstance));
}

void TestAlertInstanceDown::restartedInstanceResolves()
{
    killAndWaitForSeriesToVanish();
    m_monitor->alerts()->evaluateNow();
    QCOMPARE(m_resolved->count(), 0);
    QString error;
    QVERIFY2(m_host->start(&error), qPrintable(error)); // same id, same port: it registers and answers again
    QTRY_COMPARE_WITH_TIMEOUT(m_resolved->count(), 1, 15'000);
    const auto event = m_resolved->first().first().value<AlertEvent>();
    QVERIFY(event.reason.isEmpty());
    QCOMPARE(event.value, std::optional<double>(1));
    QCOMPARE(m_firing->count(), 1); // one incident, announced once
}

void TestAlertInstanceDown::failingScrapesAreAnErrorNotResolved()
{
    // A static target (scraped whatever the registry says) whose scrapes start failing: its error ratio has
    // no data left, and the reason is known: nothing answers.
    ServiceHostConfig config;
    config.serviceName = QStringLiteral("shop2");
    config.instanceId = QStringLiteral("shop2-1");
    ServiceHost host(config, [] { return std::make_unique<TestService>(); });
    QVERIFY(host.start());
    QTemporaryDir dir;
    Monitor::Options options;
    options.dataDir = dir.path();
    options.staticTargets = { TestHosts::instanceOf(host) };
    options.scrapeIntervalMs = 250;
    Monitor monitor(options);
    QVERIFY(monitor.start());
    auto *engine = monitor.alerts();
    QString error;
    QVERIFY2(engine->setRules({ rule(QStringLiteral("ShopErrors"),
                                  QStringLiteral("error_ratio(service=\"shop2\", window=2s) > 0.05"), 0) },
                 &error),
        qPrintable(error));
    QSignalSpy firing(engine, &AlertEngine::alertFiring);
    QSignalSpy resolved(engine, &AlertEngine::alertResolved);
    FaultInjection faults;
    faults.errorRatio = 1.0;
    host.setFaults(faults);
    const auto echo = TestHosts::urlOf(host, QStringLiteral("/echo"));
    QTRY_VERIFY_WITH_TIMEOUT(
        [&] {
            TestHttp::request("POST", echo, "x");
            return !firing.isEmpty();
        }(),
        20'000);
    host.kill();
    const auto state = [&] {
        for (const auto &s : engine->statuses()) {
            if (s.ruleName == QLatin1String("ShopErrors"))
                return s.state;
        }
        return AlertState::Inactive;
    };
    QTRY_COMPARE_WITH_TIMEOUT(AlertStates::name(state()), QStringLiteral("error"), 15'000);
    QCOMPARE(resolved.count(), 0);
    QCOMPARE(engine->firingCount(), 0); // an alert in error is shown as such, not counted as firing
    monitor.stop();
}

QTEST_GUILESS_MAIN(TestAlertInstanceDown)
#include "tst_alertinstancedown.moc"
