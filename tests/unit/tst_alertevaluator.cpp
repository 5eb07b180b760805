#include "alerting/alertevaluator.h"
#include "alerting/ruleexpression.h"
#include "scriptedmetricquery.h"

#include <QTest>

// The state machine, driven second by second by the test's own clock against scripted metric values.
class TestAlertEvaluator : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void forDurationFiresAfterItHeld();
    void pendingThatStopsHoldingNeverFires();
    void hysteresisHoldsUntilClearThreshold();
    void withoutHysteresisResolvesAtThreshold();
    void forZeroFiresAtOnce();
    void noDataIsNotResolved();
    void noDataPolicies_data();
    void noDataPolicies();
    void failingScrapesReadAsError();
    void listedInstanceWithoutDataIsDown();
    void restoredAlertWaitsForDiscovery();
    void comparisons_data();
    void comparisons();
    void unpinnedRuleRunsPerServiceAndInstance();
    void vanishedTargetResolves();
    void changedRuleResolvesUnchangedKeepsState();
    void eventCarriesLabelsAndRenderedAnnotations();
};

namespace {

constexpr qint64 kStart = 1'700'000'000'000;

AlertRule makeRule(
    const QString &name, const QString &expression, qint64 forMs = 0, std::optional<double> clear = std::nullopt)
{
    AlertRule rule;
    rule.name = name;
    QString error;
    const auto parsed = RuleExpression::parse(expression, &error);
    if (!parsed)
        qFatal("bad test expression: %s", qPrintable(error));
    parsed->applyTo(&rule);
    rule.forMs = forMs;
    rule.clearThreshold = clear;
    if (!rule.validate().isEmpty())
        qFatal("bad test rule: %s", qPrintable(rule.validate().join(u"; ")));
    return rule;
}

QString describe(const AlertEvent &event)
{
    const auto target = event.instance.isEmpty() ? event.service : event.instance;
    return QStringLiteral("%1s %2 %3")
        .arg((event.timestampMs - kStart) / 1000)
        .arg(target, AlertStates::name(event.to));
}

// Evaluates once per second from kStart + fromS to kStart + toS (inclusive): the controllable clock.
QStringList run(AlertEvaluator &evaluator, int fromS, int toS)
{
    QStringList lines;
    for (int s = fromS; s <= toS; ++s) {
        for (const auto &event : evaluator.evaluate(kStart + s * 1000LL))
            lines << describe(event);
    }
    return lines;
}

void script(ScriptedMetricQuery &query, MetricKind kind, const QString &service,
    const QList<QPair<int, double>> &valuesFromSecond)
{
    for (const auto &[second, value] : valuesFromSecond)
        query.set(kind, service, {}, kStart + second * 1000LL, value);
}

} // namespace

void TestAlertEvaluator::forDurationFiresAfterItHeld()
{
    ScriptedMetricQuery query;
    script(query, MetricKind::ErrorRatio, QStringLiteral("cart"), { { 0, 0.01 }, { 1, 0.10 }, { 35, 0.01 } });
    AlertEvaluator evaluator(&query);
    evaluator.setRules(
        { makeRule(QStringLiteral("CartErrors"), QStringLiteral("error_ratio(service=cart) > 0.05"), 30'000) }, kStart);
    QCOMPARE(run(evaluator, 0, 40),
        (QStringList { QStringLiteral("1s cart pending"), QStringLiteral("31s cart firing"),
            QStringLiteral("35s cart resolved"), QStringLiteral("36s cart inactive") }));
    const auto statuses = evaluator.statuses();
    QCOMPARE(statuses.size(), 1);
    QCOMPARE(statuses.first().state, AlertState::Inactive);
    QCOMPARE(statuses.first().lastValue.value_or(-1), 0.01);
}

void TestAlertEvaluator::pendingThatStopsHoldingNeverFires()
{
    ScriptedMetricQuery query;
    script(query, MetricKind::ErrorRatio, QStringLiteral("cart"), { { 0, 0.2 }, { 29, 0.0 }, { 31, 0.2 } });
    AlertEvaluator evaluator(&query);
    evaluator.setRules(
        { makeRule(QStringLiteral("CartErrors"), QStringLiteral("error_ratio(service=cart) > 0.05"), 30'000) }, kStart);
    // Held from 0 s to 28 s (29 s < 30 s), stopped at 29 s; the new episode from 31 s starts the clock again.
    QCOMPARE(run(evaluator, 0, 61),
        (QStringList { QStringLiteral("0s cart pending"), QStringLiteral("29s cart inactive"),
            QStringLiteral("31s cart pending"), QStringLiteral("61s cart firing") }));
}

void TestAlertEvaluator::hysteresisHoldsUntilClearThreshold()
{
    ScriptedMetricQuery query;
    script(query, MetricKind::ErrorRatio, QStringLiteral("cart"),
        { { 0, 0.06 }, { 1, 0.04 }, { 2, 0.031 }, { 3, 0.02 }, { 4, 0.04 }, { 5, 0.051 } });
    AlertEvaluator evaluator(&query);
    evaluator.setRules(
        { makeRule(QStringLiteral("CartErrors"), QStringLiteral("error_ratio(service=cart) > 0.05"), 0, 0.03) },
        kStart);
    // Between the clear threshold and the threshold: stays firing (1 s, 2 s); below: resolved (3 s); back in
    // the band without crossing the threshold: no new alert (4 s); above: fires again (5 s).
    QCOMPARE(run(evaluator, 0, 5),
        (QStringList { QStringLiteral("0s cart pending"), QStringLiteral("0s cart firing"),
            QStringLiteral("3s cart resolved"), QStringLiteral("4s cart inactive"), QStringLiteral("5s cart pending"),
            QStringLiteral("5s cart firing") }));
}

void TestAlertEvaluator::withoutHysteresisResolvesAtThreshold()
{
    ScriptedMetricQuery query;
    script(query, MetricKind::ErrorRatio, QStringLiteral("cart"), { { 0, 0.06 }, { 1, 0.04 }, { 2, 0.06 } });
    AlertEvaluator evaluator(&query);
    evaluator.setRules(
        { makeRule(QStringLiteral("CartErrors"), QStringLiteral("error_ratio(service=cart) > 0.05")) }, kStart);
    QCOMPARE(run(evaluator, 0, 2),
        (QStringList { QStringLiteral("0s cart pending"), QStringLiteral("0s cart firing"),
            QStringLiteral("1s cart resolved"), QStringLiteral("2s cart pending"), QStringLiteral("2s cart firing") }));
}

void TestAlertEvaluator::forZeroFiresAtOnce()
{
    ScriptedMetricQuery query;
    script(query, MetricKind::LatencyQuantile, QStringLiteral("cart"), { { 5, 300 } });
    AlertEvaluator evaluator(&query);
    evaluator.setRules(
        { makeRule(QStringLiteral("Slow"), QStringLiteral("latency_quantile(service=cart) > 250")) }, kStart);
    QCOMPARE(
        run(evaluator, 0, 6), (QStringList { QStringLiteral("5s cart pending"), QStringLiteral("5s cart firing") }));
}

void TestAlertEvaluator::noDataIsNotResolved()
{
    // Missing data is not "condition false": the alert reads "no data" (never "resolved") while its series
    // are gone, and when they come back it is the same alert, firing again without a new pending phase.
    ScriptedMetricQuery query;
    script(query, MetricKind::LatencyQuantile, QStringLiteral("cart"), { { 0, 300 } });
    query.gap(MetricKind::LatencyQuantile, QStringLiteral("cart"), {}, kStart + 3000);
    query.set(MetricKind::LatencyQuantile, QStringLiteral("cart"), {}, kStart + 6000, 320);
    query.set(MetricKind::LatencyQuantile, QStringLiteral("cart"), {}, kStart + 8000, 100);
    AlertEvaluator evaluator(&query);
    evaluator.setRules(
        { makeRule(QStringLiteral("Slow"), QStringLiteral("latency_quantile(service=cart) > 250"), 1000) }, kStart);
    QCOMPARE(run(evaluator, 0, 5),
        (QStringList {
            QStringLiteral("0s cart pending"), QStringLiteral("1s cart firing"), QStringLiteral("3s cart nodata") }));
    QCOMPARE(evaluator.statuses().first().state, AlertState::NoData);
    QVERIFY(!evaluator.statuses().first().lastValue);
    QCOMPARE(run(evaluator, 6, 9),
        (QStringList { QStringLiteral("6s cart firing"), QStringLiteral("8s cart resolved"),
            QStringLiteral("9s cart inactive") }));
}

void TestAlertEvaluator::noDataPolicies_data()
{
    QTest::addColumn<QString>("policy");
    QTest::addColumn<QStringList>("expected");
    QTest::newRow("nodata") << QStringLiteral("nodata")
                            << QStringList { QStringLiteral("0s cart pending"), QStringLiteral("0s cart firing"),
                                   QStringLiteral("2s cart nodata") };
    QTest::newRow("alerting") << QStringLiteral("alerting")
                              << QStringList { QStringLiteral("0s cart pending"), QStringLiteral("0s cart firing") };
    QTest::newRow("ok") << QStringLiteral("ok")
                        << QStringList { QStringLiteral("0s cart pending"), QStringLiteral("0s cart firing"),
                               QStringLiteral("2s cart resolved"), QStringLiteral("3s cart inactive") };
    QTest::newRow("keep_last") << QStringLiteral("keep_last")
                               << QStringList { QStringLiteral("0s cart pending"), QStringLiteral("0s cart firing") };
}

void TestAlertEvaluator::noDataPolicies()
{
    QFETCH(QString, policy);
    QFETCH(QStringList, expected);
    ScriptedMetricQuery query;
    script(query, MetricKind::ErrorRatio, QStringLiteral("cart"), { { 0, 0.5 } });
    query.gap(MetricKind::ErrorRatio, QStringLiteral("cart"), {}, kStart + 2000);
    auto rule = makeRule(QStringLiteral("Errors"), QStringLiteral("error_ratio(service=cart) > 0.1"));
    rule.noData = *AlertRules::noDataPolicyFromName(policy);
    AlertEvaluator evaluator(&query);
    evaluator.setRules({ rule }, kStart);
    QCOMPARE(run(evaluator, 0, 4), expected);
    if (policy == QLatin1String("keep_last"))
        QCOMPARE(evaluator.statuses().first().lastValue, std::optional<double>(0.5));
}

void TestAlertEvaluator::failingScrapesReadAsError()
{
    // The series stop because nothing answers its scrapes ("up" is 0): that is an error, not "no data".
    ScriptedMetricQuery query;
    script(query, MetricKind::ErrorRatio, QStringLiteral("cart"), { { 0, 0.5 } });
    query.gap(MetricKind::ErrorRatio, QStringLiteral("cart"), {}, kStart + 2000);
    script(query, MetricKind::InstancesUp, QStringLiteral("cart"), { { 0, 3 }, { 2, 0 } });
    AlertEvaluator evaluator(&query);
    evaluator.setRules(
        { makeRule(QStringLiteral("Errors"), QStringLiteral("error_ratio(service=cart) > 0.1")) }, kStart);
    QCOMPARE(run(evaluator, 0, 4),
        (QStringList {
            QStringLiteral("0s cart pending"), QStringLiteral("0s cart firing"), QStringLiteral("2s cart error") }));
    QCOMPARE(evaluator.statuses().first().state, AlertState::Error);
}

void TestAlertEvaluator::listedInstanceWithoutDataIsDown()
{
    // A killed instance leaves discovery, so its "up" series ends, but the registry still lists it: it is
    // down, not unknown, and its alert keeps firing until it answers again.
    ScriptedMetricQuery query;
    query.set(MetricKind::InstancesUp, QStringLiteral("cart"), QStringLiteral("cart-2"), kStart, 0);
    query.gap(MetricKind::InstancesUp, QStringLiteral("cart"), QStringLiteral("cart-2"), kStart + 2000);
    query.set(MetricKind::InstancesUp, QStringLiteral("cart"), QStringLiteral("cart-2"), kStart + 10'000, 1);
    AlertEvaluator evaluator(&query);
    evaluator.setTargetProvider([] {
        return QList<AlertTarget> { { QStringLiteral("cart"), QStringLiteral("cart-2") } };
    });
    evaluator.setRules(
        { makeRule(QStringLiteral("InstanceDown"), QStringLiteral("instances_up(by=instance) < 1"), 1000) }, kStart);
    QCOMPARE(run(evaluator, 0, 9),
        (QStringList { QStringLiteral("0s cart-2 pending"), QStringLiteral("1s cart-2 firing") }));
    QCOMPARE(evaluator.statuses().first().lastValue, std::optional<double>(0));
    QCOMPARE(run(evaluator, 10, 10), (QStringList { QStringLiteral("10s cart-2 resolved") }));
}

void TestAlertEvaluator::restoredAlertWaitsForDiscovery()
{
    // Right after a restart discovery has not answered yet: an instance that is not listed is not known to be
    // deregistered, so its alert taken up from the history stays firing, and resolves only if the instance
    // is still not listed after a grace period.
    ScriptedMetricQuery query;
    QList<AlertTarget> targets;
    AlertEvaluator evaluator(&query);
    evaluator.setTargetProvider([&targets] { return targets; });
    const auto rule = makeRule(QStringLiteral("InstanceDown"), QStringLiteral("instances_up(by=instance) < 1"));
    evaluator.setRules({ rule }, kStart);
    AlertStatus status;
    status.ruleName = rule.name;
    status.target = { QStringLiteral("cart"), QStringLiteral("cart-2") };
    const auto fired = makeAlertEvent(rule, status, AlertState::Pending, AlertState::Firing, kStart - 60'000);
    QCOMPARE(evaluator.restoreFiring({ fired }), 1);
    QCOMPARE(run(evaluator, 0, 20), QStringList {});
    QCOMPARE(evaluator.statuses().first().state, AlertState::Firing);
    QCOMPARE(run(evaluator, 21, 40), QStringList { QStringLiteral("30s cart-2 resolved") });
}

void TestAlertEvaluator::comparisons_data()
{
    QTest::addColumn<QString>("op");
    QTest::addColumn<double>("value");
    QTest::addColumn<bool>("fires");
    const QList<std::tuple<const char *, double, bool>> cases { { ">", 10.5, true }, { ">", 10, false },
        { ">=", 10, true }, { ">=", 9.9, false }, { "<", 9.9, true }, { "<", 10, false }, { "<=", 10, true },
        { "<=", 10.1, false }, { "==", 10, true }, { "==", 10.1, false }, { "!=", 10.1, true }, { "!=", 10, false } };
    for (const auto &[op, value, fires] : cases)
        QTest::addRow("%s %g", op, value) << QString::fromLatin1(op) << value << fires;
}

void TestAlertEvaluator::comparisons()
{
    QFETCH(QString, op);
    QFETCH(double, value);
    QFETCH(bool, fires);
    ScriptedMetricQuery query;
    script(query, MetricKind::RequestRate, QStringLiteral("cart"), { { 0, value } });
    AlertEvaluator evaluator(&query);
    evaluator.setRules({ makeRule(QStringLiteral("R"), QStringLiteral("rate(service=cart) %1 10").arg(op)) }, kStart);
    const auto events = evaluator.evaluate(kStart);
    QCOMPARE(!events.isEmpty() && events.last().to == AlertState::Firing, fires);
}

void TestAlertEvaluator::unpinnedRuleRunsPerServiceAndInstance()
{
    ScriptedMetricQuery query;
    query.set(MetricKind::InstancesUp, QStringLiteral("cart"), QStringLiteral("cart-1"), kStart, 1);
    query.set(MetricKind::InstancesUp, QStringLiteral("cart"), QStringLiteral("cart-2"), kStart, 0);
    query.set(MetricKind::InstancesUp, QStringLiteral("catalog"), QStringLiteral("catalog-1"), kStart, 1);
    query.set(MetricKind::ErrorRatio, QStringLiteral("cart"), {}, kStart, 0.01);
    query.set(MetricKind::ErrorRatio, QStringLiteral("catalog"), {}, kStart, 0.5);
    AlertEvaluator evaluator(&query);
    evaluator.setTargetProvider([] {
        return QList<AlertTarget> { { QStringLiteral("cart"), QStringLiteral("cart-1") },
            { QStringLiteral("cart"), QStringLiteral("cart-2") },
            { QStringLiteral("catalog"), QStringLiteral("catalog-1") } };
    });
    evaluator.setRules({ makeRule(QStringLiteral("InstanceDown"), QStringLiteral("instances_up(by=instance) < 1")),
                           makeRule(QStringLiteral("AnyErrors"), QStringLiteral("error_ratio() > 0.1")) },
        kStart);
    QCOMPARE(run(evaluator, 0, 0),
        (QStringList { QStringLiteral("0s cart-2 pending"), QStringLiteral("0s cart-2 firing"),
            QStringLiteral("0s catalog pending"), QStringLiteral("0s catalog firing") }));
    QCOMPARE(evaluator.statuses().size(), 5); // 3 instances + 2 services
}

void TestAlertEvaluator::vanishedTargetResolves()
{
    ScriptedMetricQuery query;
    query.set(MetricKind::InstancesUp, QStringLiteral("cart"), QStringLiteral("cart-3"), kStart, 0);
    AlertEvaluator evaluator(&query);
    QList<AlertTarget> targets { { QStringLiteral("cart"), QStringLiteral("cart-3") } };
    evaluator.setTargetProvider([&targets] { return targets; });
    evaluator.setRules(
        { makeRule(QStringLiteral("InstanceDown"), QStringLiteral("instances_up(by=instance) < 1")) }, kStart);
    QCOMPARE(run(evaluator, 0, 0),
        (QStringList { QStringLiteral("0s cart-3 pending"), QStringLiteral("0s cart-3 firing") }));
    targets.clear(); // scaled away: deregistered
    const auto events = evaluator.evaluate(kStart + 1000);
    QCOMPARE(events.size(), 1);
    QCOMPARE(events.first().to, AlertState::Resolved);
    QCOMPARE(events.first().reason, QStringLiteral("deregistered"));
    QVERIFY(evaluator.statuses().isEmpty());
}

void TestAlertEvaluator::changedRuleResolvesUnchangedKeepsState()
{
    ScriptedMetricQuery query;
    script(query, MetricKind::RequestRate, QStringLiteral("cart"), { { 0, 50 } });
    script(query, MetricKind::ErrorRatio, QStringLiteral("cart"), { { 0, 0.5 } });
    AlertEvaluator evaluator(&query);
    const auto busy = makeRule(QStringLiteral("Busy"), QStringLiteral("rate(service=cart) > 10"));
    const auto errors = makeRule(QStringLiteral("Errors"), QStringLiteral("error_ratio(service=cart) > 0.1"));
    evaluator.setRules({ busy, errors }, kStart);
    QCOMPARE(run(evaluator, 0, 0).size(), 4);

    auto busier = busy;
    busier.threshold = 100;
    const auto events = evaluator.setRules({ busier, errors }, kStart + 500);
    QCOMPARE(events.size(), 1);
    QCOMPARE(events.first().ruleName, QStringLiteral("Busy"));
    QCOMPARE(events.first().to, AlertState::Resolved);
    // "Errors" is still firing and says nothing new; the changed rule starts over and does not fire.
    QVERIFY(run(evaluator, 1, 3).isEmpty());
    const auto statuses = evaluator.statuses();
    const auto errorsStatus = std::find_if(
        statuses.cbegin(), statuses.cend(), [](const auto &s) { return s.ruleName == QStringLiteral("Errors"); });
    QVERIFY(errorsStatus != statuses.cend());
    QCOMPARE(errorsStatus->state, AlertState::Firing);
    QCOMPARE(errorsStatus->activeSinceMs, kStart);

    // Disabling counts as a change too.
    auto disabled = errors;
    disabled.enabled = false;
    const auto disableEvents = evaluator.setRules({ busier, disabled }, kStart + 4000);
    QCOMPARE(disableEvents.size(), 1);
    QCOMPARE(disableEvents.first().ruleName, QStringLiteral("Errors"));
    QVERIFY(run(evaluator, 5, 6).isEmpty());
}

void TestAlertEvaluator::eventCarriesLabelsAndRenderedAnnotations()
{
    ScriptedMetricQuery query;
    query.set(MetricKind::ErrorRatio, QStringLiteral("cart"), QStringLiteral("cart-1"), kStart, 0.25);
    AlertEvaluator evaluator(&query);
    auto rule = makeRule(QStringLiteral("Errors"), QStringLiteral("error_ratio(service=cart, instance=cart-1) > 0.1"));
    rule.severity = Severity::Critical;
    rule.labels.insert(QStringLiteral("team"), QStringLiteral("shop"));
    rule.annotations.insert(QStringLiteral("summary"), QStringLiteral("{{instance}} of {{service}}: {{value}}"));
    evaluator.setRules({ rule }, kStart);
    const auto events = evaluator.evaluate(kStart);
    QCOMPARE(events.size(), 2);
    const auto &firing = events.last();
    QCOMPARE(firing.to, AlertState::Firing);
    QCOMPARE(firing.labels.value(QStringLiteral("alertname")), QStringLiteral("Errors"));
    QCOMPARE(firing.labels.value(QStringLiteral("severity")), QStringLiteral("critical"));
    QCOMPARE(firing.labels.value(QStringLiteral("service")), QStringLiteral("cart"));
    QCOMPARE(firing.labels.value(QStringLiteral("instance")), QStringLiteral("cart-1"));
    QCOMPARE(firing.labels.value(QStringLiteral("team")), QStringLiteral("shop"));
    QCOMPARE(firing.annotations.value(QStringLiteral("summary")), QStringLiteral("cart-1 of cart: 0.25"));
    QCOMPARE(firing.value.value_or(-1), 0.25);
    QCOMPARE(firing.fingerprint(), QStringLiteral("Errors/cart/cart-1"));
    const auto back = AlertEvent::fromJson(firing.toJson());
    QVERIFY(back);
    QCOMPARE(back->toJson(), firing.toJson());
}

QTEST_GUILESS_MAIN(TestAlertEvaluator)
#include "tst_alertevaluator.moc"
