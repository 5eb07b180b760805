// A service we did not write, as a user brings it: the example Flask cart (examples/flask-cart), a real
// Python process that registers itself through python-consul2 with a TTL check and exports OpenTelemetry-named
// metrics with the Prometheus client library. The console follows the registry, so the service is monitored
// without any configuration; its numbers must be the service's own: the request count exactly (after the last
// scrape), the error ratio and the median within 2 % of what its own histogram says. It is on the graph with
// its edge to the catalog, in the charts, in the JSON and PDF reports, and shown as gone, then dropped, when
// it deregisters. Its logs, shipped through Python's SysLogHandler over UDP and TCP to the intake the registry
// lists, are in the console's log hub as that instance's.
#include "client/instancedirectory.h"
#include "httptestclient.h"
#include "logintake/logintakeservice.h"
#include "runtime/monitor.h"
#include "runtime/servicehost.h"
#include "telemetry/chartquery.h"
#include "telemetry/loghub.h"
#include "telemetry/promparser.h"
#include "telemetry/timeseriesstore.h"
#include "telemetry/topologybuilder.h"
#include "testhosts.h"
#include "testprocess.h"
#include "testservice.h"

#include <algorithm>
#include <QDateTime>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

namespace {

const QString kService = QStringLiteral("shop-cart");

QString example(const QString &name)
{
    return QDir(TestProcess::env("FLIGHTDECK_SOURCE_DIR")).filePath(QStringLiteral("examples/flask-cart/") + name);
}

// What the service's own /metrics says: requests (of the cart route), 5xx among them, and the median by
// linear interpolation in its cumulative buckets (as Prometheus's histogram_quantile does).
struct OwnFigures
{
    double requests = -1;
    double errors = 0;
    double p50Ms = 0;
};

OwnFigures ownFigures(quint16 port)
{
    OwnFigures figures;
    const auto page = TestHttp::get(QUrl(QStringLiteral("http://127.0.0.1:%1/metrics").arg(port)));
    if (page.status != 200)
        return figures;
    const auto parsed = PromParser::parse(page.body);
    QMap<double, double> cumulative; // le -> count, summed over every status and method
    figures.requests = 0;
    for (const auto &family : parsed.families) {
        if (family.name != QLatin1String("http_server_request_duration_seconds"))
            continue;
        for (const auto &sample : family.samples) {
            if (sample.name.endsWith(QLatin1String("_count"))) {
                figures.requests += sample.value;
                if (sample.label(QStringLiteral("http_response_status_code")).startsWith(QLatin1Char('5')))
                    figures.errors += sample.value;
            } else if (sample.name.endsWith(QLatin1String("_bucket"))) {
                const auto le = sample.label(QStringLiteral("le"));
                cumulative[le == QLatin1String("+Inf") ? qInf() : le.toDouble()] += sample.value;
            }
        }
    }
    const double rank = figures.requests * 0.5;
    double lower = 0, below = 0;
    for (auto it = cumulative.cbegin(); it != cumulative.cend(); ++it) {
        if (it.value() >= rank) {
            const double upper = qIsInf(it.key()) ? lower : it.key();
            const double inBucket = it.value() - below;
            figures.p50Ms = 1000.0 * (lower + (upper - lower) * (inBucket > 0 ? (rank - below) / inBucket : 0));
            break;
        }
        lower = it.key();
        below = it.value();
    }
    return figures;
}

bool near(double a, double b, double relative)
{
    return std::abs(a - b) <= relative * std::max(std::abs(a), std::abs(b));
}

} // namespace

class TestExampleService : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void monitoredWithItsOwnNumbers();

private:
    std::optional<TargetStatus> target() const;
    const TopologyNode *node(const TopologySnapshot &snapshot) const;

    QTemporaryDir m_dir;
    std::unique_ptr<ServiceHost> m_registry;
    std::unique_ptr<ServiceHost> m_catalog;
    std::unique_ptr<Monitor> m_monitor;
    std::unique_ptr<ServiceHost> m_intake;
    QProcess m_service;
    quint16 m_port = 0;
};

void TestExampleService::initTestCase()
{
    QVERIFY(m_dir.isValid());
    for (const char *module : { "flask", "prometheus_client", "consul", "requests" }) {
        const auto probe = TestProcess::run(
            QStringLiteral("/usr/bin/python3"), { QStringLiteral("-c"), QStringLiteral("import %1").arg(module) });
        QVERIFY2(probe.ok(), qPrintable(QStringLiteral("Debian's python3 module %1 is needed").arg(module)));
    }
    m_registry = TestHosts::startRegistry();
    QVERIFY(m_registry);
    // The catalog the example asks about items: registered as any other service would register it.
    m_catalog = TestHosts::make(
        QStringLiteral("catalog"), QStringLiteral("catalog-1"), [] { return std::make_unique<TestService>(); });
    QString error;
    QVERIFY2(m_catalog->start(&error), qPrintable(error));
    const auto registered
        = TestHttp::request("PUT", TestHosts::urlOf(*m_registry, QStringLiteral("/v1/agent/service/register")),
            QStringLiteral(R"({"Name": "catalog", "ID": "catalog-1", "Address": "127.0.0.1", "Port": %1})")
                .arg(m_catalog->port())
                .toUtf8());
    QCOMPARE(registered.status, 200);

    Monitor::Options options;
    options.dataDir = m_dir.path();
    options.registryUrl = m_registry->baseUrl();
    options.scrapeIntervalMs = 250;
    m_monitor = std::make_unique<Monitor>(options);
    QVERIFY(m_monitor->start());

    // The console's log intake, registered as the app registers it: the example finds it in the catalog.
    ServiceHostConfig intake;
    intake.serviceName = LogIntakeService::kServiceName;
    intake.instanceId = LogIntakeService::kServiceName;
    intake.registryUrl = m_registry->baseUrl();
    auto hub = m_monitor->sharedLogHub();
    auto directory = m_monitor->instanceDirectory();
    m_intake = std::make_unique<ServiceHost>(
        intake, [hub, directory] { return std::make_unique<LogIntakeService>(LogIntake::Options {}, hub, directory); });
    QVERIFY2(m_intake->start(&error), qPrintable(error));
    QTRY_VERIFY_WITH_TIMEOUT(
        !TestHosts::passingIds(m_registry->baseUrl(), LogIntakeService::kServiceName).isEmpty(), 5000);
}

void TestExampleService::cleanupTestCase()
{
    if (m_service.state() != QProcess::NotRunning) {
        m_service.kill();
        m_service.waitForFinished(5000);
    }
    m_intake.reset();
    if (m_monitor)
        m_monitor->stop();
    m_monitor.reset();
    m_catalog.reset();
    m_registry.reset();
}

std::optional<TargetStatus> TestExampleService::target() const
{
    for (const auto &status : m_monitor->store()->targets()) {
        if (status.target.service == kService)
            return status;
    }
    return std::nullopt;
}

const TopologyNode *TestExampleService::node(const TopologySnapshot &snapshot) const
{
    for (const auto &node : snapshot.nodes) {
        if (node.service == kService)
            return &node;
    }
    return nullptr;
}

void TestExampleService::monitoredWithItsOwnNumbers()
{
    const qint64 fromMs = QDateTime::currentMSecsSinceEpoch() / 1000 * 1000 - 1000;
    // Its logs go to stderr; stdout says only where it listens.
    m_service.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    m_service.start(QStringLiteral("/usr/bin/python3"),
        { example(QStringLiteral("cart_service.py")), QStringLiteral("--registry"), m_registry->baseUrl().toString(),
            QStringLiteral("--error-every"), QStringLiteral("10"), QStringLiteral("--syslog"), QStringLiteral("udp") });
    QVERIFY(m_service.waitForStarted(5000));
    QElapsedTimer sinceListening;
    QTRY_VERIFY_WITH_TIMEOUT(m_service.canReadLine() || m_service.state() == QProcess::NotRunning, 15000);
    const auto line = m_service.readLine().trimmed();
    QVERIFY2(line.startsWith("listening "), line.constData());
    sinceListening.start();
    m_port = quint16(line.mid(10).toUInt());
    QVERIFY(m_port > 0);

    // Registered, followed and scraped within 2 s, with nothing configured.
    QTRY_VERIFY_WITH_TIMEOUT(target() && target()->up, 2000);
    qInfo("registered to first successful scrape: %lld ms", qint64(sinceListening.elapsed()));

    // The architecture document's client, unchanged, as fast as it can: adds, listings and removals.
    const auto client = TestProcess::run(QStringLiteral("/usr/bin/python3"),
        { example(QStringLiteral("shop_client.py")), QStringLiteral("--registry"), m_registry->baseUrl().toString(),
            QStringLiteral("--requests"), QStringLiteral("300"), QStringLiteral("--rate"), QStringLiteral("0") },
        60000);
    QVERIFY2(client.ok(), qPrintable(client.describe()));
    qInfo("%s", client.out.trimmed().constData());

    const auto own = ownFigures(m_port);
    QCOMPARE(own.requests, 300.0);
    QCOMPARE(own.errors, 30.0); // every tenth cart request fails on purpose
    // Two whole scrape rounds after the last request have seen all of them: the count is exact.
    QSignalSpy rounds(m_monitor.get(), &Monitor::scrapeRoundFinished);
    QTRY_VERIFY_WITH_TIMEOUT(rounds.size() >= 2, 5000);
    auto *store = m_monitor->store();
    // Read with the convention it exports (a labelled histogram has samples only once it observed one).
    QCOMPARE(target()->target.convention, QStringLiteral("OpenTelemetry HTTP"));
    QCOMPARE(
        store->latest(QStringLiteral("http_requests_total"), { { QStringLiteral("service"), kService } }).value_or(-1),
        own.requests);
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    const qint64 window = now - fromMs + 1000;
    MetricSelector ratio { MetricKind::ErrorRatio, kService, {}, 0, {}, window };
    const auto storedRatio = store->evaluate(ratio, now);
    QVERIFY(storedRatio);
    QVERIFY2(near(*storedRatio, own.errors / own.requests, 0.02), qPrintable(QString::number(*storedRatio)));
    MetricSelector median { MetricKind::LatencyQuantile, kService, {}, 0.5, {}, window };
    const auto storedP50 = store->evaluate(median, now);
    QVERIFY(storedP50);
    QVERIFY2(near(*storedP50, own.p50Ms, 0.02),
        qPrintable(QStringLiteral("console p50 %1 ms, service %2 ms").arg(*storedP50).arg(own.p50Ms)));
    qInfo("requests %.0f, errors %.0f; p50: console %.3f ms, service %.3f ms", own.requests, own.errors, *storedP50,
        own.p50Ms);

    // Its logs, shipped with Python's SysLogHandler over UDP to the intake the registry lists, are in the
    // console's log hub as the instance's: every request line, the 5xx ones at warn.
    const QString instanceId = kService + QLatin1Char('-') + QString::number(m_port);
    auto shipped = [this](const QString &service, const QString &instance, const QString &text) {
        int count = 0;
        for (const auto &record : m_monitor->logHub()->recordsSince(0, 50'000))
            count += record.instance == instance && record.service == service && record.message.contains(text) ? 1 : 0;
        return count;
    };
    QTRY_COMPARE_WITH_TIMEOUT(shipped(kService, instanceId, QStringLiteral("/cart 500")), 30, 5000);

    // On the graph, read with the convention it exports, with its call to the catalog as an edge.
    const auto snapshot = TopologyBuilder(store).build(now);
    const auto *shop = node(snapshot);
    QVERIFY(shop);
    QVERIFY(shop->hasTraffic && shop->hasLatency);
    QCOMPARE(shop->instances.size(), 1);
    QVERIFY(std::any_of(snapshot.edges.cbegin(), snapshot.edges.cend(), [](const TopologyEdge &edge) {
        return edge.caller == kService && edge.callee == QLatin1String("catalog") && edge.rps > 0;
    }));

    // In the charts: rate, errors and percentiles for the service.
    const auto chart = ChartQuery::run(*store, ChartRequest { kService, {}, fromMs, now, 1000 });
    QVERIFY(chart.services.contains(kService));
    QVERIFY(!chart.requestRate.isEmpty() && !chart.requestRate.constFirst().values.isEmpty());
    QVERIFY(!chart.latency.isEmpty() && !chart.latency.constFirst().values.isEmpty());

    // Deregistered by its own SIGTERM handler: gone from the graph at once, then no longer listed.
    m_service.terminate();
    QVERIFY(m_service.waitForFinished(10000));
    QCOMPARE(m_service.exitCode(), 0);
    QTRY_VERIFY_WITH_TIMEOUT(!m_monitor->services().contains(kService), 2000);
    const auto left = TopologyBuilder(store).build(QDateTime::currentMSecsSinceEpoch());
    const auto *gone = node(left);
    QVERIFY2(!gone || gone->health == QLatin1String("gone"), qPrintable(gone ? gone->health : QString()));
    QTRY_VERIFY_WITH_TIMEOUT(!target(), 15000);
    QVERIFY(!node(TopologyBuilder(store).build(QDateTime::currentMSecsSinceEpoch())));

    // The example shipping over TCP (Python frames records with a trailing newline), under another name so the
    // reports below stay about the first one.
    const QString tcpService = QStringLiteral("shop-cart-tcp");
    QProcess overTcp;
    overTcp.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    overTcp.start(QStringLiteral("/usr/bin/python3"),
        { example(QStringLiteral("cart_service.py")), QStringLiteral("--registry"), m_registry->baseUrl().toString(),
            QStringLiteral("--syslog"), QStringLiteral("tcp"), QStringLiteral("--name"), tcpService });
    QVERIFY(overTcp.waitForStarted(5000));
    QTRY_VERIFY_WITH_TIMEOUT(overTcp.canReadLine() || overTcp.state() == QProcess::NotRunning, 15000);
    const auto tcpLine = overTcp.readLine().trimmed();
    QVERIFY2(tcpLine.startsWith("listening "), tcpLine.constData());
    const QString tcpInstance = tcpService + QLatin1Char('-') + QString::fromLatin1(tcpLine.mid(10));
    // Attribution goes by the registry: wait until the console's directory lists the new instance.
    QTRY_VERIFY_WITH_TIMEOUT(m_monitor->instanceDirectory()->snapshot()->instance(tcpInstance), 5000);
    for (int i = 0; i < 3; ++i)
        QCOMPARE(
            TestHttp::get(QUrl(QStringLiteral("http://127.0.0.1:%1/cart").arg(QString::fromLatin1(tcpLine.mid(10)))))
                .status,
            200);
    QTRY_COMPARE_WITH_TIMEOUT(shipped(tcpService, tcpInstance, QStringLiteral("GET /cart 200")), 3, 5000);
    overTcp.terminate();
    QVERIFY(overTcp.waitForFinished(10000));

    // The recorded history keeps it: the reports made afterwards have its exact numbers.
    m_monitor->stop();
    m_monitor.reset();
    const qint64 toMs = (QDateTime::currentMSecsSinceEpoch() / 1000 + 1) * 1000;
    const QStringList range { QStringLiteral("--from"),
        QDateTime::fromMSecsSinceEpoch(fromMs, Qt::UTC).toString(Qt::ISODate), QStringLiteral("--to"),
        QDateTime::fromMSecsSinceEpoch(toMs, Qt::UTC).toString(Qt::ISODate) };
    const QString json = m_dir.filePath(QStringLiteral("report.json"));
    const auto exported = TestProcess::run(TestProcess::env("FLIGHTDECK_BINARY"),
        QStringList { QStringLiteral("--data-dir"), m_dir.path(), QStringLiteral("--export-report"), json } + range);
    QVERIFY2(exported.ok(), qPrintable(exported.describe()));
    QFile file(json);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QJsonObject report;
    for (const auto &value :
        QJsonDocument::fromJson(file.readAll()).object().value(QStringLiteral("services")).toArray())
        if (value.toObject().value(QStringLiteral("name")).toString() == kService)
            report = value.toObject();
    QVERIFY2(!report.isEmpty(), "the report has no shop-cart");
    QCOMPARE(report.value(QStringLiteral("requests")).toDouble(), own.requests);
    QCOMPARE(report.value(QStringLiteral("errors")).toDouble(), own.errors);
    const double reportP50
        = report.value(QStringLiteral("latency_ms")).toObject().value(QStringLiteral("p50")).toDouble();
    QVERIFY2(near(reportP50, own.p50Ms, 0.02), qPrintable(QString::number(reportP50)));

    const QString pdf = m_dir.filePath(QStringLiteral("report.pdf"));
    const auto printed = TestProcess::run(TestProcess::env("FLIGHTDECK_BINARY"),
        QStringList { QStringLiteral("--data-dir"), m_dir.path(), QStringLiteral("--export-report"), pdf } + range);
    QVERIFY2(printed.ok(), qPrintable(printed.describe()));
    const QString pdftotext = QStandardPaths::findExecutable(QStringLiteral("pdftotext"));
    QVERIFY2(!pdftotext.isEmpty(), "pdftotext (poppler-utils) is needed");
    const auto text = TestProcess::run(pdftotext, { QStringLiteral("-layout"), pdf, QStringLiteral("-") });
    QVERIFY2(text.ok(), qPrintable(text.describe()));
    const auto rows = QString::fromUtf8(text.out).split(u'\n');
    QVERIFY2(std::any_of(rows.cbegin(), rows.cend(),
                 [&](const QString &row) {
                     return row.trimmed().startsWith(kService) && row.contains(QStringLiteral(" 300 "))
                         && row.contains(QStringLiteral("10.00 %"));
                 }),
        qPrintable(QString::fromUtf8(text.out)));
}

QTEST_GUILESS_MAIN(TestExampleService)
#include "tst_exampleservice.moc"
