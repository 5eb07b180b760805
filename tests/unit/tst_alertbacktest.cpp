#include "alerting/backtest.h"
#include "alerting/ruleexpression.h"
#include "scriptedmetricquery.h"

#include <QTest>

// Backtests over a crafted history: the expected intervals are worked out by hand from the script.
class TestAlertBacktest : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void errorBurstsWithForAndHysteresis_data();
    void errorBurstsWithForAndHysteresis();
    void perInstanceTargets();
    void rejectsBadRanges();
};

namespace {

constexpr qint64 kStart = 1'700'000'000'000;

qint64 at(int second)
{
    return kStart + second * 1000LL;
}

AlertRule makeRule(const QString &expression, qint64 forMs, std::optional<double> clear)
{
    AlertRule rule;
    rule.name = QStringLiteral("Backtested");
    QString error;
    const auto parsed = RuleExpression::parse(expression, &error);
    if (!parsed)
        qFatal("bad test expression: %s", qPrintable(error));
    parsed->applyTo(&rule);
    rule.forMs = forMs;
    rule.clearThreshold = clear;
    return rule;
}

QString describe(const QList<BacktestInterval> &intervals)
{
    QStringList parts;
    for (const auto &interval : intervals)
        parts << QStringLiteral("%1 %2 %3-%4%5")
                     .arg(interval.target.instance.isEmpty() ? interval.target.service : interval.target.instance,
                         interval.state == AlertState::Firing ? QStringLiteral("firing") : QStringLiteral("pending"))
                     .arg((interval.startMs - kStart) / 1000)
                     .arg((interval.endMs - kStart) / 1000)
                     .arg(interval.open ? QStringLiteral(" open") : QString());
    return parts.join(QStringLiteral(", "));
}

} // namespace

void TestAlertBacktest::errorBurstsWithForAndHysteresis_data()
{
    QTest::addColumn<qint64>("stepMs");
    QTest::addColumn<bool>("hysteresis");
    QTest::addColumn<QString>("expected");
    // History: 0.01 baseline; 0.08 from 100 s to 120 s (too short for "for 30s"); 0.09 from 200 s, 0.04 from
    // 260 s (above the 0.03 clear threshold), 0.02 from 280 s; 0.2 from 400 s to the end (600 s).
    const QString withHysteresis = QStringLiteral("cart pending 100-120, cart pending 200-230, cart firing 230-280, "
                                                  "cart pending 400-430, cart firing 430-600 open");
    QTest::newRow("1 s steps") << qint64(1000) << true << withHysteresis;
    QTest::newRow("10 s steps") << qint64(10'000) << true << withHysteresis;
    // Without the clear threshold the 0.04 stretch already resolves it.
    QTest::newRow("no hysteresis") << qint64(1000) << false
                                   << QStringLiteral("cart pending 100-120, cart pending 200-230, cart firing 230-260, "
                                                     "cart pending 400-430, cart firing 430-600 open");
}

void TestAlertBacktest::errorBurstsWithForAndHysteresis()
{
    QFETCH(qint64, stepMs);
    QFETCH(bool, hysteresis);
    QFETCH(QString, expected);
    ScriptedMetricQuery history;
    const QString cart = QStringLiteral("cart");
    for (const auto &[second, value] : QList<QPair<int, double>> {
             { 0, 0.01 }, { 100, 0.08 }, { 120, 0.01 }, { 200, 0.09 }, { 260, 0.04 }, { 280, 0.02 }, { 400, 0.2 } })
        history.set(MetricKind::ErrorRatio, cart, {}, at(second), value);
    const auto rule = makeRule(QStringLiteral("error_ratio(service=cart, window=1m) > 0.05"), 30'000,
        hysteresis ? std::optional<double>(0.03) : std::nullopt);
    QString error;
    const auto result = Backtest::run(rule, history, at(0), at(600), stepMs, {}, &error);
    QVERIFY2(result, qPrintable(error));
    QCOMPARE(describe(result->intervals), expected);
    QCOMPARE(result->evaluations, int(600'000 / stepMs) + 1);
    QCOMPARE(history.calls(), result->evaluations);
    QCOMPARE(
        describe(result->firing()), expected.split(QStringLiteral(", ")).filter(QStringLiteral("firing")).join(u", "));
    // The transitions tell the same story: the first firing one comes at 230 s.
    const auto firstFiring = std::find_if(result->transitions.cbegin(), result->transitions.cend(),
        [](const AlertEvent &e) { return e.to == AlertState::Firing; });
    QVERIFY(firstFiring != result->transitions.cend());
    QCOMPARE(firstFiring->timestampMs, at(230));
    QCOMPARE(firstFiring->activeSinceMs, at(200));
}

void TestAlertBacktest::perInstanceTargets()
{
    ScriptedMetricQuery history;
    const QString cart = QStringLiteral("cart");
    history.set(MetricKind::InstancesUp, cart, QStringLiteral("cart-1"), at(0), 1);
    history.set(MetricKind::InstancesUp, cart, QStringLiteral("cart-2"), at(0), 1);
    history.set(MetricKind::InstancesUp, cart, QStringLiteral("cart-2"), at(50), 0);
    history.set(MetricKind::InstancesUp, cart, QStringLiteral("cart-2"), at(80), 1);
    history.set(MetricKind::InstancesUp, cart, QStringLiteral("cart-2"), at(150), 0);
    const auto rule = makeRule(QStringLiteral("instances_up(window=15s, by=instance) < 1"), 15'000, std::nullopt);
    const QList<AlertTarget> targets { { cart, QStringLiteral("cart-1") }, { cart, QStringLiteral("cart-2") } };
    QString error;
    const auto result = Backtest::run(rule, history, at(0), at(160), 5000, targets, &error);
    QVERIFY2(result, qPrintable(error));
    QCOMPARE(describe(result->intervals),
        QStringLiteral("cart-2 pending 50-65, cart-2 firing 65-80, cart-2 pending 150-160 open"));
}

void TestAlertBacktest::rejectsBadRanges()
{
    ScriptedMetricQuery history;
    const auto rule = makeRule(QStringLiteral("rate(service=cart) > 1"), 0, std::nullopt);
    QString error;
    QVERIFY(!Backtest::run(rule, history, at(0), at(10), 0, {}, &error));
    QCOMPARE(error, QStringLiteral("step must be positive"));
    QVERIFY(!Backtest::run(rule, history, at(10), at(0), 1000, {}, &error));
    QCOMPARE(error, QStringLiteral("the range ends before it starts"));
    QVERIFY(!Backtest::run(rule, history, at(0), at(0) + 86'400'000LL * 30, 1000, {}, &error));
    QVERIFY2(error.contains(QStringLiteral("use a larger step")), qPrintable(error));
    QCOMPARE(history.calls(), 0);
    auto invalid = rule;
    invalid.name = QStringLiteral("not valid");
    QVERIFY(!Backtest::run(invalid, history, at(0), at(10), 1000, {}, &error));
    QVERIFY2(error.startsWith(QStringLiteral("name:")), qPrintable(error));
    // A disabled rule can still be tried out.
    auto disabled = rule;
    disabled.enabled = false;
    history.set(MetricKind::RequestRate, QStringLiteral("cart"), {}, at(3), 5);
    const auto result = Backtest::run(disabled, history, at(0), at(10), 1000, {}, &error);
    QVERIFY(result);
    QCOMPARE(describe(result->intervals), QStringLiteral("cart firing 3-10 open"));
}

QTEST_GUILESS_MAIN(TestAlertBacktest)
#include "tst_alertbacktest.moc"
