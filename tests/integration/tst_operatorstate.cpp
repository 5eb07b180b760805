#include "alerting/alertengine.h"
#include "httptestclient.h"
#include "reports/jsonreportwriter.h"
#include "reports/recordedhistory.h"
#include "reports/reportbuilder.h"
#include "runtime/fleet.h"
#include "runtime/monitor.h"
#include "runtime/operatorevents.h"
#include "telemetry/healthtimeline.h"
#include "telemetry/loghub.h"
#include "telemetry/timeseriesstore.h"
#include "testhosts.h"
#include "testservice.h"

#include <QBuffer>
#include <QDateTime>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

namespace {

QString healthOf(const TopologySnapshot &snapshot, const QString &instance)
{
    for (const auto &node : snapshot.nodes) {
        for (const auto &i : node.instances) {
            if (i.id == instance)
                return i.health;
        }
    }
    return {};
}

QString nodeHealth(const TopologySnapshot &snapshot, const QString &service)
{
    for (const auto &node : snapshot.nodes) {
        if (node.service == service)
            return node.health;
    }
    return {};
}

} // namespace

// What the console learns about instances an operator acts on, through the real registry and real scrapes:
// a drained instance is "drained" (not "critical") in the topology, its health lane and reports; faults
// are applied over HTTP with the chosen parameters and end after their duration; a restart keeps the port;
// operator events reach the log hub, the history file and exported reports.
class TestOperatorState : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init();
    void cleanup();
    void drainedIsItsOwnStateNotCritical();
    void faultParametersApplyOverHttpAndExpire();
    void restartKeepsThePort();
    void operatorEventsReachLogHistoryFileAndReport();
    void silencesAreOperatorEvents();

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<ServiceHost> m_registry;
    std::unique_ptr<Fleet> m_fleet;
    std::unique_ptr<Monitor> m_monitor;
};

void TestOperatorState::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    m_registry = TestHosts::startRegistry();
    QVERIFY(m_registry);
    m_fleet = std::make_unique<Fleet>();
    for (const auto *id : { "test-1", "test-2" }) {
        ServiceHostConfig config;
        config.serviceName = QStringLiteral("test");
        config.instanceId = QString::fromLatin1(id);
        config.registryUrl = m_registry->baseUrl();
        config.limits.drainTimeoutMs = 1000;
        m_fleet->add(config, [] { return std::make_unique<TestService>(); });
    }
    QString error;
    QVERIFY2(m_fleet->startAll(&error), qPrintable(error));
    Monitor::Options options;
    options.dataDir = m_dir->path();
    options.registryUrl = m_registry->baseUrl();
    options.services = { QStringLiteral("test") };
    options.scrapeIntervalMs = 200;
    m_monitor = std::make_unique<Monitor>(options);
    QVERIFY(m_monitor->start());
}

void TestOperatorState::cleanup()
{
    m_monitor.reset();
    m_fleet.reset();
    m_registry.reset();
    m_dir.reset();
}

void TestOperatorState::drainedIsItsOwnStateNotCritical()
{
    QTRY_VERIFY_WITH_TIMEOUT(!healthOf(m_monitor->topology(), QStringLiteral("test-2")).isEmpty()
            && healthOf(m_monitor->topology(), QStringLiteral("test-2")) != QLatin1String("critical"),
        10000);
    const qint64 start = QDateTime::currentMSecsSinceEpoch();

    auto drain = TestHosts::at(m_registry->baseUrl(), QStringLiteral("/v1/flightdeck/instances/test-2/drain"));
    QCOMPARE(TestHttp::request("PUT", drain, {}).status, 200);
    // Out of discovery for clients...
    QTRY_COMPARE_WITH_TIMEOUT(TestHosts::passingIds(m_registry->baseUrl(), QStringLiteral("test")),
        QStringList { QStringLiteral("test-1") }, 5000);
    // ...but the console still sees it running, and calls it drained, not failing. The old console stopped
    // scraping it and, 5 s later, called it critical.
    QTRY_COMPARE_WITH_TIMEOUT(
        healthOf(m_monitor->topology(), QStringLiteral("test-2")), QStringLiteral("drained"), 10000);
    QTest::qWait(6000); // past the topology's 5 s staleness: a drained instance must not turn critical then
    QCOMPARE(healthOf(m_monitor->topology(), QStringLiteral("test-2")), QStringLiteral("drained"));
    QVERIFY(nodeHealth(m_monitor->topology(), QStringLiteral("test")) != QLatin1String("critical"));

    // The health lane says drained (not "out of discovery" or down).
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    const auto lanes = instanceHealthLanes(*m_monitor->store(), QStringLiteral("test"), start, now);
    QCOMPARE(lanes.size(), 2);
    for (const auto &lane : lanes)
        QCOMPARE(lane.segments.last().state,
            lane.instance == QLatin1String("test-2") ? InstanceHealth::Drained : InstanceHealth::Up);

    // Reports: the instance's state at the end, its share out of service, and the topology's dot.
    ReportBuilder builder(*m_monitor->store());
    QString error;
    const auto report = builder.build({ start, now, {} }, &error);
    QVERIFY2(report, qPrintable(error));
    const auto json = JsonReportWriter::toJson(*report);
    const auto stats = json.value(QStringLiteral("services"))
                           .toArray()
                           .first()
                           .toObject()
                           .value(QStringLiteral("instance_stats"))
                           .toArray();
    QCOMPARE(stats.size(), 2);
    for (const auto &value : stats) {
        const auto object = value.toObject();
        const bool drained = object.value(QStringLiteral("instance")).toString() == QLatin1String("test-2");
        QCOMPARE(object.value(QStringLiteral("state_at_end")).toString(),
            drained ? QStringLiteral("drained") : QStringLiteral("passing"));
        QVERIFY(drained ? object.value(QStringLiteral("out_of_service_ratio")).toDouble() > 0.5
                        : object.value(QStringLiteral("out_of_service_ratio")).toDouble() == 0);
    }
    const auto node
        = json.value(QStringLiteral("topology")).toObject().value(QStringLiteral("nodes")).toArray().first();
    QCOMPARE(
        node.toObject().value(QStringLiteral("instance_health")).toObject().value(QStringLiteral("test-2")).toString(),
        QStringLiteral("drained"));

    // Undrained: in service again.
    auto undrain = TestHosts::at(m_registry->baseUrl(), QStringLiteral("/v1/flightdeck/instances/test-2/undrain"));
    QCOMPARE(TestHttp::request("PUT", undrain, {}).status, 200);
    QTRY_VERIFY_WITH_TIMEOUT(
        healthOf(m_monitor->topology(), QStringLiteral("test-2")) != QLatin1String("drained"), 10000);
    QVERIFY(healthOf(m_monitor->topology(), QStringLiteral("test-2")) != QLatin1String("critical"));
}

void TestOperatorState::faultParametersApplyOverHttpAndExpire()
{
    auto *host = m_fleet->host(QStringLiteral("test-1"));
    const auto echo = TestHosts::urlOf(*host, QStringLiteral("/echo"));
    QCOMPARE(TestHttp::request("POST", echo, "x").status, 200);

    // Every request fails: 100 % errors.
    FaultInjection errors;
    errors.errorRatio = 1.0;
    host->setFaults(errors);
    QTRY_COMPARE_WITH_TIMEOUT(TestHttp::request("POST", echo, "x").status, 503, 2000);
    for (int i = 0; i < 10; ++i)
        QCOMPARE(TestHttp::request("POST", echo, "x").status, 503);
    // Monitoring stays exempt.
    QCOMPARE(TestHttp::get(TestHosts::urlOf(*host, QStringLiteral("/health"))).status, 200);

    // Added latency as chosen (a functional check of the parameter: at least the injected delay).
    FaultInjection slow;
    slow.extraLatencyMs = 400;
    host->setFaults(slow);
    QTRY_COMPARE_WITH_TIMEOUT(TestHttp::request("POST", echo, "x").status, 200, 2000);
    QElapsedTimer timer;
    timer.start();
    QCOMPARE(TestHttp::request("POST", echo, "x").status, 200);
    QVERIFY2(timer.elapsed() >= 380, qPrintable(QString::number(timer.elapsed())));

    // A fault with a duration ends by itself, on the instance and in what the host reports.
    FaultInjection brief;
    brief.errorRatio = 1.0;
    brief.untilMs = QDateTime::currentMSecsSinceEpoch() + 1500;
    host->setFaults(brief);
    QTRY_COMPARE_WITH_TIMEOUT(TestHttp::request("POST", echo, "x").status, 503, 1000);
    QVERIFY(host->faults().active());
    QTRY_COMPARE_WITH_TIMEOUT(TestHttp::request("POST", echo, "x").status, 200, 5000);
    // The host hears of the end from the instance thread's timer, a moment after requests do.
    QTRY_VERIFY_WITH_TIMEOUT(!host->faults().active(), 3000);
    QVERIFY(QDateTime::currentMSecsSinceEpoch() >= brief.untilMs);
}

void TestOperatorState::restartKeepsThePort()
{
    auto *host = m_fleet->host(QStringLiteral("test-2"));
    const quint16 port = host->port();
    QVERIFY(port != 0);
    host->kill();
    QVERIFY(!host->isRunning());
    QString error;
    QVERIFY2(host->start(&error), qPrintable(error));
    QCOMPARE(host->port(), port);
    host->stop();
    QVERIFY2(host->start(&error), qPrintable(error));
    QCOMPARE(host->port(), port);
    QCOMPARE(TestHttp::request("POST", TestHosts::urlOf(*host, QStringLiteral("/echo")), "x").status, 200);
}

void TestOperatorState::operatorEventsReachLogHistoryFileAndReport()
{
    QTRY_VERIFY_WITH_TIMEOUT(!healthOf(m_monitor->topology(), QStringLiteral("test-1")).isEmpty(), 10000);
    const qint64 start = QDateTime::currentMSecsSinceEpoch() - 1000;
    OperatorEvent event;
    event.action = QStringLiteral("kill");
    event.service = QStringLiteral("test");
    event.target = QStringLiteral("test-1");
    m_monitor->operatorEvents()->record(event);

    // The log view's source: a record of the "operator" logger.
    bool logged = false;
    for (const auto &record : m_monitor->logHub()->recordsSince(0))
        logged = logged
            || (record.logger == QLatin1String("operator") && record.message.contains(QLatin1String("kill test-1")));
    QVERIFY(logged);

    // The append-only history file.
    QFile file(OperatorEvents::path(m_dir->path()));
    QVERIFY(file.open(QIODevice::ReadOnly));
    const auto lines = file.readAll().trimmed().split('\n');
    QCOMPARE(lines.size(), 1);
    const auto stored = OperatorEvent::fromJson(QJsonDocument::fromJson(lines.first()).object());
    QCOMPARE(stored.action, QStringLiteral("kill"));
    QCOMPARE(stored.target, QStringLiteral("test-1"));
    file.close();

    // A report read back from the data dir, as the export does, lists it beside the alerts.
    QTRY_VERIFY_WITH_TIMEOUT(QFile::exists(TimeSeriesStore::defaultPath(m_dir->path())), 5000);
    QTest::qWait(600); // a few scrapes after the event, so the range has metrics
    RecordedHistory history;
    QString error;
    QVERIFY2(history.load(m_dir->path(), &error), qPrintable(error));
    ReportBuilder builder(history.store());
    builder.setOperatorEvents(history.operatorEvents());
    const auto report = builder.build({ start, QDateTime::currentMSecsSinceEpoch(), {} }, &error);
    QVERIFY2(report, qPrintable(error));
    QBuffer buffer;
    buffer.open(QIODevice::WriteOnly);
    QVERIFY(JsonReportWriter::write(*report, &buffer, &error));
    const auto json = QJsonDocument::fromJson(buffer.data()).object();
    const auto events = json.value(QStringLiteral("operator_events")).toArray();
    QCOMPARE(events.size(), 1);
    QCOMPARE(events.first().toObject().value(QStringLiteral("action")).toString(), QStringLiteral("kill"));
    QCOMPARE(events.first().toObject().value(QStringLiteral("target")).toString(), QStringLiteral("test-1"));
    QCOMPARE(json.value(QStringLiteral("fleet")).toObject().value(QStringLiteral("operator_actions")).toInt(), 1);
}

void TestOperatorState::silencesAreOperatorEvents()
{
    // Created, edited and expired through the monitor's alert engine, a silence is recorded like a kill: in the
    // history with who did it, and in the history file reports read.
    Silence silence;
    silence.matchers = { { QStringLiteral("service"), SilenceMatcher::Op::Equal, QStringLiteral("test") } };
    silence.startsAtMs = QDateTime::currentMSecsSinceEpoch();
    silence.endsAtMs = silence.startsAtMs + 3600'000;
    silence.comment = QStringLiteral("deploying test");
    QString error;
    silence.id = m_monitor->alerts()->addSilence(silence, &error, QStringLiteral("alice"));
    QVERIFY2(!silence.id.isEmpty(), qPrintable(error));
    silence.comment = QStringLiteral("deploy takes longer");
    QCOMPARE(m_monitor->alerts()->addSilence(silence, &error, QStringLiteral("alice")), silence.id);
    QVERIFY2(m_monitor->alerts()->expireSilence(silence.id, &error, QStringLiteral("bob")), qPrintable(error));

    const auto &events = m_monitor->operatorEvents()->events();
    QCOMPARE(events.size(), 3);
    QCOMPARE(events.at(0).action, QStringLiteral("silence-create"));
    QCOMPARE(events.at(1).action, QStringLiteral("silence-edit"));
    QCOMPARE(events.at(2).action, QStringLiteral("silence-expire"));
    for (const auto &event : events) {
        QCOMPARE(event.service, QStringLiteral("test"));
        QCOMPARE(event.target, silence.id);
    }
    QVERIFY2(events.at(0).detail.contains(QLatin1String("alice"))
            && events.at(0).detail.contains(QLatin1String("deploying test")),
        qPrintable(events.at(0).detail));
    QVERIFY2(events.at(2).detail.contains(QLatin1String("bob")), qPrintable(events.at(2).detail));
    QCOMPARE(OperatorEvents::load(OperatorEvents::path(m_dir->path())).size(), 3);
}

QTEST_GUILESS_MAIN(TestOperatorState)
#include "tst_operatorstate.moc"
