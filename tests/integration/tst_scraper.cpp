#include "client/instancesource.h"
#include "httptestclient.h"
#include "relayservice.h"
#include "runtime/servicehost.h"
#include "telemetry/scraper.h"
#include "telemetry/timeseriesstore.h"
#include "telemetry/topologybuilder.h"
#include "testhosts.h"
#include "testservice.h"

#include <memory>
#include <QDateTime>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>

namespace {

using TestHosts::instanceOf;
using TestHosts::urlOf;
const auto makeHost = TestHosts::make;

// A discovery source the test controls, standing in for the registry client.
class ListSource : public InstanceSource
{
public:
    QList<ServiceInstance> list;
    QList<ServiceInstance> instances(const QString &service) const override
    {
        QList<ServiceInstance> out;
        for (const auto &instance : list) {
            if (instance.service == service)
                out.append(instance);
        }
        return out;
    }
};

quint16 closedPort()
{
    QTcpServer probe;
    probe.listen(QHostAddress::LocalHost, 0);
    return probe.serverPort(); // closed again when probe goes out of scope
}

} // namespace

class TestScraper : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void storedCountEqualsRequestsSent();
    void followsDiscoveryAndRecordsDownTargets();
    void topologyEdgesFromCallerCalleeTraffic();
    void targetRefusingFineBucketsGetsThePlainPage();
};

void TestScraper::storedCountEqualsRequestsSent()
{
    auto host
        = makeHost(QStringLiteral("test"), QStringLiteral("test-1"), [] { return std::make_unique<TestService>(); });
    QString error;
    QVERIFY2(host->start(&error), qPrintable(error));
    QTemporaryDir dir;
    TimeSeriesStore::Options options;
    options.path = dir.filePath(QStringLiteral("metrics.fdts"));
    TimeSeriesStore store(options);
    QVERIFY2(store.open(&error), qPrintable(error));
    Scraper scraper(&store);
    QSignalSpy rounds(&scraper, &Scraper::roundFinished);
    scraper.setStaticTargets({ instanceOf(*host) });
    scraper.start();
    QTRY_VERIFY_WITH_TIMEOUT(rounds.size() >= 1, 5000);

    const int sent = 137;
    int ok = 0;
    for (int i = 0; i < sent; ++i)
        ok += TestHttp::get(urlOf(*host, QStringLiteral("/items/%1").arg(i))).status == 200 ? 1 : 0;
    QCOMPARE(ok, sent);
    const MetricLabels match { { "instance", "test-1" }, { "route", "/items/{id}" }, { "status", "200" } };
    QTRY_COMPARE_WITH_TIMEOUT(
        store.latest(QStringLiteral("http_requests_total"), match).value_or(-1), double(sent), 5000);
    QCOMPARE(store.latest(QStringLiteral("http_request_duration_seconds_count"), match).value_or(-1), double(sent));
    MetricSelector rate;
    rate.kind = MetricKind::RequestRate;
    rate.service = QStringLiteral("test");
    rate.windowMs = 600'000;
    QVERIFY(store.evaluate(rate, store.newestMs()).value_or(0) > 0);
    QCOMPARE(store.evaluate({ MetricKind::InstancesUp, QStringLiteral("test"), {}, 0, {}, 5000 }, store.newestMs())
                 .value_or(0),
        1.0);
    const auto last = rounds.last();
    QCOMPARE(last.at(1).toInt(), 1);
    QCOMPARE(last.at(2).toInt(), 1);
    scraper.stop();
    host->stop();

    // The count is still there after the console restarts.
    TimeSeriesStore reopened(options);
    QVERIFY2(reopened.open(&error), qPrintable(error));
    QCOMPARE(reopened.latest(QStringLiteral("http_requests_total"), match).value_or(-1), double(sent));
}

void TestScraper::followsDiscoveryAndRecordsDownTargets()
{
    auto first
        = makeHost(QStringLiteral("test"), QStringLiteral("test-1"), [] { return std::make_unique<TestService>(); });
    auto second
        = makeHost(QStringLiteral("test"), QStringLiteral("test-2"), [] { return std::make_unique<TestService>(); });
    QString error;
    QVERIFY2(first->start(&error), qPrintable(error));
    QVERIFY2(second->start(&error), qPrintable(error));
    ListSource source;
    source.list = { instanceOf(*first) };
    TimeSeriesStore store;
    Scraper scraper(&store, Scraper::Options { 200, 500 });
    scraper.setInstanceSource(&source, { QStringLiteral("test") });
    scraper.start();
    MetricSelector up { MetricKind::InstancesUp, QStringLiteral("test"), {}, 0, {}, 400 };
    auto upNow = [&] { return store.evaluate(up, QDateTime::currentMSecsSinceEpoch()).value_or(-1); };
    QTRY_COMPARE_WITH_TIMEOUT(upNow(), 1.0, 5000);

    source.list.append(instanceOf(*second));
    Q_EMIT source.changed(QStringLiteral("test"));
    QTRY_COMPARE_WITH_TIMEOUT(upNow(), 2.0, 5000);

    second->kill();
    QTRY_COMPARE_WITH_TIMEOUT(upNow(), 1.0, 5000);
    QTRY_COMPARE_WITH_TIMEOUT(store.latest(QStringLiteral("up"), { { "instance", "test-2" } }).value_or(-1), 0.0, 5000);
    scraper.stop();
}

void TestScraper::topologyEdgesFromCallerCalleeTraffic()
{
    auto backend = makeHost(
        QStringLiteral("catalog"), QStringLiteral("catalog-1"), [] { return std::make_unique<TestService>(); });
    auto front = makeHost(QStringLiteral("cart"), QStringLiteral("cart-1"),
        [] { return std::make_unique<RelayService>(QStringLiteral("catalog")); });
    QString error;
    QVERIFY2(backend->start(&error), qPrintable(error));
    QVERIFY2(front->start(&error), qPrintable(error));
    TimeSeriesStore store;
    Scraper scraper(&store, Scraper::Options { 250, 500 });
    scraper.setStaticTargets({ instanceOf(*backend), instanceOf(*front) });
    TopologyBuilder builder(&store, TopologyBuilder::Options { 60'000, 5000, 0.05 });
    QSignalSpy snapshots(&builder, &TopologyBuilder::snapshotReady);
    connect(&scraper, &Scraper::roundFinished, &builder, [&](qint64 t) { builder.rebuild(t); });
    scraper.start();
    QTRY_VERIFY_WITH_TIMEOUT(snapshots.size() >= 1, 5000);

    const QString query = QStringLiteral("port=%1&path=/items/1").arg(backend->port());
    for (int i = 0; i < 20; ++i)
        QCOMPARE(TestHttp::get(urlOf(*front, QStringLiteral("/relay"), query)).status, 200);
    // Calls to a dependency that is not there: no answer, so they count as errors on a second edge.
    const QString broken = QStringLiteral("port=%1&path=/items/1").arg(closedPort());
    for (int i = 0; i < 5; ++i)
        QCOMPARE(TestHttp::get(urlOf(*front, QStringLiteral("/relay"), broken)).status, 502);

    // Every call was recorded; the edge's rate is over the seconds recorded so far, not the whole window.
    QTRY_COMPARE_WITH_TIMEOUT(
        store.latest(QStringLiteral("http_client_requests_total"), { { "caller", "cart" }, { "callee", "catalog" } })
            .value_or(-1),
        25.0, 5000);
    auto edgeRate = [&] {
        const auto snapshot = builder.build(QDateTime::currentMSecsSinceEpoch());
        for (const auto &edge : snapshot.edges) {
            if (edge.caller == QLatin1String("cart") && edge.callee == QLatin1String("catalog"))
                return edge.rps;
        }
        return -1.0;
    };
    QTRY_VERIFY_WITH_TIMEOUT(edgeRate() > 0, 5000);

    // The queued signal carries the same picture as a value.
    QTRY_VERIFY_WITH_TIMEOUT(qvariant_cast<TopologySnapshot>(snapshots.last().first()).edges.size() == 1, 5000);
    const auto last = builder.build(QDateTime::currentMSecsSinceEpoch());
    QCOMPARE(last.edges.size(), 1);
    QCOMPARE(last.edges[0].errorRatio, 5.0 / 25.0);
    QVERIFY(last.edges[0].p95Ms > 0);
    QCOMPARE(last.nodes.size(), 2);
    QCOMPARE(last.nodes[0].service, QStringLiteral("cart"));
    QCOMPARE(last.nodes[0].instances.size(), 1);
    // cart answered 5 of 25 relays with 502: over the 5 % warning line.
    QCOMPARE(last.nodes[0].health, QStringLiteral("warning"));
    QCOMPARE(last.nodes[1].service, QStringLiteral("catalog"));
    QCOMPARE(last.nodes[1].health, QStringLiteral("passing"));
    QCOMPARE(last.nodes[1].instances[0].port, backend->port());

    backend->kill();
    QTRY_COMPARE_WITH_TIMEOUT(
        builder.build(QDateTime::currentMSecsSinceEpoch()).nodes.value(1).health, QStringLiteral("critical"), 5000);
    scraper.stop();
}

void TestScraper::targetRefusingFineBucketsGetsThePlainPage()
{
    // An exporter that is not Flightdeck and refuses query parameters it does not know, the strict way.
    QTcpServer exporter;
    QVERIFY(exporter.listen(QHostAddress::LocalHost, 0));
    QStringList requestLines;
    connect(&exporter, &QTcpServer::newConnection, this, [&] {
        while (auto *socket = exporter.nextPendingConnection()) {
            connect(socket, &QTcpSocket::readyRead, socket, [&, socket] {
                const QByteArray request = socket->readAll();
                const QByteArray line = request.left(request.indexOf("\r\n"));
                requestLines << QString::fromLatin1(line);
                const QByteArray body = line.contains("buckets=")
                    ? QByteArray("{\"error\":\"unknown parameter\"}")
                    : QByteArray("# TYPE jobs_total counter\njobs_total 42\n");
                socket->write((line.contains("buckets=") ? "HTTP/1.1 400 Bad Request\r\n" : "HTTP/1.1 200 OK\r\n")
                    + QByteArray("Content-Length: ") + QByteArray::number(body.size()) + "\r\n\r\n" + body);
                socket->disconnectFromHost();
            });
            connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
        }
    });
    TimeSeriesStore store;
    Scraper scraper(&store, Scraper::Options { 200, 1000 });
    scraper.setStaticTargets({ ServiceInstance { QStringLiteral("exporter-1"), QStringLiteral("exporter"),
        QStringLiteral("127.0.0.1"), exporter.serverPort(), 1, true } });
    scraper.start();
    QTRY_COMPARE_WITH_TIMEOUT(store.latest(QStringLiteral("jobs_total"), {}).value_or(-1), 42.0, 5000);
    QTRY_VERIFY_WITH_TIMEOUT(requestLines.size() >= 4, 5000);
    scraper.stop();
    // It was asked for fine buckets once, and for its plain page ever after; every round counted it up.
    QCOMPARE(requestLines.filter(QStringLiteral("buckets=fine")).size(), 1);
    QVERIFY(requestLines.first().contains(QStringLiteral("buckets=fine")));
    QCOMPARE(store.latest(QStringLiteral("up"), { { "instance", "exporter-1" } }).value_or(-1), 1.0);
    MetricSelector up { MetricKind::InstancesUp, QStringLiteral("exporter"), {}, 0, {}, 5000 };
    QCOMPARE(store.evaluate(up, store.newestMs()).value_or(-1), 1.0);
}

QTEST_GUILESS_MAIN(TestScraper)
#include "tst_scraper.moc"
