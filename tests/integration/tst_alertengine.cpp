#include "alerting/alertengine.h"
#include "alerting/defaultrules.h"
#include "alerting/ruleexpression.h"
#include "alerting/rulefile.h"
#include "scriptedmetricquery.h"

#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

// The engine with real files in a temporary data dir, a scripted metric query and a clock the test moves.
class TestAlertEngine : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void writesDefaultsWhenNoRuleFile();
    void rulesPersistAcrossRestart();
    void invalidRuleFileIsLeftAlone();
    void notifiesFiringAndResolved();
    void silenceHoldsBackNotificationsButRecordsState();
    void silenceEndingAnnouncesStillFiringAlert();
    void silenceValidationAndPruning();
    void historySurvivesRestart();
    void historySkipsTornLastLine();
    void firingAlertIsTakenUpAfterRestart();
    void timerDrivesEvaluation();
    void backtestUsesTheQuery();
};

namespace {

constexpr qint64 kStart = 1'700'000'000'000;

AlertRule makeRule(const QString &name, const QString &expression, qint64 forMs = 0)
{
    AlertRule rule;
    rule.name = name;
    QString error;
    const auto parsed = RuleExpression::parse(expression, &error);
    if (!parsed)
        qFatal("bad test expression: %s", qPrintable(error));
    parsed->applyTo(&rule);
    rule.forMs = forMs;
    rule.annotations.insert(QStringLiteral("summary"), QStringLiteral("{{service}} at {{value}}"));
    return rule;
}

struct Fixture
{
    QTemporaryDir dir;
    ScriptedMetricQuery query;
    qint64 now = kStart;

    std::unique_ptr<AlertEngine> engine(const QList<AlertRule> &rules = {})
    {
        auto result = std::make_unique<AlertEngine>(dir.path(), &query);
        result->setClock([this] { return now; });
        QString error;
        if (!result->load(&error))
            qWarning("load: %s", qPrintable(error));
        if (!rules.isEmpty() && !result->setRules(rules, &error))
            qFatal("setRules: %s", qPrintable(error));
        return result;
    }
    void tick(AlertEngine &engine, int seconds = 1)
    {
        for (int i = 0; i < seconds; ++i) {
            now += 1000;
            engine.evaluateNow();
        }
    }
};

QStringList transitions(const QList<AlertEvent> &events)
{
    QStringList lines;
    for (const auto &event : events)
        lines << QStringLiteral("%1 %2→%3%4")
                     .arg(event.fingerprint(), AlertStates::name(event.from), AlertStates::name(event.to),
                         event.silenced ? QStringLiteral(" silenced") : QString());
    return lines;
}

} // namespace

void TestAlertEngine::writesDefaultsWhenNoRuleFile()
{
    Fixture fixture;
    auto engine = fixture.engine();
    QVERIFY(engine->rules() == DefaultRules::create());
    QVERIFY(QFile::exists(fixture.dir.filePath(QStringLiteral("alert-rules.json"))));
    QList<AlertRule> onDisk;
    QString error;
    QCOMPARE(RuleFile::load(engine->rulesPath(), &onDisk, &error), RuleFile::LoadResult::Loaded);
    QVERIFY(onDisk == DefaultRules::create());
}

void TestAlertEngine::rulesPersistAcrossRestart()
{
    Fixture fixture;
    {
        auto engine = fixture.engine();
        QSignalSpy changed(engine.get(), &AlertEngine::rulesChanged);
        QString error;
        QVERIFY2(
            engine->upsertRule(makeRule(QStringLiteral("Busy"), QStringLiteral("rate(service=cart) > 100")), &error),
            qPrintable(error));
        QVERIFY(engine->removeRule(QStringLiteral("InstanceDown"), &error));
        QVERIFY(!engine->removeRule(QStringLiteral("NoSuchRule"), &error));
        QCOMPARE(error, QStringLiteral("no rule named NoSuchRule"));
        auto invalid = makeRule(QStringLiteral("Bad"), QStringLiteral("rate() > 1"));
        invalid.clearThreshold = 5;
        QVERIFY(!engine->upsertRule(invalid, &error));
        QVERIFY2(error.contains(QStringLiteral("clearThreshold")), qPrintable(error));
        QCOMPARE(changed.count(), 2);
    }
    auto restarted = fixture.engine();
    QCOMPARE(restarted->rules().size(), DefaultRules::create().size());
    QVERIFY(std::any_of(restarted->rules().cbegin(), restarted->rules().cend(),
        [](const auto &r) { return r.name == QStringLiteral("Busy"); }));
    QVERIFY(std::none_of(restarted->rules().cbegin(), restarted->rules().cend(),
        [](const auto &r) { return r.name == QStringLiteral("InstanceDown") || r.name == u"Bad"; }));
}

void TestAlertEngine::invalidRuleFileIsLeftAlone()
{
    Fixture fixture;
    const auto path = fixture.dir.filePath(QStringLiteral("alert-rules.json"));
    const QByteArray broken = R"({"version": 1, "rules": [{"name": "X", "expr": "rate() >> 1"}]})";
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(broken);
    file.close();

    AlertEngine engine(fixture.dir.path(), &fixture.query);
    QString error;
    QVERIFY(!engine.load(&error));
    QVERIFY2(error.contains(QStringLiteral("rules[0].expr: column 8")), qPrintable(error));
    QVERIFY(engine.rules() == DefaultRules::create());
    QVERIFY(file.open(QIODevice::ReadOnly));
    QCOMPARE(file.readAll(), broken);
}

void TestAlertEngine::notifiesFiringAndResolved()
{
    Fixture fixture;
    auto engine = fixture.engine(
        { makeRule(QStringLiteral("Errors"), QStringLiteral("error_ratio(service=cart) > 0.05"), 2000) });
    QSignalSpy firing(engine.get(), &AlertEngine::alertFiring);
    QSignalSpy resolved(engine.get(), &AlertEngine::alertResolved);
    QSignalSpy transitionsSpy(engine.get(), &AlertEngine::alertTransition);
    fixture.query.set(MetricKind::ErrorRatio, QStringLiteral("cart"), {}, kStart + 1000, 0.2);
    fixture.query.set(MetricKind::ErrorRatio, QStringLiteral("cart"), {}, kStart + 6000, 0.0);
    fixture.tick(*engine, 2);
    QCOMPARE(firing.count(), 0);
    fixture.tick(*engine, 1);
    QCOMPARE(firing.count(), 1);
    const auto event = firing.first().first().value<AlertEvent>();
    QCOMPARE(event.timestampMs, kStart + 3000);
    QCOMPARE(event.activeSinceMs, kStart + 1000);
    QCOMPARE(event.annotations.value(QStringLiteral("summary")), QStringLiteral("cart at 0.2"));
    QCOMPARE(engine->statuses().first().state, AlertState::Firing);
    fixture.tick(*engine, 3);
    QCOMPARE(resolved.count(), 1);
    QCOMPARE(transitionsSpy.count(), 3); // pending, firing, resolved
    QCOMPARE(transitions(engine->history().events()),
        (QStringList { QStringLiteral("Errors/cart/ inactive→pending"), QStringLiteral("Errors/cart/ pending→firing"),
            QStringLiteral("Errors/cart/ firing→resolved") }));
}

void TestAlertEngine::silenceHoldsBackNotificationsButRecordsState()
{
    Fixture fixture;
    auto engine
        = fixture.engine({ makeRule(QStringLiteral("Errors"), QStringLiteral("error_ratio(service=cart) > 0.05")),
            makeRule(QStringLiteral("CatalogErrors"), QStringLiteral("error_ratio(service=catalog) > 0.05")) });
    QSignalSpy firing(engine.get(), &AlertEngine::alertFiring);
    QSignalSpy resolved(engine.get(), &AlertEngine::alertResolved);
    Silence silence;
    silence.matchers << SilenceMatcher { QStringLiteral("service"), SilenceMatcher::Op::Equal, QStringLiteral("cart") }
                     << SilenceMatcher { QStringLiteral("alertname"), SilenceMatcher::Op::Regex,
                            QStringLiteral("Err.*") };
    silence.startsAtMs = kStart;
    silence.endsAtMs = kStart + 60'000;
    silence.comment = QStringLiteral("deploying cart");
    QString error;
    const auto id = engine->addSilence(silence, &error);
    QVERIFY2(!id.isEmpty(), qPrintable(error));

    fixture.query.set(MetricKind::ErrorRatio, QStringLiteral("cart"), {}, kStart + 1000, 0.5);
    fixture.query.set(MetricKind::ErrorRatio, QStringLiteral("catalog"), {}, kStart + 1000, 0.5);
    fixture.query.set(MetricKind::ErrorRatio, QStringLiteral("cart"), {}, kStart + 3000, 0.0);
    fixture.tick(*engine, 4);
    // The cart alert fired and resolved under the silence: recorded, not announced. Catalog is not covered.
    QCOMPARE(firing.count(), 1);
    QCOMPARE(firing.first().first().value<AlertEvent>().service, QStringLiteral("catalog"));
    QCOMPARE(resolved.count(), 0);
    const auto recorded = transitions(engine->history().events());
    QVERIFY2(
        recorded.contains(QStringLiteral("Errors/cart/ pending→firing silenced")), qPrintable(recorded.join(u"\n")));
    QVERIFY(recorded.contains(QStringLiteral("Errors/cart/ firing→resolved silenced")));
    QVERIFY(recorded.contains(QStringLiteral("CatalogErrors/catalog/ pending→firing")));

    // Expired by hand: the next episode is announced again.
    QVERIFY(engine->expireSilence(id, &error));
    QCOMPARE(engine->silences().size(), 1);
    QVERIFY(!engine->silences().first().isActiveAt(fixture.now + 1));
    fixture.query.set(MetricKind::ErrorRatio, QStringLiteral("cart"), {}, fixture.now + 1000, 0.5);
    fixture.tick(*engine, 1);
    QCOMPARE(firing.count(), 2);
    QCOMPARE(firing.last().first().value<AlertEvent>().service, QStringLiteral("cart"));
}

void TestAlertEngine::silenceEndingAnnouncesStillFiringAlert()
{
    Fixture fixture;
    auto engine
        = fixture.engine({ makeRule(QStringLiteral("Errors"), QStringLiteral("error_ratio(service=cart) > 0.05")) });
    QSignalSpy firing(engine.get(), &AlertEngine::alertFiring);
    QSignalSpy resolved(engine.get(), &AlertEngine::alertResolved);
    Silence silence;
    silence.matchers << SilenceMatcher { QStringLiteral("alertname"), SilenceMatcher::Op::Equal,
        QStringLiteral("Errors") };
    silence.startsAtMs = kStart;
    silence.endsAtMs = kStart + 10'000; // expires on its own
    QVERIFY(!engine->addSilence(silence).isEmpty());
    fixture.query.set(MetricKind::ErrorRatio, QStringLiteral("cart"), {}, kStart + 1000, 0.5);
    fixture.tick(*engine, 9);
    QCOMPARE(firing.count(), 0);
    fixture.tick(*engine, 1); // now = start + 10 s: the silence is over, the alert still fires
    QCOMPARE(firing.count(), 1);
    QCOMPARE(firing.first().first().value<AlertEvent>().timestampMs, kStart + 10'000);
    fixture.tick(*engine, 5);
    QCOMPARE(firing.count(), 1); // announced once
    fixture.query.set(MetricKind::ErrorRatio, QStringLiteral("cart"), {}, fixture.now + 1000, 0.0);
    fixture.tick(*engine, 1);
    QCOMPARE(resolved.count(), 1);
}

void TestAlertEngine::silenceValidationAndPruning()
{
    Fixture fixture;
    auto engine = fixture.engine({});
    QSignalSpy changed(engine.get(), &AlertEngine::silencesChanged);
    QString error;
    Silence empty;
    empty.startsAtMs = kStart;
    empty.endsAtMs = kStart + 1000;
    QVERIFY(engine->addSilence(empty, &error).isEmpty());
    QVERIFY2(error.contains(QStringLiteral("at least one matcher")), qPrintable(error));
    Silence badRegex = empty;
    badRegex.matchers << SilenceMatcher { QStringLiteral("service"), SilenceMatcher::Op::Regex,
        QStringLiteral("(cart") };
    QVERIFY(engine->addSilence(badRegex, &error).isEmpty());
    QVERIFY2(error.contains(QStringLiteral("invalid regular expression")), qPrintable(error));
    Silence backwards = empty;
    backwards.matchers << SilenceMatcher { QStringLiteral("service"), SilenceMatcher::Op::Equal,
        QStringLiteral("cart") };
    backwards.endsAtMs = kStart - 1;
    QVERIFY(engine->addSilence(backwards, &error).isEmpty());
    QVERIFY2(error.contains(QStringLiteral("endsAt: must be after startsAt")), qPrintable(error));
    QCOMPARE(changed.count(), 0);

    Silence good = backwards;
    good.endsAtMs = kStart + 5000;
    QVERIFY(!engine->addSilence(good, &error).isEmpty());
    QCOMPARE(changed.count(), 1);
    // Persisted: a restarted engine knows it.
    QCOMPARE(fixture.engine({})->silences().size(), 1);
    // Expired silences stay listed for a day, then go.
    fixture.now = kStart + 5000 + 24 * 3600 * 1000LL - 1000;
    engine->evaluateNow();
    QCOMPARE(engine->silences().size(), 1);
    fixture.now += 1000;
    engine->evaluateNow();
    QCOMPARE(engine->silences().size(), 0);
    QCOMPARE(changed.count(), 2);
    QCOMPARE(fixture.engine({})->silences().size(), 0);
}

void TestAlertEngine::historySurvivesRestart()
{
    Fixture fixture;
    const QList<AlertRule> rules { makeRule(
        QStringLiteral("Errors"), QStringLiteral("error_ratio(service=cart) > 0.05")) };
    QList<QJsonObject> before;
    {
        auto engine = fixture.engine(rules);
        fixture.query.set(MetricKind::ErrorRatio, QStringLiteral("cart"), {}, kStart + 1000, 0.5);
        fixture.query.set(MetricKind::ErrorRatio, QStringLiteral("cart"), {}, kStart + 3000, 0.0);
        fixture.tick(*engine, 5);
        for (const auto &event : engine->history().events())
            before << event.toJson();
    }
    QCOMPARE(before.size(), 4); // pending, firing, resolved, inactive
    auto restarted = fixture.engine();
    QCOMPARE(restarted->history().events().size(), before.size());
    for (qsizetype i = 0; i < before.size(); ++i)
        QCOMPARE(restarted->history().events().at(i).toJson(), before.at(i));
    // And it keeps appending after the restart.
    fixture.query.set(MetricKind::ErrorRatio, QStringLiteral("cart"), {}, fixture.now + 1000, 0.5);
    fixture.tick(*restarted, 1);
    QCOMPARE(restarted->history().events().size(), before.size() + 2);
    QCOMPARE(fixture.engine()->history().eventsFor(QStringLiteral("Errors")).size(), before.size() + 2);
}

void TestAlertEngine::firingAlertIsTakenUpAfterRestart()
{
    Fixture fixture;
    const QList<AlertRule> rules {
        makeRule(QStringLiteral("Errors"), QStringLiteral("error_ratio(service=cart) > 0.05")),
        makeRule(QStringLiteral("Slow"), QStringLiteral("latency_quantile(service=cart, q=0.99) > 100"), 60'000),
    };
    fixture.query.set(MetricKind::ErrorRatio, QStringLiteral("cart"), {}, kStart + 1000, 0.5);
    fixture.query.set(MetricKind::LatencyQuantile, QStringLiteral("cart"), {}, kStart + 1000, 500);
    qint64 firedAt = 0;
    {
        auto engine = fixture.engine(rules);
        fixture.tick(*engine, 3);
        firedAt = engine->history().eventsFor(QStringLiteral("Errors")).last().timestampMs;
        QCOMPARE(engine->history().eventsFor(QStringLiteral("Slow")).last().to, AlertState::Pending);
    }
    auto stateOf = [](const AlertEngine &engine, const QString &rule) {
        for (const auto &status : engine.statuses()) {
            if (status.ruleName == rule)
                return status;
        }
        return AlertStatus {};
    };

    // The console is back 10 minutes later and the errors go on: still firing since then, no new announcement.
    fixture.now += 600'000;
    auto restarted = fixture.engine();
    QCOMPARE(stateOf(*restarted, QStringLiteral("Errors")).state, AlertState::Firing);
    QCOMPARE(stateOf(*restarted, QStringLiteral("Errors")).sinceMs, firedAt);
    // A pending alert starts over: its `for` counts from when the console can watch again.
    QVERIFY(stateOf(*restarted, QStringLiteral("Slow")).state != AlertState::Pending);
    QSignalSpy transitionsSeen(restarted.get(), &AlertEngine::alertTransition);
    fixture.tick(*restarted, 1);
    QStringList seen;
    for (const auto &arguments : transitionsSeen)
        seen << transitions({ arguments.first().value<AlertEvent>() });
    QCOMPARE(seen, QStringList { QStringLiteral("Slow/cart/ inactive→pending") });
    QCOMPARE(stateOf(*restarted, QStringLiteral("Errors")).state, AlertState::Firing);

    // When the errors stop, it resolves like any firing alert.
    fixture.query.set(MetricKind::ErrorRatio, QStringLiteral("cart"), {}, fixture.now + 1000, 0.0);
    fixture.tick(*restarted, 1);
    QCOMPARE(transitions({ restarted->history().eventsFor(QStringLiteral("Errors")).last() }),
        QStringList { QStringLiteral("Errors/cart/ firing→resolved") });
}

void TestAlertEngine::historySkipsTornLastLine()
{
    QTemporaryDir dir;
    const auto path = dir.filePath(QStringLiteral("alert-history.jsonl"));
    AlertHistory history(path, 3);
    QVERIFY(history.open());
    AlertEvent event;
    event.ruleName = QStringLiteral("R");
    event.service = QStringLiteral("cart");
    for (int i = 0; i < 5; ++i) {
        event.timestampMs = kStart + i;
        event.to = i % 2 ? AlertState::Firing : AlertState::Pending;
        QVERIFY(history.append(event));
    }
    QCOMPARE(history.events().size(), 3); // bounded in memory
    QFile file(path);
    QVERIFY(file.open(QIODevice::Append));
    file.write("{\"rule\": \"R\", \"from\": \"pend"); // a crash in the middle of a line
    file.close();

    AlertHistory reopened(path, 3);
    QVERIFY(reopened.open());
    QCOMPARE(reopened.skippedLines(), 1);
    QCOMPARE(reopened.events().size(), 3);
    QCOMPARE(reopened.events().first().timestampMs, kStart + 2);
    QCOMPARE(reopened.events().last().timestampMs, kStart + 4);
    // The file was compacted to what is kept: readable from end to end again.
    AlertHistory again(path, 3);
    QVERIFY(again.open());
    QCOMPARE(again.skippedLines(), 0);
    QCOMPARE(again.events().size(), 3);
}

void TestAlertEngine::timerDrivesEvaluation()
{
    Fixture fixture;
    auto engine
        = fixture.engine({ makeRule(QStringLiteral("Errors"), QStringLiteral("error_ratio(service=cart) > 0.05")) });
    fixture.query.set(MetricKind::ErrorRatio, QStringLiteral("cart"), {}, kStart, 0.5);
    QSignalSpy firing(engine.get(), &AlertEngine::alertFiring);
    QVERIFY(!engine->isRunning());
    engine->start(10);
    QVERIFY(engine->isRunning());
    QTRY_COMPARE_WITH_TIMEOUT(firing.count(), 1, 5000);
    const int calls = fixture.query.calls();
    QTRY_VERIFY_WITH_TIMEOUT(fixture.query.calls() > calls + 2, 5000);
    // The timer's rounds read the metrics on a worker thread; this (the GUI) thread only moves the states.
    QCOMPARE(fixture.query.foreignCalls(), fixture.query.calls());
    engine->stop();
    QVERIFY(!engine->isRunning());
}

void TestAlertEngine::backtestUsesTheQuery()
{
    Fixture fixture;
    auto engine = fixture.engine({});
    fixture.query.set(MetricKind::RequestRate, QStringLiteral("cart"), {}, kStart + 10'000, 500);
    fixture.query.set(MetricKind::RequestRate, QStringLiteral("cart"), {}, kStart + 20'000, 5);
    QString error;
    const auto result
        = engine->backtest(makeRule(QStringLiteral("Busy"), QStringLiteral("rate(service=cart) > 100"), 5000), kStart,
            kStart + 30'000, 1000, &error);
    QVERIFY2(result, qPrintable(error));
    QCOMPARE(result->firing().size(), 1);
    QCOMPARE(result->firing().first().startMs, kStart + 15'000);
    QCOMPARE(result->firing().first().endMs, kStart + 20'000);
    QVERIFY(engine->history().events().isEmpty()); // a backtest changes nothing
}

QTEST_GUILESS_MAIN(TestAlertEngine)
#include "tst_alertengine.moc"
