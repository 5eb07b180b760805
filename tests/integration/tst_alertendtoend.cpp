#include "alerting/alertengine.h"
#include "alerting/ruleexpression.h"
#include "httptestclient.h"
#include "runtime/monitor.h"
#include "runtime/servicehost.h"
#include "telemetry/timeseriesstore.h"
#include "testservice.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

// The whole alerting path with nothing scripted: a real instance serves requests, an operator-style fault
// makes it fail, the scraper records it, the store computes the error ratio and the engine fires the rule.
class TestAlertEndToEnd : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void injectedErrorsFireTheMatchingRule();
};

void TestAlertEndToEnd::injectedErrorsFireTheMatchingRule()
{
    QTemporaryDir dir;
    ServiceHostConfig config;
    config.serviceName = QStringLiteral("shop");
    config.instanceId = QStringLiteral("shop-1");
    ServiceHost host(config, [] { return std::make_unique<TestService>(); });
    QVERIFY(host.start());

    Monitor::Options options;
    options.dataDir = dir.path();
    options.staticTargets = { ServiceInstance {
        QStringLiteral("shop-1"), QStringLiteral("shop"), QStringLiteral("127.0.0.1"), host.port(), 1, true } };
    options.scrapeIntervalMs = 250;
    Monitor monitor(options);
    QVERIFY(monitor.start());
    auto *engine = monitor.alerts();
    QVERIFY(engine->setRules({}));

    AlertRule rule;
    rule.name = QStringLiteral("ShopErrors");
    QString error;
    const auto expression
        = RuleExpression::parse(QStringLiteral("error_ratio(service=\"shop\", window=5s) > 0.05"), &error);
    QVERIFY2(expression, qPrintable(error));
    expression->applyTo(&rule);
    rule.forMs = 1000;
    QVERIFY2(engine->upsertRule(rule, &error), qPrintable(error));
    QSignalSpy firing(engine, &AlertEngine::alertFiring);

    auto echo = host.baseUrl();
    echo.setPath(QStringLiteral("/echo"));
    // Healthy traffic first: the rule must stay quiet.
    for (int i = 0; i < 40; ++i)
        QCOMPARE(TestHttp::request("POST", echo, "ok").status, 200);
    QTRY_VERIFY_WITH_TIMEOUT(monitor.store()
                                 ->evaluate({ MetricKind::RequestRate, QStringLiteral("shop"), {}, 0.99, {}, 5000 },
                                     QDateTime::currentMSecsSinceEpoch())
                                 .value_or(0)
            > 0,
        10000);
    engine->evaluateNow();
    QCOMPARE(firing.count(), 0);

    // Half of the requests now fail with an injected 503.
    FaultInjection faults;
    faults.errorRatio = 0.5;
    host.setFaults(faults);
    QElapsedTimer sending;
    sending.start();
    int failures = 0;
    while (firing.isEmpty() && sending.elapsed() < 20'000) {
        for (int i = 0; i < 20; ++i)
            failures += TestHttp::request("POST", echo, "x").status == 503 ? 1 : 0;
        QTest::qWait(100);
    }
    QVERIFY(failures > 0);
    QVERIFY2(!firing.isEmpty(), "the error-ratio rule did not fire");
    const auto event = firing.first().first().value<AlertEvent>();
    QCOMPARE(event.ruleName, QStringLiteral("ShopErrors"));
    QCOMPARE(event.service, QStringLiteral("shop"));
    QVERIFY(event.value.value_or(0) > 0.05);
    monitor.stop();
    host.stop();
}

QTEST_GUILESS_MAIN(TestAlertEndToEnd)
#include "tst_alertendtoend.moc"
