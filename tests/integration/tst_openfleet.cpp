// The console monitors whatever is in the registry, not a list in code: services registered from outside
// (lower-case Consul JSON, as client libraries send it) are discovered through the registry's service list
// and scraped where their metadata says (metrics_port, metrics_path); metrics=off is not scraped; a page over
// the size cap marks its target as failing; metrics=off is on the graph with the registry's health; a service
// that leaves is shown as gone and no longer followed.
#include "http/httprequest.h"
#include "http/httpresponse.h"
#include "http/httpserver.h"
#include "httptestclient.h"
#include "runtime/monitor.h"
#include "runtime/servicehost.h"
#include "telemetry/scrapeworker.h"
#include "telemetry/timeseriesstore.h"
#include "telemetry/topologybuilder.h"
#include "testhosts.h"
#include "testservice.h"

#include <optional>
#include <QDateTime>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

namespace {

// A service whose /huge page is a valid exposition (one sample, then comment lines) larger than the scraper
// reads: without the cap it would be parsed and count as up.
class HugePageService : public Service
{
public:
    bool start(ServiceContext &context, QString *) override
    {
        context.server.route("GET", QStringLiteral("/huge"), [](const HttpRequest &) {
            QByteArray page = "bulky_jobs_total 1\n";
            const QByteArray filler = "# padding padding padding padding padding padding padding padding\n";
            while (page.size() <= ScrapeWorker::kMaxPageBytes)
                page += filler;
            return HttpResponse::text(page, "text/plain; version=0.0.4");
        });
        return true;
    }
};

} // namespace

class TestOpenFleet : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init();
    void cleanup();
    void registeredServicesAreMonitored();

private:
    void registerRaw(const QByteArray &json);
    std::optional<TargetStatus> target(const QString &id) const;
    std::optional<TopologyNode> node(const QString &service) const;

    QTemporaryDir m_dir;
    std::unique_ptr<ServiceHost> m_registry;
    std::unique_ptr<ServiceHost> m_orders;
    std::unique_ptr<ServiceHost> m_billing;
    std::unique_ptr<ServiceHost> m_huge;
    std::unique_ptr<Monitor> m_monitor;
};

void TestOpenFleet::init()
{
    m_registry = TestHosts::startRegistry();
    QVERIFY(m_registry);
    // Hosts that do not register themselves: the test registers them as an outside client would.
    QString error;
    m_orders = TestHosts::make(
        QStringLiteral("orders"), QStringLiteral("orders-1"), [] { return std::make_unique<TestService>(); });
    m_billing = TestHosts::make(
        QStringLiteral("billing"), QStringLiteral("billing-1"), [] { return std::make_unique<TestService>(); });
    m_huge = TestHosts::make(
        QStringLiteral("bulky"), QStringLiteral("bulky-1"), [] { return std::make_unique<HugePageService>(); });
    QVERIFY2(m_orders->start(&error), qPrintable(error));
    QVERIFY2(m_billing->start(&error), qPrintable(error));
    QVERIFY2(m_huge->start(&error), qPrintable(error));

    Monitor::Options options;
    options.dataDir = m_dir.path();
    options.registryUrl = m_registry->baseUrl();
    options.scrapeIntervalMs = 250; // no services: follow the registry's list
    m_monitor = std::make_unique<Monitor>(options);
    QVERIFY(m_monitor->start());
}

void TestOpenFleet::cleanup()
{
    if (m_monitor)
        m_monitor->stop();
    m_monitor.reset();
    m_huge.reset();
    m_billing.reset();
    m_orders.reset();
    m_registry.reset();
}

void TestOpenFleet::registerRaw(const QByteArray &json)
{
    const auto reply
        = TestHttp::request("PUT", TestHosts::urlOf(*m_registry, QStringLiteral("/v1/agent/service/register")), json);
    QVERIFY2(reply.status == 200, reply.body.constData());
}

std::optional<TargetStatus> TestOpenFleet::target(const QString &id) const
{
    for (const auto &status : m_monitor->store()->targets()) {
        if (status.target.instance == id)
            return status;
    }
    return std::nullopt;
}

std::optional<TopologyNode> TestOpenFleet::node(const QString &service) const
{
    for (const auto &node : TopologyBuilder(m_monitor->store()).build(QDateTime::currentMSecsSinceEpoch()).nodes) {
        if (node.service == service)
            return node;
    }
    return std::nullopt;
}

void TestOpenFleet::registeredServicesAreMonitored()
{
    QVERIFY(m_monitor->services().isEmpty());
    registerRaw(QStringLiteral(R"({"name": "orders", "id": "orders-1", "address": "127.0.0.1", "port": %1,
        "check": {"ttl": "60s"}})")
                    .arg(m_orders->port())
                    .toUtf8());
    // A blocking query on the registry's service list: the new service is followed at once.
    QTRY_VERIFY_WITH_TIMEOUT(m_monitor->services().contains(QStringLiteral("orders")), 2000);
    QTRY_VERIFY_WITH_TIMEOUT(target(QStringLiteral("orders-1")) && target(QStringLiteral("orders-1"))->up, 5000);
    QCOMPARE(target(QStringLiteral("orders-1"))->target.service, QStringLiteral("orders"));

    // Registered at a port that serves nothing; its metrics are elsewhere, as its metadata says.
    registerRaw(QStringLiteral(R"({"name": "billing", "id": "billing-1", "address": "127.0.0.1", "port": 1,
        "meta": {"metrics_port": "%1", "metrics_path": "/metrics"}, "check": {"ttl": "60s"}})")
                    .arg(m_billing->port())
                    .toUtf8());
    // No metrics at all: followed (its service is listed) but never scraped.
    registerRaw(R"({"name": "quiet", "id": "quiet-1", "address": "127.0.0.1", "port": 1, "meta": {"metrics": "off"},
        "check": {"ttl": "60s"}})");
    registerRaw(QStringLiteral(R"({"name": "bulky", "id": "bulky-1", "address": "127.0.0.1", "port": %1,
        "meta": {"metrics_path": "/huge"}, "check": {"ttl": "60s"}})")
                    .arg(m_huge->port())
                    .toUtf8());
    QTRY_VERIFY_WITH_TIMEOUT(target(QStringLiteral("billing-1")) && target(QStringLiteral("billing-1"))->up, 5000);
    QTRY_VERIFY_WITH_TIMEOUT(target(QStringLiteral("bulky-1")).has_value(), 5000);
    QVERIFY(!target(QStringLiteral("bulky-1"))->up); // over the page cap: failing, and the scraper goes on
    QVERIFY(m_monitor->services().contains(QStringLiteral("quiet")));
    // Not scraped, yet listed with the registry's word on it, and on the graph: no metrics by choice.
    QTRY_VERIFY_WITH_TIMEOUT(target(QStringLiteral("quiet-1")).has_value(), 5000);
    QVERIFY(target(QStringLiteral("quiet-1"))->target.metricsOff);
    QVERIFY(!m_monitor->store()->recordedInstances().contains({ QStringLiteral("quiet"), QStringLiteral("quiet-1") }));
    auto quiet = [this] { return node(QStringLiteral("quiet")); };
    QVERIFY(quiet() && quiet()->metricsOff && quiet()->instances.size() == 1);
    QCOMPARE(quiet()->instances.constFirst().health, QStringLiteral("passing"));
    // Its check fails in the registry: the graph says so, though the console never reached it.
    QCOMPARE(
        TestHttp::request("PUT", TestHosts::urlOf(*m_registry, QStringLiteral("/v1/agent/check/fail/service:quiet-1")))
            .status,
        200);
    QTRY_COMPARE_WITH_TIMEOUT(quiet()->instances.constFirst().health, QStringLiteral("critical"), 5000);
    QVERIFY(target(QStringLiteral("orders-1"))->up);

    // Deregistered: the service leaves the registry's list, and the console's.
    const auto gone = TestHttp::request(
        "PUT", TestHosts::urlOf(*m_registry, QStringLiteral("/v1/agent/service/deregister/orders-1")));
    QCOMPARE(gone.status, 200);
    QTRY_VERIFY_WITH_TIMEOUT(!m_monitor->services().contains(QStringLiteral("orders")), 2000);
    QVERIFY(m_monitor->services().contains(QStringLiteral("billing")));
    // Shown as gone (not as failing) until it is dropped.
    QTRY_VERIFY_WITH_TIMEOUT(
        node(QStringLiteral("orders")) && node(QStringLiteral("orders"))->health == QLatin1String("gone"), 2000);
    QCOMPARE(node(QStringLiteral("orders"))->instances.constFirst().health, QStringLiteral("gone"));
}

QTEST_GUILESS_MAIN(TestOpenFleet)
#include "tst_openfleet.moc"
