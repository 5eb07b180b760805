// Long polls (Consul blocking queries) are requests, but how long they were held open is not a latency: a
// registry whose watchers wait 1.5 s must still read its real, millisecond percentiles in the store, the
// topology and the alert values.
#include "httptestclient.h"
#include "runtime/servicehost.h"
#include "telemetry/promparser.h"
#include "telemetry/scraper.h"
#include "telemetry/timeseriesstore.h"
#include "telemetry/topologybuilder.h"
#include "testhosts.h"

#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSignalSpy>
#include <QTest>

namespace {

constexpr int kWatchers = 6;
constexpr int kWaitMs = 1500;

// Watchers the way DiscoveryClient watches: a blocking query, and the next one as soon as it answers.
class Watchers : public QObject
{
public:
    Watchers(QUrl base, QByteArray index)
        : m_base(std::move(base))
        , m_index(std::move(index))
    { }
    void start()
    {
        for (int i = 0; i < kWatchers; ++i)
            poll();
    }
    void stop() { m_stopped = true; }
    int answered() const { return m_answered; }
    int running() const { return m_running; }

private:
    void poll()
    {
        auto url = TestHosts::at(m_base,
            QStringLiteral("/v1/health/service/watched?index=%1&wait=%2ms")
                .arg(QString::fromLatin1(m_index))
                .arg(kWaitMs));
        QNetworkRequest request(url);
        request.setTransferTimeout(kWaitMs * 4);
        auto *reply = m_network.get(request);
        ++m_running;
        connect(reply, &QNetworkReply::finished, this, [this, reply] {
            reply->deleteLater();
            --m_running;
            if (reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt() == 200)
                ++m_answered;
            if (!m_stopped)
                poll();
        });
    }

    QNetworkAccessManager m_network;
    QUrl m_base;
    QByteArray m_index;
    int m_answered = 0;
    int m_running = 0;
    bool m_stopped = false;
};

MetricSelector quantileOf(const QString &service, double q)
{
    MetricSelector selector;
    selector.kind = MetricKind::LatencyQuantile;
    selector.service = service;
    selector.quantile = q;
    selector.windowMs = 60'000;
    return selector;
}

} // namespace

class TestLongPollLatency : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void blockingQueriesStayOutOfLatency();
};

void TestLongPollLatency::blockingQueriesStayOutOfLatency()
{
    auto registry = TestHosts::startRegistry();
    QVERIFY(registry);
    const QString service = registry->serviceName();
    TimeSeriesStore store;
    Scraper scraper(&store, Scraper::Options { 250, 1000 });
    QSignalSpy rounds(&scraper, &Scraper::roundFinished);
    scraper.setStaticTargets({ TestHosts::instanceOf(*registry) });
    scraper.start();
    QTRY_VERIFY_WITH_TIMEOUT(rounds.size() >= 1, 5000);

    const auto first = TestHttp::get(TestHosts::urlOf(*registry, QStringLiteral("/v1/health/service/watched")));
    QCOMPARE(first.status, 200);
    const QByteArray index = first.header("X-Consul-Index");
    QVERIFY(!index.isEmpty());

    // Nothing changes in the registry, so every blocking query waits its full 1.5 s.
    Watchers watchers(registry->baseUrl(), index);
    watchers.start();
    // Ordinary reads while the watchers wait: these are what the registry's latency is made of.
    int normal = 1;
    for (int i = 0; i < 50; ++i) {
        for (const auto *path : { "/v1/agent/self", "/v1/catalog/services", "/v1/health/service/watched" }) {
            QCOMPARE(TestHttp::get(TestHosts::urlOf(*registry, QString::fromLatin1(path))).status, 200);
            ++normal;
        }
    }
    QTRY_VERIFY_WITH_TIMEOUT(watchers.answered() >= 3 * kWatchers, 6 * kWaitMs);
    watchers.stop();
    QTRY_COMPARE_WITH_TIMEOUT(watchers.running(), 0, kWaitMs * 4);
    const int answeredPolls = watchers.answered();
    const int scrapesBefore = int(rounds.size());
    QTRY_VERIFY_WITH_TIMEOUT(rounds.size() > scrapesBefore + 1, 5000);
    scraper.stop();

    // Long polls are a few percent of the requests here, enough to be the p95 and the p99 if they counted.
    QVERIFY(answeredPolls * 100 > 5 * (answeredPolls + normal));
    const qint64 now = store.newestMs();
    const auto p99 = store.evaluate(quantileOf(service, 0.99), now);
    const auto p95 = store.evaluate(quantileOf(service, 0.95), now);
    QVERIFY(p99.has_value() && p95.has_value());
    qInfo("registry p95 %.2f ms, p99 %.2f ms over %d reads and %d long polls", *p95, *p99, normal, answeredPolls);
    QVERIFY2(*p99 < kWaitMs / 3.0, qPrintable(QStringLiteral("p99 %1 ms reads a blocking query's wait").arg(*p99)));

    // The topology reads the same figures.
    TopologyBuilder builder(&store, TopologyBuilder::Options { 60'000, 5'000, 0.05 });
    const auto snapshot = builder.build(now);
    QCOMPARE(snapshot.nodes.size(), 1);
    QVERIFY2(snapshot.nodes.first().p95Ms < kWaitMs / 3.0,
        qPrintable(QStringLiteral("node p95 %1 ms").arg(snapshot.nodes.first().p95Ms)));

    // Still counted: as requests, and on their own counter.
    const MetricLabels watched { { QStringLiteral("route"), QStringLiteral("/v1/health/service/{name}") } };
    QCOMPARE(store.latest(QStringLiteral("http_long_polls_total"), watched).value_or(-1), double(answeredPolls));
    QVERIFY(store.latest(QStringLiteral("http_requests_total"), watched).value_or(-1) >= answeredPolls + 1);

    // And the default page (what Prometheus scrapes) has no waiting time in its histograms either.
    const auto page = TestHttp::get(TestHosts::urlOf(*registry, QStringLiteral("/metrics")));
    QCOMPARE(page.status, 200);
    const auto parsed = PromParser::parse(page.body);
    QVERIFY2(parsed.ok, qPrintable(parsed.error));
    double waited = 0;
    for (const auto &family : parsed.families) {
        for (const auto &sample : family.samples) {
            if (sample.name.endsWith(QLatin1String("_sum")))
                waited += sample.value;
        }
    }
    QVERIFY2(waited < answeredPolls * kWaitMs / 1000.0 / 3,
        qPrintable(QStringLiteral("%1 s of latency recorded").arg(waited)));
}

QTEST_GUILESS_MAIN(TestLongPollLatency)
#include "tst_longpolllatency.moc"
