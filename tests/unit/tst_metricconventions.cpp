// Request metrics as other libraries write them, read into Flightdeck's families: one recorded-looking page
// per convention (OpenTelemetry's Prometheus exporter, Micrometer, prometheus_flask_exporter, Go promhttp),
// checked for counts by status, latency buckets by route, the per-instance latency histogram (monitoring
// routes left out), and OpenTelemetry client calls resolved to the callee's service.
#include "telemetry/latencyfamilies.h"
#include "telemetry/metricconventions.h"
#include "telemetry/promparser.h"

#include <QTest>

class TestMetricConventions : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void conventions_data();
    void conventions();
    void openTelemetryClientCallsBecomeEdges();
    void flightdeckPagesStayAsTheyAre();
    void micrometerSummaryCountsWithoutLatency();
    void unknownPagesMatchNothing();
    void declaredFamiliesNameTheConventionBeforeTraffic();
};

namespace {

QList<MetricFamily> parse(const QByteArray &text)
{
    const auto result = PromParser::parse(text);
    if (!result.ok)
        qFatal("test page does not parse: %s", qPrintable(result.error));
    return result.families;
}

// Sum of a converted family's samples whose labels include every given pair.
double sum(const QList<MetricFamily> &families, const QString &sample, const MetricLabels &having = {})
{
    double total = 0;
    for (const auto &family : families) {
        for (const auto &s : family.samples) {
            if (s.name != sample)
                continue;
            const bool match = std::all_of(
                having.cbegin(), having.cend(), [&](const auto &pair) { return s.label(pair.first) == pair.second; });
            total += match ? s.value : 0;
        }
    }
    return total;
}

const QByteArray kOpenTelemetry = R"(# HELP http_server_request_duration_seconds Duration of HTTP server requests.
# TYPE http_server_request_duration_seconds histogram
http_server_request_duration_seconds_bucket{http_request_method="GET",http_response_status_code="200",http_route="/orders/{id}",le="0.005"} 40
http_server_request_duration_seconds_bucket{http_request_method="GET",http_response_status_code="200",http_route="/orders/{id}",le="0.1"} 90
http_server_request_duration_seconds_bucket{http_request_method="GET",http_response_status_code="200",http_route="/orders/{id}",le="+Inf"} 100
http_server_request_duration_seconds_sum{http_request_method="GET",http_response_status_code="200",http_route="/orders/{id}"} 2.5
http_server_request_duration_seconds_count{http_request_method="GET",http_response_status_code="200",http_route="/orders/{id}"} 100
http_server_request_duration_seconds_bucket{http_request_method="POST",http_response_status_code="503",http_route="/orders",le="0.005"} 0
http_server_request_duration_seconds_bucket{http_request_method="POST",http_response_status_code="503",http_route="/orders",le="0.1"} 5
http_server_request_duration_seconds_bucket{http_request_method="POST",http_response_status_code="503",http_route="/orders",le="+Inf"} 10
http_server_request_duration_seconds_sum{http_request_method="POST",http_response_status_code="503",http_route="/orders"} 1.5
http_server_request_duration_seconds_count{http_request_method="POST",http_response_status_code="503",http_route="/orders"} 10
http_server_request_duration_seconds_bucket{http_request_method="GET",http_response_status_code="200",http_route="/metrics",le="0.005"} 7
http_server_request_duration_seconds_bucket{http_request_method="GET",http_response_status_code="200",http_route="/metrics",le="0.1"} 7
http_server_request_duration_seconds_bucket{http_request_method="GET",http_response_status_code="200",http_route="/metrics",le="+Inf"} 7
http_server_request_duration_seconds_sum{http_request_method="GET",http_response_status_code="200",http_route="/metrics"} 0.01
http_server_request_duration_seconds_count{http_request_method="GET",http_response_status_code="200",http_route="/metrics"} 7
# TYPE target_info gauge
target_info{service_name="orders",telemetry_sdk_language="go"} 1
)";

const QByteArray kMicrometer = R"(# HELP http_server_requests_seconds
# TYPE http_server_requests_seconds histogram
http_server_requests_seconds_bucket{error="none",exception="none",method="GET",outcome="SUCCESS",status="200",uri="/orders/{id}",le="0.005"} 40.0
http_server_requests_seconds_bucket{error="none",exception="none",method="GET",outcome="SUCCESS",status="200",uri="/orders/{id}",le="0.1"} 90.0
http_server_requests_seconds_bucket{error="none",exception="none",method="GET",outcome="SUCCESS",status="200",uri="/orders/{id}",le="+Inf"} 100.0
http_server_requests_seconds_count{error="none",exception="none",method="GET",outcome="SUCCESS",status="200",uri="/orders/{id}"} 100.0
http_server_requests_seconds_sum{error="none",exception="none",method="GET",outcome="SUCCESS",status="200",uri="/orders/{id}"} 2.5
http_server_requests_seconds_bucket{error="none",exception="IOException",method="POST",outcome="SERVER_ERROR",status="503",uri="/orders",le="0.005"} 0.0
http_server_requests_seconds_bucket{error="none",exception="IOException",method="POST",outcome="SERVER_ERROR",status="503",uri="/orders",le="0.1"} 5.0
http_server_requests_seconds_bucket{error="none",exception="IOException",method="POST",outcome="SERVER_ERROR",status="503",uri="/orders",le="+Inf"} 10.0
http_server_requests_seconds_count{error="none",exception="IOException",method="POST",outcome="SERVER_ERROR",status="503",uri="/orders"} 10.0
http_server_requests_seconds_sum{error="none",exception="IOException",method="POST",outcome="SERVER_ERROR",status="503",uri="/orders"} 1.5
# HELP jvm_threads_live_threads The current number of live threads
# TYPE jvm_threads_live_threads gauge
jvm_threads_live_threads 31.0
)";

const QByteArray kFlask = R"(# HELP flask_http_request_duration_seconds Flask HTTP request duration in seconds
# TYPE flask_http_request_duration_seconds histogram
flask_http_request_duration_seconds_bucket{le="0.005",method="GET",path="/orders/<id>",status="200"} 40.0
flask_http_request_duration_seconds_bucket{le="0.1",method="GET",path="/orders/<id>",status="200"} 90.0
flask_http_request_duration_seconds_bucket{le="+Inf",method="GET",path="/orders/<id>",status="200"} 100.0
flask_http_request_duration_seconds_count{method="GET",path="/orders/<id>",status="200"} 100.0
flask_http_request_duration_seconds_sum{method="GET",path="/orders/<id>",status="200"} 2.5
flask_http_request_duration_seconds_bucket{le="0.005",method="POST",path="/orders",status="503"} 0.0
flask_http_request_duration_seconds_bucket{le="0.1",method="POST",path="/orders",status="503"} 5.0
flask_http_request_duration_seconds_bucket{le="+Inf",method="POST",path="/orders",status="503"} 10.0
flask_http_request_duration_seconds_count{method="POST",path="/orders",status="503"} 10.0
flask_http_request_duration_seconds_sum{method="POST",path="/orders",status="503"} 1.5
# HELP flask_http_request_total Total number of HTTP requests
# TYPE flask_http_request_total counter
flask_http_request_total{method="GET",status="200"} 100.0
flask_http_request_total{method="POST",status="503"} 10.0
)";

const QByteArray kPromhttp = R"(# HELP http_requests_total Count of all HTTP requests
# TYPE http_requests_total counter
http_requests_total{code="200",handler="/orders/{id}",method="get"} 100
http_requests_total{code="503",handler="/orders",method="post"} 10
# HELP http_request_duration_seconds Duration of all HTTP requests
# TYPE http_request_duration_seconds histogram
http_request_duration_seconds_bucket{code="200",handler="/orders/{id}",method="get",le="0.005"} 40
http_request_duration_seconds_bucket{code="200",handler="/orders/{id}",method="get",le="0.1"} 90
http_request_duration_seconds_bucket{code="200",handler="/orders/{id}",method="get",le="+Inf"} 100
http_request_duration_seconds_sum{code="200",handler="/orders/{id}",method="get"} 2.5
http_request_duration_seconds_count{code="200",handler="/orders/{id}",method="get"} 100
http_request_duration_seconds_bucket{code="503",handler="/orders",method="post",le="0.005"} 0
http_request_duration_seconds_bucket{code="503",handler="/orders",method="post",le="0.1"} 5
http_request_duration_seconds_bucket{code="503",handler="/orders",method="post",le="+Inf"} 10
http_request_duration_seconds_sum{code="503",handler="/orders",method="post"} 1.5
http_request_duration_seconds_count{code="503",handler="/orders",method="post"} 10
# TYPE go_goroutines gauge
go_goroutines 12
)";

} // namespace

void TestMetricConventions::conventions_data()
{
    QTest::addColumn<QByteArray>("page");
    QTest::addColumn<QString>("convention");
    QTest::addColumn<QString>("itemRoute");
    QTest::addColumn<QString>("keptFamily"); // one of the page's other families, which must stay
    QTest::newRow("OpenTelemetry") << kOpenTelemetry << QStringLiteral("OpenTelemetry HTTP")
                                   << QStringLiteral("/orders/{id}") << QStringLiteral("target_info");
    QTest::newRow("Micrometer") << kMicrometer << QStringLiteral("Micrometer (Spring Boot)")
                                << QStringLiteral("/orders/{id}") << QStringLiteral("jvm_threads_live_threads");
    QTest::newRow("Flask") << kFlask << QStringLiteral("prometheus_flask_exporter") << QStringLiteral("/orders/<id>")
                           << QStringLiteral("flask_http_request_total");
    QTest::newRow("promhttp") << kPromhttp << QStringLiteral("Go promhttp") << QStringLiteral("/orders/{id}")
                              << QStringLiteral("go_goroutines");
}

void TestMetricConventions::conventions()
{
    QFETCH(QByteArray, page);
    QFETCH(QString, convention);
    QFETCH(QString, itemRoute);
    QFETCH(QString, keptFamily);
    const auto reading = MetricConventions::read(parse(page), QStringLiteral("orders"));
    QCOMPARE(reading.server, convention);
    const auto &families = reading.families;
    // Counts by status, route and method, in Flightdeck's label names: 100 answered, 10 failed (and the
    // scrapes' own /metrics requests, which the store leaves out of rates as it does for our services).
    const auto requests = QStringLiteral("http_requests_total");
    const double scrapes = sum(families, requests, { { QStringLiteral("route"), QStringLiteral("/metrics") } });
    QCOMPARE(sum(families, requests, { { QStringLiteral("status"), QStringLiteral("200") } }) - scrapes, 100.0);
    QCOMPARE(sum(families, requests, { { QStringLiteral("status"), QStringLiteral("503") } }), 10.0);
    QCOMPARE(sum(families, requests, { { QStringLiteral("route"), itemRoute } }), 100.0);
    QVERIFY(sum(families, requests, { { QStringLiteral("method"), QStringLiteral("POST") } })
            + sum(families, requests, { { QStringLiteral("method"), QStringLiteral("post") } })
        == 10.0);
    // Per-route latency buckets, and the instance's one histogram: both routes, not /metrics.
    QCOMPARE(sum(families, QStringLiteral("http_request_duration_seconds_bucket"),
                 { { QStringLiteral("route"), itemRoute }, { QStringLiteral("le"), QStringLiteral("0.1") } }),
        90.0);
    const auto aggregate = LatencyFamilies::server();
    QCOMPARE(
        sum(families, aggregate + QLatin1String("_bucket"), { { QStringLiteral("le"), QStringLiteral("0.1") } }), 95.0);
    QCOMPARE(sum(families, aggregate + QLatin1String("_bucket"), { { QStringLiteral("le"), QStringLiteral("+Inf") } }),
        110.0);
    QCOMPARE(sum(families, aggregate + QLatin1String("_count")), 110.0);
    QCOMPARE(sum(families, aggregate + QLatin1String("_sum")), 4.0);
    QVERIFY(
        std::any_of(families.cbegin(), families.cend(), [&](const MetricFamily &f) { return f.name == keptFamily; }));
    // promhttp's own http_requests_total (code, handler) is replaced, not kept beside the converted one.
    for (const auto &family : families)
        for (const auto &sample : family.samples)
            QVERIFY2(
                sample.name != requests || sample.label(QStringLiteral("code")).isEmpty(), qPrintable(sample.name));
}

void TestMetricConventions::openTelemetryClientCallsBecomeEdges()
{
    const QByteArray page = R"(# TYPE http_client_request_duration_seconds histogram
http_client_request_duration_seconds_bucket{http_request_method="GET",http_response_status_code="200",server_address="127.0.0.1",server_port="9090",le="0.1"} 8
http_client_request_duration_seconds_bucket{http_request_method="GET",http_response_status_code="200",server_address="127.0.0.1",server_port="9090",le="+Inf"} 10
http_client_request_duration_seconds_count{http_request_method="GET",http_response_status_code="200",server_address="127.0.0.1",server_port="9090"} 10
http_client_request_duration_seconds_sum{http_request_method="GET",http_response_status_code="200",server_address="127.0.0.1",server_port="9090"} 0.4
http_client_request_duration_seconds_bucket{http_request_method="POST",http_response_status_code="500",server_address="api.payments.example",server_port="443",le="0.1"} 1
http_client_request_duration_seconds_bucket{http_request_method="POST",http_response_status_code="500",server_address="api.payments.example",server_port="443",le="+Inf"} 2
http_client_request_duration_seconds_count{http_request_method="POST",http_response_status_code="500",server_address="api.payments.example",server_port="443"} 2
http_client_request_duration_seconds_sum{http_request_method="POST",http_response_status_code="500",server_address="api.payments.example",server_port="443"} 0.3
)";
    const auto reading = MetricConventions::read(
        parse(page), QStringLiteral("orders"), [](const QString &address, const QString &port) {
            return address == QLatin1String("127.0.0.1") && port == QLatin1String("9090") ? QStringLiteral("inventory")
                                                                                          : QString();
        });
    QCOMPARE(reading.client, QStringLiteral("OpenTelemetry HTTP"));
    QVERIFY(reading.server.isEmpty());
    const auto calls = QStringLiteral("http_client_requests_total");
    QCOMPARE(sum(reading.families, calls,
                 { { QStringLiteral("caller"), QStringLiteral("orders") },
                     { QStringLiteral("callee"), QStringLiteral("inventory") } }),
        10.0);
    // An address no registered instance has: an outside dependency, named by its address.
    QCOMPARE(sum(reading.families, calls,
                 { { QStringLiteral("callee"), QStringLiteral("api.payments.example:443") },
                     { QStringLiteral("status"), QStringLiteral("500") } }),
        2.0);
    QCOMPARE(sum(reading.families, LatencyFamilies::client() + QLatin1String("_bucket"),
                 { { QStringLiteral("callee"), QStringLiteral("inventory") },
                     { QStringLiteral("le"), QStringLiteral("0.1") } }),
        8.0);
}

void TestMetricConventions::flightdeckPagesStayAsTheyAre()
{
    const QByteArray page = R"(# TYPE http_requests_total counter
http_requests_total{route="/cart",method="GET",status="200"} 5
# TYPE http_client_requests_total counter
http_client_requests_total{caller="cart",callee="catalog",route="/items",method="GET",status="200"} 3
)";
    const auto families = parse(page);
    const auto reading = MetricConventions::read(families, QStringLiteral("cart"));
    QCOMPARE(reading.server, QStringLiteral("Flightdeck"));
    QCOMPARE(reading.client, QStringLiteral("Flightdeck"));
    QCOMPARE(reading.families.size(), families.size());
    QCOMPARE(sum(reading.families, QStringLiteral("http_requests_total")), 5.0);
}

void TestMetricConventions::micrometerSummaryCountsWithoutLatency()
{
    // Micrometer's default is a summary: counts and sums, no buckets. Rates and errors are read; no latency
    // histogram is made up.
    const QByteArray page = R"(# TYPE http_server_requests_seconds summary
http_server_requests_seconds_count{method="GET",status="200",uri="/a"} 12.0
http_server_requests_seconds_sum{method="GET",status="200",uri="/a"} 0.6
)";
    const auto reading = MetricConventions::read(parse(page), QStringLiteral("a"));
    QCOMPARE(reading.server, QStringLiteral("Micrometer (Spring Boot)"));
    QCOMPARE(sum(reading.families, QStringLiteral("http_requests_total")), 12.0);
    QCOMPARE(sum(reading.families, LatencyFamilies::server() + QLatin1String("_count")), 0.0);
}

void TestMetricConventions::unknownPagesMatchNothing()
{
    const QByteArray page = "# TYPE queue_depth gauge\nqueue_depth 4\n# TYPE jobs_total counter\njobs_total 9\n";
    const auto reading = MetricConventions::read(parse(page), QStringLiteral("worker"));
    QVERIFY(reading.server.isEmpty());
    QVERIFY(reading.client.isEmpty());
    QCOMPARE(reading.families.size(), 2);
}

void TestMetricConventions::declaredFamiliesNameTheConventionBeforeTraffic()
{
    // What the Prometheus client library writes for a labelled histogram that has observed nothing yet.
    const QByteArray page = "# HELP http_server_request_duration_seconds Duration of HTTP server requests.\n"
                            "# TYPE http_server_request_duration_seconds histogram\n"
                            "# TYPE queue_depth gauge\nqueue_depth 4\n";
    const auto reading = MetricConventions::read(parse(page), QStringLiteral("shop"));
    QCOMPARE(reading.server, QStringLiteral("OpenTelemetry HTTP"));
    for (const auto &family : reading.families)
        QVERIFY2(family.name != QLatin1String("http_requests_total") || family.samples.isEmpty(),
            "no requests were made up");
}

QTEST_GUILESS_MAIN(TestMetricConventions)
#include "tst_metricconventions.moc"
