#include "alerting/alertrule.h"
#include "alerting/defaultrules.h"
#include "alerting/ruleexpression.h"
#include "alerting/rulefile.h"

#include <QJsonDocument>
#include <QTemporaryDir>
#include <QTest>

class TestAlertRule : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void durations_data();
    void durations();
    void roundTrip_data();
    void roundTrip();
    void validationErrors_data();
    void validationErrors();
    void ruleFileErrors_data();
    void ruleFileErrors();
    void expressionParses_data();
    void expressionParses();
    void expressionErrors_data();
    void expressionErrors();
    void exprFieldInJson();
    void ruleFileSaveAndLoad();
    void defaultRulesAreValid();
    void templates();
};

namespace {

QJsonObject parseObject(const QByteArray &json)
{
    QJsonParseError error;
    const auto document = QJsonDocument::fromJson(json, &error);
    if (!document.isObject())
        qFatal("test JSON does not parse: %s", qPrintable(error.errorString()));
    return document.object();
}

AlertRule gaugeRule()
{
    AlertRule rule;
    rule.name = QStringLiteral("QueueDeep");
    rule.metric.kind = MetricKind::Gauge;
    rule.metric.gaugeName = QStringLiteral("queue_depth");
    rule.metric.service = QStringLiteral("cart");
    rule.metric.instance = QStringLiteral("cart-2");
    rule.metric.windowMs = 90'000;
    rule.comparison = Comparison::GreaterOrEqual;
    rule.threshold = 100;
    rule.forMs = 1500;
    rule.severity = Severity::Info;
    rule.enabled = false;
    rule.labels.insert(QStringLiteral("team"), QStringLiteral("购物车 \"shop\""));
    rule.annotations.insert(QStringLiteral("summary"), QStringLiteral("{{instance}} queue at {{value}}"));
    return rule;
}

AlertRule perInstanceRateRule()
{
    AlertRule rule;
    rule.name = QStringLiteral("_quiet_instance");
    rule.metric.kind = MetricKind::RequestRate;
    rule.metric.windowMs = 30'000;
    rule.perInstance = true;
    rule.comparison = Comparison::Less;
    rule.threshold = 0.5;
    rule.clearThreshold = 2.0;
    return rule;
}

} // namespace

void TestAlertRule::durations_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<qint64>("ms");
    QTest::addColumn<QString>("canonical");
    QTest::newRow("seconds") << "30s" << qint64(30'000) << "30s";
    QTest::newRow("minute") << "1m" << qint64(60'000) << "1m";
    QTest::newRow("compound") << "1m30s" << qint64(90'000) << "1m30s";
    QTest::newRow("90s normalises") << "90s" << qint64(90'000) << "1m30s";
    QTest::newRow("millis") << "250ms" << qint64(250) << "250ms";
    QTest::newRow("hours") << "2h" << qint64(7'200'000) << "2h";
    QTest::newRow("day and ms") << "1d1ms" << qint64(86'400'001) << "1d1ms";
    QTest::newRow("zero") << "0s" << qint64(0) << "0s";
    QTest::newRow("empty") << "" << qint64(-1) << "";
    QTest::newRow("no unit") << "30" << qint64(-1) << "";
    QTest::newRow("wrong order") << "30s1m" << qint64(-1) << "";
    QTest::newRow("words") << "30 seconds" << qint64(-1) << "";
    QTest::newRow("negative") << "-5s" << qint64(-1) << "";
}

void TestAlertRule::durations()
{
    QFETCH(QString, text);
    QFETCH(qint64, ms);
    QFETCH(QString, canonical);
    const auto parsed = AlertRules::parseDuration(text);
    if (ms < 0) {
        QVERIFY2(!parsed, qPrintable(text));
        return;
    }
    QVERIFY(parsed);
    QCOMPARE(*parsed, ms);
    QCOMPARE(AlertRules::formatDuration(ms), canonical);
}

void TestAlertRule::roundTrip_data()
{
    QTest::addColumn<AlertRule>("rule");
    for (const auto &rule : DefaultRules::create({ 5 }))
        QTest::newRow(qPrintable(QStringLiteral("default ") + rule.name)) << rule;
    QTest::newRow("gauge pinned to instance, disabled, unicode label") << gaugeRule();
    QTest::newRow("per instance with hysteresis") << perInstanceRateRule();
    for (auto policy : { NoDataPolicy::Alerting, NoDataPolicy::Ok, NoDataPolicy::KeepLast }) {
        auto rule = perInstanceRateRule();
        rule.noData = policy;
        QTest::newRow(qPrintable(QStringLiteral("noData ") + AlertRules::noDataPolicyName(policy))) << rule;
    }
}

void TestAlertRule::roundTrip()
{
    QFETCH(AlertRule, rule);
    QVERIFY2(rule.validate().isEmpty(), qPrintable(rule.validate().join(u"; ")));
    // Through bytes, as the rule file stores it.
    const auto bytes = QJsonDocument(rule.toJson()).toJson();
    QStringList errors;
    const auto back = AlertRule::fromJson(QJsonDocument::fromJson(bytes).object(), &errors);
    QVERIFY2(back, qPrintable(errors.join(u"; ")));
    QCOMPARE(back->toJson(), rule.toJson());
    QVERIFY(*back == rule);

    // The text form carries the condition through too.
    const auto text = RuleExpression::of(rule).toString();
    QString error;
    const auto expression = RuleExpression::parse(text, &error);
    QVERIFY2(expression, qPrintable(text + u" → " + error));
    AlertRule viaText = rule;
    viaText.metric = {};
    viaText.threshold = -1;
    expression->applyTo(&viaText);
    QVERIFY2(viaText == rule, qPrintable(text));
}

void TestAlertRule::validationErrors_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QString>("expected");

    const auto base = [](const QByteArray &extra) -> QByteArray {
        return QByteArray(R"({"name": "CartErrors", "metric": {"kind": "error_ratio", "service": "cart",
                          "window": "1m"}, "comparison": ">", "threshold": 0.05)")
            + extra + "}";
    };
    QTest::newRow("name missing") << QByteArray(R"({"metric": {"kind": "rate"}, "comparison": ">", "threshold": 1})")
                                  << "rule.name: required, a string";
    QTest::newRow("name with spaces") << QByteArray(
        R"({"name": "cart errors", "metric": {"kind": "rate"}, "comparison": ">", "threshold": 1})")
                                      << "rule.name: \"cart errors\" must start with a letter or '_'";
    QTest::newRow("unknown kind")
        << QByteArray(R"({"name": "A", "metric": {"kind": "p99"}, "comparison": ">", "threshold": 1})")
        << "rule.metric.kind: must be one of rate, error_ratio, latency_quantile, gauge, instances_up";
    QTest::newRow("metric missing") << QByteArray(R"({"name": "A", "comparison": ">", "threshold": 1})")
                                    << "rule.metric: required, an object";
    QTest::newRow("bad comparison") << QByteArray(
        R"({"name": "A", "metric": {"kind": "rate"}, "comparison": "=>", "threshold": 1})")
                                    << "rule.comparison: required, one of >, >=, <, <=, ==, !=";
    QTest::newRow("threshold is a string")
        << QByteArray(R"({"name": "A", "metric": {"kind": "rate"}, "comparison": ">", "threshold": "5"})")
        << "rule.threshold: required, a number";
    QTest::newRow("duration in words") << base(R"(, "for": "30 seconds")")
                                       << "rule.for: \"30 seconds\" is not a duration";
    QTest::newRow("duration as number") << base(R"(, "for": 30)") << "rule.for: must be a duration string";
    QTest::newRow("window too short") << QByteArray(
        R"({"name": "A", "metric": {"kind": "rate", "window": "500ms"}, "comparison": ">",
                      "threshold": 1})")
                                      << "rule.metric.window: must be between 1s and 7 days";
    QTest::newRow("error ratio as percent")
        << QByteArray(R"({"name": "A", "metric": {"kind": "error_ratio"}, "comparison": ">", "threshold": 5})")
        << "rule.threshold: an error ratio is between 0 and 1";
    QTest::newRow("clear above threshold") << base(R"(, "clearThreshold": 0.08)")
                                           << "rule.clearThreshold: with > the clear threshold (0.08) must not be "
                                              "above the threshold (0.05)";
    QTest::newRow("clear below threshold for <")
        << QByteArray(R"({"name": "A", "metric": {"kind": "rate"}, "comparison": "<", "threshold": 10,
                      "clearThreshold": 5})")
        << "rule.clearThreshold: with < the clear threshold (5) must not be below the threshold (10)";
    QTest::newRow("hysteresis on ==") << QByteArray(
        R"({"name": "A", "metric": {"kind": "rate"}, "comparison": "==", "threshold": 0,
                      "clearThreshold": 0})")
                                      << "rule.clearThreshold: hysteresis needs <, <=, > or >=, not ==";
    QTest::newRow("quantile out of range") << QByteArray(
        R"({"name": "A", "metric": {"kind": "latency_quantile", "quantile": 99}, "comparison": ">",
                      "threshold": 250})") << "rule.metric.quantile: must be between 0 and 1";
    QTest::newRow("gauge without name") << QByteArray(
        R"({"name": "A", "metric": {"kind": "gauge"}, "comparison": ">", "threshold": 1})")
                                        << "rule.metric.gauge: a gauge rule needs the gauge's metric name";
    QTest::newRow("instance without service")
        << QByteArray(R"({"name": "A", "metric": {"kind": "rate", "instance": "cart-1"}, "comparison": ">",
                      "threshold": 1})")
        << "rule.metric.service: a rule pinned to an instance must name its service too";
    QTest::newRow("reserved label") << base(R"(, "labels": {"severity": "page"})")
                                    << "rule.labels.severity: set by the engine";
    QTest::newRow("bad label name") << base(R"(, "labels": {"team-name": "shop"})")
                                    << "rule.labels.team-name: not a valid label name";
    QTest::newRow("label not a string") << base(R"(, "labels": {"team": 7})") << "rule.labels.team: must be a string";
    QTest::newRow("unknown placeholder") << base(R"(, "annotations": {"summary": "{{ foo }} is bad"})")
                                         << "rule.annotations.summary: unknown placeholder {{foo}}";
    QTest::newRow("unbalanced braces") << base(R"(, "annotations": {"summary": "value {{value"})")
                                       << "rule.annotations.summary: unbalanced {{ or }}";
    QTest::newRow("typo in field") << base(R"(, "treshold": 0.1)") << "rule.treshold: unknown field";
    QTest::newRow("typo in metric field") << QByteArray(
        R"({"name": "A", "metric": {"kind": "rate", "servce": "cart"}, "comparison": ">",
                      "threshold": 1})") << "rule.metric.servce: unknown field";
    QTest::newRow("severity unknown") << base(R"(, "severity": "urgent")")
                                      << "rule.severity: must be info, warning or critical";
    QTest::newRow("groupBy unknown") << base(R"(, "groupBy": "route")")
                                     << "rule.groupBy: must be \"service\" or \"instance\"";
    QTest::newRow("enabled as string") << base(R"(, "enabled": "yes")") << "rule.enabled: must be true or false";
    QTest::newRow("expr and metric") << base(R"(, "expr": "rate() > 1")") << "rule.expr: give either \"expr\"";
    QTest::newRow("expr does not parse") << QByteArray(
        R"({"name": "A", "expr": "error_ratio(service=\"cart\" window=1m) > 0.05"})")
                                         << "rule.expr: column 28: expected ',' or ')'";
}

void TestAlertRule::validationErrors()
{
    QFETCH(QByteArray, json);
    QFETCH(QString, expected);
    QStringList errors;
    const auto rule = AlertRule::fromJson(parseObject(json), &errors);
    QVERIFY(!rule);
    const auto joined = errors.join(u"\n");
    QVERIFY2(joined.contains(expected), qPrintable(QStringLiteral("expected \"%1\" in:\n%2").arg(expected, joined)));
}

void TestAlertRule::ruleFileErrors_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QString>("expected");
    QTest::newRow("wrong version") << QByteArray(R"({"version": 2, "rules": []})") << "version: must be 1";
    QTest::newRow("rules missing") << QByteArray(R"({"version": 1})") << "rules: required, an array of rules";
    QTest::newRow("rule not an object") << QByteArray(R"({"version": 1, "rules": [3]})")
                                        << "rules[0]: must be an object";
    QTest::newRow("error inside the second rule")
        << QByteArray(R"({"version": 1, "rules": [{"name": "A", "expr": "rate() > 1"},
                      {"name": "B", "expr": "rate() > 1", "for": "soon"}]})")
        << "rules[1].for: \"soon\" is not a duration";
    QTest::newRow("duplicate names") << QByteArray(R"({"version": 1, "rules": [{"name": "A", "expr": "rate() > 1"},
                      {"name": "A", "expr": "rate() > 2"}]})")
                                     << "rules[1].name: \"A\" is used by an earlier rule";
    QTest::newRow("unknown noData policy")
        << QByteArray(R"({"version": 1, "rules": [{"name": "A", "expr": "rate() > 1", "noData": "ignore"}]})")
        << "rules[0].noData: must be nodata, alerting, ok or keep_last";
}

void TestAlertRule::ruleFileErrors()
{
    QFETCH(QByteArray, json);
    QFETCH(QString, expected);
    QStringList errors;
    QVERIFY(!AlertRules::fromJson(parseObject(json), &errors));
    const auto joined = errors.join(u"\n");
    QVERIFY2(joined.contains(expected), qPrintable(QStringLiteral("expected \"%1\" in:\n%2").arg(expected, joined)));
}

void TestAlertRule::expressionParses_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("canonical");
    QTest::newRow("error ratio") << R"(error_ratio(service="cart", window=1m) > 0.05)"
                                 << R"(error_ratio(service="cart", window=1m) > 0.05)";
    QTest::newRow("spacing and order") << R"(  latency_quantile( window = 90s ,q=0.95,service="cart")>=250 )"
                                       << R"(latency_quantile(service="cart", q=0.95, window=1m30s) >= 250)";
    QTest::newRow("defaults") << "rate() < 1"
                              << "rate(window=1m) < 1";
    QTest::newRow("per instance") << "instances_up(window=15s, by=instance) < 1"
                                  << "instances_up(window=15s, by=instance) < 1";
    QTest::newRow("gauge with escaped quote") << R"(gauge(name="queue_depth", service="c\"art") != 0)"
                                              << R"(gauge(name="queue_depth", service="c\"art", window=1m) != 0)";
    QTest::newRow("bare values") << "rate(service=cart, instance=cart-1) <= 1e3"
                                 << R"(rate(service="cart", instance="cart-1", window=1m) <= 1000)";
    QTest::newRow("negative threshold") << "gauge(name=temp) < -5.5"
                                        << R"(gauge(name="temp", window=1m) < -5.5)";
}

void TestAlertRule::expressionParses()
{
    QFETCH(QString, text);
    QFETCH(QString, canonical);
    QString error;
    const auto expression = RuleExpression::parse(text, &error);
    QVERIFY2(expression, qPrintable(error));
    QCOMPARE(expression->toString(), canonical);
}

void TestAlertRule::expressionErrors_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("expected");
    QTest::newRow("empty") << ""
                           << "column 1: expected a metric";
    QTest::newRow("unknown metric") << "p99(service=\"cart\") > 1"
                                    << "column 1: unknown metric 'p99'";
    QTest::newRow("no parenthesis") << "rate > 1"
                                    << "column 6: expected '(' after rate";
    QTest::newRow("missing comma") << R"(rate(service="cart" window=1m) > 1)"
                                   << "column 21: expected ',' or ')'";
    QTest::newRow("unknown argument") << "rate(q=0.9) > 1"
                                      << "column 6: unknown argument 'q' for rate";
    QTest::newRow("argument twice") << "rate(service=a, service=b) > 1"
                                    << "column 17: argument 'service' given twice";
    QTest::newRow("bad window") << "rate(window=soon) > 1"
                                << "column 13: window 'soon' is not a duration";
    QTest::newRow("unterminated string") << R"(rate(service="cart) > 1)"
                                         << "column 14: unterminated string";
    QTest::newRow("no comparison") << "rate() 5"
                                   << "column 8: expected a comparison";
    QTest::newRow("bad comparison") << "rate() => 5"
                                    << "column 8: expected a comparison";
    QTest::newRow("no number") << "rate() > fast"
                               << "column 10: expected a number after >";
    QTest::newRow("trailing junk") << "rate() > 5 for 1m"
                                   << "column 12: unexpected 'for 1m'";
    QTest::newRow("gauge without name") << "gauge(service=cart) > 1"
                                        << "column 1: gauge needs name=";
    QTest::newRow("bad by") << "rate(by=route) > 1"
                            << "column 9: by must be service or instance";
}

void TestAlertRule::expressionErrors()
{
    QFETCH(QString, text);
    QFETCH(QString, expected);
    QString error;
    QVERIFY(!RuleExpression::parse(text, &error));
    QVERIFY2(
        error.startsWith(expected), qPrintable(QStringLiteral("expected \"%1\", got \"%2\"").arg(expected, error)));
}

void TestAlertRule::exprFieldInJson()
{
    QStringList errors;
    const auto rule = AlertRule::fromJson(
        parseObject(R"({"name": "CartErrors", "expr": "error_ratio(service=\"cart\", window=2m) > 0.1",
                    "for": "30s", "clearThreshold": 0.05, "severity": "critical"})"),
        &errors);
    QVERIFY2(rule, qPrintable(errors.join(u"; ")));
    QCOMPARE(rule->metric.kind, MetricKind::ErrorRatio);
    QCOMPARE(rule->metric.service, QStringLiteral("cart"));
    QCOMPARE(rule->metric.windowMs, 120'000);
    QCOMPARE(rule->threshold, 0.1);
    QCOMPARE(rule->clearThreshold.value_or(-1), 0.05);
    QCOMPARE(rule->forMs, 30'000);
    QCOMPARE(rule->severity, Severity::Critical);
    // Validation still applies to what the text produced.
    QVERIFY(!AlertRule::fromJson(parseObject(R"({"name": "A", "expr": "error_ratio() > 2"})"), &errors));
    QVERIFY(errors.last().contains(QStringLiteral("an error ratio is between 0 and 1")));
}

void TestAlertRule::ruleFileSaveAndLoad()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const auto path = dir.filePath(RuleFile::defaultName());
    QList<AlertRule> rules;
    QString error;
    QCOMPARE(RuleFile::load(path, &rules, &error), RuleFile::LoadResult::Missing);

    const QList<AlertRule> saved { gaugeRule(), perInstanceRateRule() };
    QVERIFY2(RuleFile::save(path, saved, &error), qPrintable(error));
    QCOMPARE(RuleFile::load(path, &rules, &error), RuleFile::LoadResult::Loaded);
    QCOMPARE(rules.size(), 2);
    QVERIFY(rules == saved);

    // An invalid set is refused and the file keeps the previous rules.
    auto invalid = saved;
    invalid[1].name = invalid[0].name;
    QVERIFY(!RuleFile::save(path, invalid, &error));
    QVERIFY2(error.contains(QStringLiteral("names must be unique")), qPrintable(error));
    QCOMPARE(RuleFile::load(path, &rules, &error), RuleFile::LoadResult::Loaded);
    QVERIFY(rules == saved);

    QFile broken(path);
    QVERIFY(broken.open(QIODevice::WriteOnly));
    broken.write("{\"version\": 1, \"rules\": [");
    broken.close();
    QCOMPARE(RuleFile::load(path, &rules, &error), RuleFile::LoadResult::Invalid);
    QVERIFY2(error.contains(QStringLiteral("is not valid JSON")), qPrintable(error));
}

void TestAlertRule::defaultRulesAreValid()
{
    const auto rules = DefaultRules::create({ 4 });
    QVERIFY(rules.size() >= 6);
    QStringList errors;
    QVERIFY2(AlertRules::fromJson(AlertRules::toJson(rules), &errors), qPrintable(errors.join(u"; ")));
    const auto find = [&](const QString &name) {
        const auto it = std::find_if(rules.cbegin(), rules.cend(), [&](const auto &r) { return r.name == name; });
        if (it == rules.cend())
            qFatal("default rule %s missing", qPrintable(name));
        return *it;
    };
    const auto cartErrors = find(QStringLiteral("CartHighErrorRatio"));
    QCOMPARE(
        RuleExpression::of(cartErrors).toString(), QStringLiteral(R"(error_ratio(service="cart", window=1m) > 0.05)"));
    QCOMPARE(cartErrors.forMs, 30'000);
    const auto cartLatency = find(QStringLiteral("CartHighLatencyP99"));
    QCOMPARE(cartLatency.metric.quantile, 0.99);
    QCOMPARE(cartLatency.threshold, 250.0);
    QCOMPARE(cartLatency.forMs, 60'000);
    QVERIFY(find(QStringLiteral("InstanceDown")).perInstance);
    QCOMPARE(find(QStringLiteral("CartInstancesMissing")).threshold, 4.0); // follows the configured instance count
    find(QStringLiteral("CatalogHighErrorRatio"));
}

void TestAlertRule::templates()
{
    QCOMPARE(AlertRules::renderTemplate(QStringLiteral("{{service}}/{{ instance }} at {{value}} > {{threshold}}"),
                 QStringLiteral("cart"), QStringLiteral("cart-2"), 0.0712345, 0.05),
        QStringLiteral("cart/cart-2 at 0.07123 > 0.05"));
}

QTEST_GUILESS_MAIN(TestAlertRule)
#include "tst_alertrule.moc"
