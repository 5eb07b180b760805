#include "httptestclient.h"
#include "runtime/fleet.h"
#include "telemetry/telemetrycenter.h"
#include "testservice.h"

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

class TestTelemetryCenter : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void followsTheFleetIntoTopologyLogsAndHistory();
};

void TestTelemetryCenter::followsTheFleetIntoTopologyLogsAndHistory()
{
    QTemporaryDir dir;
    TelemetryCenter::Options options;
    options.historyFile = dir.filePath(QStringLiteral("metrics.fdts"));
    options.scrape.intervalMs = 200;
    auto center = std::make_unique<TelemetryCenter>(options);
    QSignalSpy topologies(center.get(), &TelemetryCenter::topologyChanged);

    Fleet fleet;
    ServiceHostConfig config;
    config.serviceName = QStringLiteral("test");
    config.instanceId = QStringLiteral("test-7");
    ServiceHost *host = fleet.add(config, [] { return std::make_unique<TestService>(); });
    QString error;
    QVERIFY2(fleet.startAll(&error), qPrintable(error));
    scrapeFleet(center->scraper(), fleet);
    QVERIFY2(center->start(&error), qPrintable(error));

    for (int i = 0; i < 9; ++i)
        QCOMPARE(TestHttp::get(QUrl(host->baseUrl().toString() + QStringLiteral("/items/%1").arg(i))).status, 200);
    auto passing = [&] {
        const auto snapshot = center->latestTopology();
        return snapshot.nodes.size() == 1 && snapshot.nodes[0].instances.size() == 1
            && snapshot.nodes[0].instances[0].id == QLatin1String("test-7")
            && snapshot.nodes[0].health == QLatin1String("passing");
    };
    QTRY_VERIFY_WITH_TIMEOUT(passing(), 5000);
    QVERIFY(!topologies.isEmpty());

    // The instance's own start-up record reached the hub, attributed to its service.
    bool found = false;
    for (const auto &record : center->logHub()->recordsSince(0))
        found = found
            || (record.instance == QLatin1String("test-7") && record.service == QLatin1String("test")
                && record.message.startsWith(QLatin1String("listening on")));
    QVERIFY(found);

    const MetricLabels match { { "instance", "test-7" }, { "route", "/items/{id}" } };
    QTRY_COMPARE_WITH_TIMEOUT(
        center->store().latest(QStringLiteral("http_requests_total"), match).value_or(-1), 9.0, 5000);
    center.reset();
    fleet.stopAll();

    TimeSeriesStore reopened(TimeSeriesStore::Options { options.historyFile });
    QVERIFY2(reopened.open(&error), qPrintable(error));
    QCOMPARE(reopened.latest(QStringLiteral("http_requests_total"), match).value_or(-1), 9.0);
}

QTEST_GUILESS_MAIN(TestTelemetryCenter)
#include "tst_telemetrycenter.moc"
