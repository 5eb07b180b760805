// Who a shipped record belongs to (explicit fields, then registered instance IDs, then service names), JSON
// lines as shippers send them, the per-sender token bucket, and external records in the log hub next to the
// console's own.
#include "client/instancedirectory.h"
#include "core/logging.h"
#include "logintake/intakecounters.h"
#include "logintake/intakerecord.h"
#include "logintake/jsonloglines.h"
#include "logintake/logattribution.h"
#include "logintake/senderlimiter.h"
#include "telemetry/loghub.h"

#include <QTest>
#include <QTimeZone>
#include <spdlog/spdlog.h>

namespace {

ServiceInstance instance(const QString &id, const QString &service, const QString &address)
{
    ServiceInstance i;
    i.id = id;
    i.service = service;
    i.address = address;
    return i;
}

} // namespace

class TestLogAttribution : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void attribution_data();
    void attribution();
    void directorySnapshotsAreStable();
    void jsonLines();
    void jsonArrayBody();
    void tokenBucketPerSender();
    void dropReportIsBoundedAndLabelsToo();
    void externalRecordsKeepTheirOrigin();

private:
    InstanceDirectory m_directory;
};

void TestLogAttribution::initTestCase()
{
    m_directory.setInstances(QStringLiteral("inventory"),
        { instance(QStringLiteral("inventory-1"), QStringLiteral("inventory"), QStringLiteral("10.0.0.5")),
            instance(QStringLiteral("inventory-2"), QStringLiteral("inventory"), QStringLiteral("10.0.0.6")) });
    m_directory.setInstances(
        QStringLiteral("billing"), { instance(QStringLiteral("billing-7"), QStringLiteral("billing"), {}) });
    m_directory.setInstances(QStringLiteral("idle"), {});
}

void TestLogAttribution::attribution_data()
{
    QTest::addColumn<QString>("appName");
    QTest::addColumn<QString>("hostname");
    QTest::addColumn<QString>("explicitService");
    QTest::addColumn<QString>("sdInstance");
    QTest::addColumn<QString>("sender");
    QTest::addColumn<QString>("service");
    QTest::addColumn<QString>("instance");
    QTest::addColumn<bool>("attributed");
    QTest::newRow("app-name is an instance") << "Inventory-2"
                                             << ""
                                             << ""
                                             << ""
                                             << "127.0.0.1"
                                             << "inventory"
                                             << "inventory-2" << true;
    QTest::newRow("hostname is an instance") << "java"
                                             << "billing-7"
                                             << ""
                                             << ""
                                             << ""
                                             << "billing"
                                             << "billing-7" << true;
    QTest::newRow("service with one instance") << "billing"
                                               << ""
                                               << ""
                                               << ""
                                               << ""
                                               << "billing"
                                               << "billing-7" << true;
    QTest::newRow("service, host picks one") << "inventory"
                                             << "10.0.0.6"
                                             << ""
                                             << ""
                                             << ""
                                             << "inventory"
                                             << "inventory-2" << true;
    QTest::newRow("service, sender picks one") << "inventory"
                                               << ""
                                               << ""
                                               << ""
                                               << "10.0.0.5"
                                               << "inventory"
                                               << "inventory-1" << true;
    QTest::newRow("service, nothing picks one") << "inventory"
                                                << ""
                                                << ""
                                                << ""
                                                << "127.0.0.1"
                                                << "inventory"
                                                << "" << true;
    QTest::newRow("service without instances") << "idle"
                                               << ""
                                               << ""
                                               << ""
                                               << ""
                                               << "idle"
                                               << "" << true;
    QTest::newRow("SD instance wins over app-name") << "billing"
                                                    << ""
                                                    << ""
                                                    << "inventory-1"
                                                    << ""
                                                    << "inventory"
                                                    << "inventory-1" << true;
    QTest::newRow("explicit service wins") << "billing"
                                           << ""
                                           << "orders"
                                           << ""
                                           << ""
                                           << "orders"
                                           << "" << true;
    QTest::newRow("unknown app-name") << "cron"
                                      << "box"
                                      << ""
                                      << ""
                                      << "127.0.0.1"
                                      << "cron"
                                      << "" << false;
    QTest::newRow("only a hostname") << ""
                                     << "box"
                                     << ""
                                     << ""
                                     << "127.0.0.1"
                                     << "box"
                                     << "" << false;
    QTest::newRow("nothing at all") << ""
                                    << ""
                                    << ""
                                    << ""
                                    << "127.0.0.1"
                                    << "127.0.0.1"
                                    << "" << false;
}

void TestLogAttribution::attribution()
{
    QFETCH(QString, appName);
    QFETCH(QString, hostname);
    QFETCH(QString, explicitService);
    QFETCH(QString, sdInstance);
    QFETCH(QString, sender);
    IntakeRecord record;
    record.appName = appName;
    record.hostname = hostname;
    record.service = explicitService;
    if (!sdInstance.isEmpty())
        record.structured.insert(QStringLiteral("instance"), sdInstance);
    const auto result = LogAttribution::attribute(record, *m_directory.snapshot(), sender);
    QTEST(result.service, "service");
    QTEST(result.instance, "instance");
    QTEST(result.attributed, "attributed");
}

void TestLogAttribution::directorySnapshotsAreStable()
{
    InstanceDirectory directory;
    directory.setInstances(QStringLiteral("a"), { instance(QStringLiteral("a-1"), QStringLiteral("a"), {}) });
    const auto before = directory.snapshot();
    directory.removeService(QStringLiteral("a"));
    QVERIFY(before->instance(QStringLiteral("A-1"))); // a reader's snapshot does not change under it
    QVERIFY(!directory.snapshot()->instance(QStringLiteral("a-1")));
    QVERIFY(directory.snapshot()->isEmpty());
}

void TestLogAttribution::jsonLines()
{
    const QDateTime received = QDateTime::currentDateTimeUtc();
    const QByteArray body
        = R"({"Time":"2024-03-09T11:00:00.250Z","LEVEL":"warning","Msg":"low stock","Service":"inventory","instance":"inventory-2"}
{"timestamp": 1710000000, "severity": 3, "message": "payment failed"}

{"ts": 1710000000123, "level": "FATAL", "msg": {"event": "crash", "code": 7}}
[1, 2]
{"level": "chatty", "message": "x"}
{"message": null}
not json at all
{"time": "tuesday", "message": "x"}
)";
    const auto parsed = JsonLogLines::parse(body, received, 1024);
    QCOMPARE(parsed.records.size(), 3);
    QCOMPARE(parsed.records[0].level, spdlog::level::warn);
    QCOMPARE(parsed.records[0].message, QStringLiteral("low stock"));
    QCOMPARE(parsed.records[0].service, QStringLiteral("inventory"));
    QCOMPARE(parsed.records[0].instance, QStringLiteral("inventory-2"));
    QCOMPARE(parsed.records[0].timeMs, QDateTime(QDate(2024, 3, 9), QTime(11, 0, 0, 250), Qt::UTC).toMSecsSinceEpoch());
    QCOMPARE(parsed.records[1].level, spdlog::level::err);
    QCOMPARE(parsed.records[1].timeMs, qint64(1710000000) * 1000);
    QCOMPARE(parsed.records[2].level, spdlog::level::critical);
    QCOMPARE(parsed.records[2].timeMs, qint64(1710000000123));
    QCOMPARE(parsed.records[2].message, QStringLiteral(R"({"code":7,"event":"crash"})"));
    QCOMPARE(parsed.rejected.size(), 5);
    QCOMPARE(parsed.rejected[0].line, 5); // line numbers count the blank line
    QCOMPARE(parsed.rejected[0].reason, QStringLiteral("not a JSON object"));
    QVERIFY(parsed.rejected[1].reason.contains(QStringLiteral("chatty")));
    QCOMPARE(parsed.rejected[4].line, 9);

    const QByteArray longLine = R"({"message": ")" + QByteArray(2000, 'x') + "\"}\n";
    const auto oversized = JsonLogLines::parse(longLine, received, 1024);
    QCOMPARE(oversized.oversized, 1);
    QVERIFY(oversized.records.isEmpty());
}

void TestLogAttribution::jsonArrayBody()
{
    const auto parsed = JsonLogLines::parse(R"([{"msg": "a"}, {"msg": "b"}, 3])", QDateTime::currentDateTime(), 1024);
    QCOMPARE(parsed.records.size(), 2);
    QCOMPARE(parsed.rejected.size(), 1);
    QCOMPARE(parsed.rejected[0].line, 3);
}

void TestLogAttribution::tokenBucketPerSender()
{
    SenderLimiter limiter({ 100, 10, 2 });
    int allowed = 0;
    for (int i = 0; i < 50; ++i)
        allowed += limiter.allow(QStringLiteral("flood"), 1000) ? 1 : 0;
    QCOMPARE(allowed, 10); // the burst, then nothing within the same millisecond
    QVERIFY(limiter.allow(QStringLiteral("calm"), 1000)); // another sender is untouched
    QVERIFY(!limiter.allow(QStringLiteral("flood"), 1005)); // 0.5 tokens refilled
    QVERIFY(limiter.allow(QStringLiteral("flood"), 1010)); // one token after 10 ms at 100/s
    // Past maxSenders, newcomers share one bucket.
    int newcomers = 0;
    for (int i = 0; i < 30; ++i)
        newcomers += limiter.allow(QStringLiteral("spoofed-%1").arg(i), 1010) ? 1 : 0;
    QCOMPARE(newcomers, 10);
    QCOMPARE(limiter.senders(), 2);
    limiter.sweep(5000); // both buckets full again: forgotten
    QCOMPARE(limiter.senders(), 0);
}

void TestLogAttribution::dropReportIsBoundedAndLabelsToo()
{
    IntakeCounters counters;
    counters.maxSenderLabels = 3;
    for (int i = 0; i < 100; ++i)
        counters.dropped(IntakeCounters::Drop::Flood, QStringLiteral("10.0.0.1"));
    counters.dropped(IntakeCounters::Drop::Malformed, QStringLiteral("10.0.0.2"), QStringLiteral("no <PRI>"));
    for (int i = 0; i < 5; ++i)
        counters.dropped(IntakeCounters::Drop::Oversized, QStringLiteral("10.0.1.%1").arg(i));
    QCOMPARE(counters.droppedTotal(IntakeCounters::Drop::Flood), quint64(100));
    QCOMPARE(counters.droppedTotal(IntakeCounters::Drop::Oversized), quint64(5));
    QCOMPARE(counters.droppedFrom(IntakeCounters::Drop::Oversized, QStringLiteral("other")), quint64(4));
    const auto report = counters.takeDropReport(2);
    QCOMPARE(report.size(), 3);
    QCOMPARE(report[0], QStringLiteral("dropped 100 record(s) from 10.0.0.1 (flood)"));
    QCOMPARE(report[2], QStringLiteral("dropped 2 more record(s) from 2 more sender(s)"));
    QVERIFY(counters.takeDropReport().isEmpty()); // each drop is reported once
}

void TestLogAttribution::externalRecordsKeepTheirOrigin()
{
    Logging::Options options;
    options.console = false;
    Logging::init(QString(), options);
    auto hub = std::make_shared<LogHub>(4);
    Logging::addSink(hub);
    Logging::get("cart-2")->info("ours");
    hub->appendExternal({ 1234, spdlog::level::warn, QStringLiteral("inventory"), QStringLiteral("inventory-2"),
        QStringLiteral("theirs"), 16 });
    // A name that looks like "service-N" is not split when the sender said who it is.
    hub->appendExternal({ 1235, spdlog::level::info, QStringLiteral("cron-2"), {}, QStringLiteral("unmatched"), 3 });

    auto records = hub->recordsSince(0);
    QCOMPARE(records.size(), 3);
    QCOMPARE(records[0].service, QStringLiteral("cart"));
    QCOMPARE(records[0].instance, QStringLiteral("cart-2"));
    QCOMPARE(records[0].facility, -1);
    QCOMPARE(records[1].message, QStringLiteral("theirs"));
    QCOMPARE(records[1].service, QStringLiteral("inventory"));
    QCOMPARE(records[1].instance, QStringLiteral("inventory-2"));
    QCOMPARE(records[1].logger, QStringLiteral("inventory-2"));
    QCOMPARE(records[1].level, spdlog::level::warn);
    QCOMPARE(records[1].timeMs, qint64(1234));
    QCOMPARE(records[1].facility, 16);
    QCOMPARE(records[2].service, QStringLiteral("cron-2"));
    QVERIFY(records[2].instance.isEmpty());

    // Around the ring once more: our own records land in slots external ones had, and are derived again.
    for (int i = 0; i < 4; ++i)
        Logging::get("cart-3")->info("ours again {}", i);
    Logging::removeSink(hub);
    records = hub->recordsSince(3);
    QCOMPARE(records.size(), 4);
    for (const auto &record : std::as_const(records)) {
        QCOMPARE(record.service, QStringLiteral("cart"));
        QCOMPARE(record.instance, QStringLiteral("cart-3"));
        QCOMPARE(record.facility, -1);
    }
}

QTEST_GUILESS_MAIN(TestLogAttribution)
#include "tst_logattribution.moc"
