// Access lines as an instance writes them: one per answered request, naming method, route, status,
// duration, caller and request id, errors at warn and always written. Successful requests above the rate are
// counted, not written, and a summary line says how many: under wrk's load the written lines plus the
// summarised counts add up to exactly the requests the instance counted, so sampling hides nothing.
#include "core/logging.h"
#include "http/accesslog.h"
#include "httptestclient.h"
#include "runtime/servicehost.h"
#include "telemetry/loghub.h"
#include "testhosts.h"
#include "testprocess.h"
#include "testservice.h"

#include <memory>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTest>

class TestAccessLog : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void linesNameRouteStatusAndCaller();
    void samplingUnderLoadAccountsForEveryRequest();

private:
    std::unique_ptr<ServiceHost> start(const QString &id, int perSecond);
    QList<LogRecord> accessLines(const QString &instance) const;

    std::shared_ptr<LogHub> m_hub;
};

void TestAccessLog::initTestCase()
{
    m_hub = std::make_shared<LogHub>(200'000);
    Logging::addSink(m_hub);
}

void TestAccessLog::cleanupTestCase()
{
    Logging::removeSink(m_hub);
}

std::unique_ptr<ServiceHost> TestAccessLog::start(const QString &id, int perSecond)
{
    ServiceHostConfig config;
    config.serviceName = QStringLiteral("shop");
    config.instanceId = id;
    config.limits.accessLogPerSecond = perSecond;
    auto host = std::make_unique<ServiceHost>(config, [] { return std::make_unique<TestService>(); });
    QString error;
    if (!host->start(&error)) {
        qWarning("%s", qPrintable(error));
        return nullptr;
    }
    return host;
}

QList<LogRecord> TestAccessLog::accessLines(const QString &instance) const
{
    QList<LogRecord> lines;
    for (const auto &record : m_hub->recordsSince(0, 200'000)) {
        if (record.access && record.instance == instance)
            lines.append(record);
    }
    return lines;
}

void TestAccessLog::linesNameRouteStatusAndCaller()
{
    auto host = start(QStringLiteral("shop-1"), 20);
    QVERIFY(host);
    QCOMPARE(TestHttp::request("GET", TestHosts::urlOf(*host, QStringLiteral("/items/7")), {},
                 { { "X-Flightdeck-Caller", "traffic-1" }, { "X-Request-Id", "req-42" } })
                 .status,
        200);
    QCOMPARE(TestHttp::get(TestHosts::urlOf(*host, QStringLiteral("/nowhere"))).status, 404);
    QCOMPARE(TestHttp::get(TestHosts::urlOf(*host, QStringLiteral("/metrics"))).status, 200);
    host->stop();

    const auto lines = accessLines(QStringLiteral("shop-1"));
    QCOMPARE(lines.size(), 2); // the scrape of /metrics is monitoring, not traffic
    QCOMPARE(lines[0].service, QStringLiteral("shop"));
    QVERIFY2(lines[0].message.startsWith(QStringLiteral("GET /items/{id} 200 ")), qPrintable(lines[0].message));
    QVERIFY2(lines[0].message.contains(QStringLiteral(" ms caller=traffic-1 id=req-42")), qPrintable(lines[0].message));
    QCOMPARE(lines[0].level, spdlog::level::info);
    // Without a caller header the peer address names the caller.
    QVERIFY2(lines[1].message.startsWith(QStringLiteral("GET (unmatched) 404 ")), qPrintable(lines[1].message));
    QVERIFY2(lines[1].message.contains(QStringLiteral("caller=127.0.0.1:")), qPrintable(lines[1].message));
    QCOMPARE(AccessLog::instanceOf(lines[1].logger), QStringLiteral("shop-1"));
}

void TestAccessLog::samplingUnderLoadAccountsForEveryRequest()
{
    const QString wrk = QStandardPaths::findExecutable(QStringLiteral("wrk"));
    QVERIFY2(!wrk.isEmpty(), "wrk is needed");
    constexpr int kPerSecond = 20;
    auto host = start(QStringLiteral("shop-2"), kPerSecond);
    QVERIFY(host);
    const auto load = TestProcess::run(wrk,
        { QStringLiteral("-t1"), QStringLiteral("-c16"), QStringLiteral("-d3s"),
            TestHosts::urlOf(*host, QStringLiteral("/items/1")).toString() },
        30'000);
    QVERIFY2(load.ok(), qPrintable(load.describe()));
    const double served
        = TestHosts::routeCount(*host, QStringLiteral("http_requests_total"), QStringLiteral("/items/{id}"));
    QVERIFY2(served > 1000, qPrintable(QString::number(served)));
    // The summary of the last second is written when that second is over.
    QTest::qWait(1500);
    host->stop();

    qint64 written = 0, summarised = 0, firstMs = 0, lastMs = 0;
    static const QRegularExpression summary(QStringLiteral("^(\\d+) more successful request"));
    for (const auto &line : accessLines(QStringLiteral("shop-2"))) {
        if (const auto match = summary.match(line.message); match.hasMatch()) {
            summarised += match.captured(1).toLongLong();
            continue;
        }
        QVERIFY2(line.message.startsWith(QStringLiteral("GET /items/{id} 200 ")), qPrintable(line.message));
        firstMs = firstMs ? firstMs : line.timeMs;
        lastMs = line.timeMs;
        ++written;
    }
    QCOMPARE(double(written + summarised), served);
    // At most the rate per started second: about 3 s of load, so 4 windows at most, and far fewer than served.
    const qint64 windows = (lastMs - firstMs) / 1000 + 1;
    QVERIFY2(written <= kPerSecond * windows && windows <= 5,
        qPrintable(QStringLiteral("%1 lines in %2 windows").arg(written).arg(windows)));
    QVERIFY2(written >= kPerSecond * 2, qPrintable(QString::number(written)));
    qInfo("%.0f requests under wrk: %lld access lines written, %lld summarised", served, written, summarised);
}

QTEST_GUILESS_MAIN(TestAccessLog)
#include "tst_accesslog.moc"
