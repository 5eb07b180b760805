#include "httptestclient.h"
#include "relayservice.h"
#include "runtime/servicehost.h"
#include "telemetry/promparser.h"
#include "testservice.h"

#include <memory>
#include <QProcess>
#include <QStandardPaths>
#include <QTest>

namespace {

std::unique_ptr<ServiceHost> makeHost(const QString &service, const QString &id, ServiceFactory factory)
{
    ServiceHostConfig config;
    config.serviceName = service;
    config.instanceId = id;
    return std::make_unique<ServiceHost>(config, std::move(factory));
}

QUrl urlOf(const ServiceHost &host, const QString &path, const QString &query = {})
{
    auto url = host.baseUrl();
    url.setPath(path);
    if (!query.isEmpty())
        url.setQuery(query);
    return url;
}

double sampleValue(const PromParser::Result &parsed, const QString &name, const MetricLabels &labels)
{
    for (const auto &family : parsed.families) {
        for (const auto &sample : family.samples) {
            if (sample.name != name)
                continue;
            bool all = true;
            for (const auto &[key, value] : labels)
                all = all && sample.label(key) == value;
            if (all)
                return sample.value;
        }
    }
    return -1;
}

} // namespace

class TestMetricsEndpoint : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void countsRequestsPerRouteMethodStatus();
    void clientCallsCarryCallerAndCallee();
    void promtoolAcceptsRealOutput();
    void unknownBucketsParameterIsRejected();
    void cleanupTestCase();

private:
    std::unique_ptr<ServiceHost> m_backend;
    std::unique_ptr<ServiceHost> m_relay;
};

void TestMetricsEndpoint::initTestCase()
{
    m_backend
        = makeHost(QStringLiteral("test"), QStringLiteral("test-1"), [] { return std::make_unique<TestService>(); });
    m_relay = makeHost(QStringLiteral("relay"), QStringLiteral("relay-1"),
        [] { return std::make_unique<RelayService>(QStringLiteral("test")); });
    QString error;
    QVERIFY2(m_backend->start(&error), qPrintable(error));
    QVERIFY2(m_relay->start(&error), qPrintable(error));
}

void TestMetricsEndpoint::countsRequestsPerRouteMethodStatus()
{
    for (int i = 0; i < 23; ++i)
        QCOMPARE(TestHttp::get(urlOf(*m_backend, QStringLiteral("/items/%1").arg(i))).status, 200);
    for (int i = 0; i < 4; ++i)
        QCOMPARE(TestHttp::get(urlOf(*m_backend, QStringLiteral("/nothing/here"))).status, 404);
    QCOMPARE(TestHttp::request("DELETE", urlOf(*m_backend, QStringLiteral("/items/1"))).status, 405);

    const auto response = TestHttp::get(urlOf(*m_backend, QStringLiteral("/metrics")));
    QCOMPARE(response.status, 200);
    QVERIFY(response.header("content-type").startsWith("text/plain; version=0.0.4"));
    const auto parsed = PromParser::parse(response.body);
    QVERIFY2(parsed.ok, qPrintable(parsed.error));

    const QString total = QStringLiteral("http_requests_total");
    QCOMPARE(
        sampleValue(parsed, total, { { "route", "/items/{id}" }, { "method", "GET" }, { "status", "200" } }), 23.0);
    QCOMPARE(sampleValue(parsed, total, { { "route", "(unmatched)" }, { "method", "GET" }, { "status", "404" } }), 4.0);
    QCOMPARE(
        sampleValue(parsed, total, { { "route", "(unmatched)" }, { "method", "DELETE" }, { "status", "405" } }), 1.0);
    QCOMPARE(sampleValue(parsed, QStringLiteral("http_request_duration_seconds_count"),
                 { { "route", "/items/{id}" }, { "method", "GET" }, { "status", "200" } }),
        23.0);
    QCOMPARE(sampleValue(parsed, QStringLiteral("http_request_duration_seconds_bucket"),
                 { { "route", "/items/{id}" }, { "method", "GET" }, { "status", "200" }, { "le", "+Inf" } }),
        23.0);
    // The /metrics request itself is in flight while the page is written.
    QCOMPARE(sampleValue(parsed, QStringLiteral("http_requests_in_flight"), { { "route", "/metrics" } }), 1.0);
    QCOMPARE(sampleValue(parsed, QStringLiteral("http_requests_in_flight"), { { "route", "/items/{id}" } }), 0.0);
    QCOMPARE(sampleValue(parsed, QStringLiteral("flightdeck_instance_info"),
                 { { "service", "test" }, { "instance_id", "test-1" } }),
        1.0);
}

void TestMetricsEndpoint::clientCallsCarryCallerAndCallee()
{
    const QString port = QString::number(m_backend->port());
    for (int i = 0; i < 5; ++i)
        QCOMPARE(
            TestHttp::get(urlOf(*m_relay, QStringLiteral("/relay"), QStringLiteral("port=%1&path=/items/7").arg(port)))
                .status,
            200);
    QCOMPARE(TestHttp::get(urlOf(*m_relay, QStringLiteral("/relay"), QStringLiteral("port=%1&path=/missing").arg(port)))
                 .status,
        404);

    const auto parsed = PromParser::parse(TestHttp::get(urlOf(*m_relay, QStringLiteral("/metrics"))).body);
    QVERIFY2(parsed.ok, qPrintable(parsed.error));
    const QString total = QStringLiteral("http_client_requests_total");
    QCOMPARE(sampleValue(parsed, total,
                 { { "caller", "relay" }, { "callee", "test" }, { "route", "/items/7" }, { "status", "200" } }),
        5.0);
    QCOMPARE(sampleValue(parsed, total,
                 { { "caller", "relay" }, { "callee", "test" }, { "route", "/missing" }, { "status", "404" } }),
        1.0);
    QCOMPARE(sampleValue(parsed, QStringLiteral("http_client_request_duration_seconds_count"),
                 { { "caller", "relay" }, { "route", "/items/7" } }),
        5.0);
}

void TestMetricsEndpoint::promtoolAcceptsRealOutput()
{
    const QString promtool = QStandardPaths::findExecutable(QStringLiteral("promtool"));
    if (promtool.isEmpty())
        QFAIL("promtool not found: ./dev installs the Debian 'prometheus' package");
    // Output from both instances: server metrics, histograms, in-flight gauges and client call metrics.
    // Both the default page and the one with fine latency buckets (sparse, changing bounds) the console reads.
    const QList<QPair<const ServiceHost *, bool>> pages { { m_backend.get(), false }, { m_relay.get(), false },
        { m_backend.get(), true }, { m_relay.get(), true } };
    for (const auto &[host, fine] : pages) {
        const auto response = TestHttp::get(
            urlOf(*host, QStringLiteral("/metrics"), fine ? QStringLiteral("buckets=fine") : QString()));
        QCOMPARE(response.status, 200);
        QVERIFY(response.body.contains("http_request_duration_seconds_bucket"));
        if (fine) // the bounds of the non-empty 1 % buckets come on top of the coarse ones
            QVERIFY(response.body.count("_bucket{")
                > TestHttp::get(urlOf(*host, QStringLiteral("/metrics"))).body.count("_bucket{"));
        QProcess process;
        process.start(promtool, { QStringLiteral("check"), QStringLiteral("metrics") });
        QVERIFY(process.waitForStarted(10000));
        process.write(response.body);
        process.closeWriteChannel();
        QVERIFY(process.waitForFinished(30000));
        const QByteArray report = process.readAllStandardOutput() + process.readAllStandardError();
        QVERIFY2(process.exitStatus() == QProcess::NormalExit && process.exitCode() == 0,
            qPrintable(QString::fromUtf8(report + "\n---\n" + response.body)));
        QVERIFY2(report.trimmed().isEmpty(), report.constData()); // no lint warnings either
    }
}

void TestMetricsEndpoint::unknownBucketsParameterIsRejected()
{
    const auto response = TestHttp::get(urlOf(*m_backend, QStringLiteral("/metrics"), QStringLiteral("buckets=all")));
    QCOMPARE(response.status, 400);
    QVERIFY(response.body.contains("\"code\":\"bad_request\""));
    QCOMPARE(
        TestHttp::get(urlOf(*m_backend, QStringLiteral("/metrics"), QStringLiteral("buckets=coarse"))).status, 200);
}

void TestMetricsEndpoint::cleanupTestCase()
{
    m_relay->stop();
    m_backend->stop();
}

QTEST_GUILESS_MAIN(TestMetricsEndpoint)
#include "tst_metricsendpoint.moc"
