// Debian's Prometheus (built without consul_sd_configs) discovers the fleet through the registry's HTTP SD
// route: the real binary, http_sd_configs, targets up with the registry's labels; drained, critical and
// opted-out instances are not targets; metrics_path from metadata is what Prometheus requests.
#include "httptestclient.h"
#include "prometheusprocess.h"
#include "testhosts.h"

#include <QDeadlineTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>
#include <QThread>

class TestPrometheusSd : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void sdRouteAnswersTargetGroups();
    void realPrometheusScrapesWhatTheRegistryLists();

private:
    void registerInstance(const ServiceHost &registry, const QJsonObject &body);
};

void TestPrometheusSd::registerInstance(const ServiceHost &registry, const QJsonObject &body)
{
    const auto reply
        = TestHttp::request("PUT", TestHosts::urlOf(registry, QStringLiteral("/v1/agent/service/register")),
            QJsonDocument(body).toJson(QJsonDocument::Compact));
    QVERIFY2(reply.status == 200, reply.body.constData());
}

namespace {

// One fleet for both tests: instances that must and must not be targets, all pointing at the registry's own
// /metrics (every Flightdeck process serves one).
QJsonObject instance(const QString &id, quint16 port, const QJsonObject &meta = {}, const QString &status = {})
{
    QJsonObject check { { QStringLiteral("TTL"), QStringLiteral("60s") } };
    if (!status.isEmpty())
        check.insert(QStringLiteral("Status"), status);
    return QJsonObject { { QStringLiteral("ID"), id }, { QStringLiteral("Name"), id.section(QLatin1Char('-'), 0, 1) },
        { QStringLiteral("Address"), QStringLiteral("127.0.0.1") }, { QStringLiteral("Port"), int(port) },
        { QStringLiteral("Tags"), QJsonArray { QStringLiteral("blue"), QStringLiteral("v3") } },
        { QStringLiteral("Meta"), meta }, { QStringLiteral("Check"), check } };
}

} // namespace

void TestPrometheusSd::sdRouteAnswersTargetGroups()
{
    auto registry = TestHosts::startRegistry();
    QVERIFY(registry);
    const auto port = registry->port();
    registerInstance(*registry,
        instance(QStringLiteral("shop-api-1"), port, { { QStringLiteral("team"), QStringLiteral("shop") } }));
    registerInstance(*registry,
        instance(QStringLiteral("shop-api-2"), 1,
            { { QStringLiteral("metrics_port"), QString::number(port) },
                { QStringLiteral("metrics_path"), QStringLiteral("/stats") } }));
    registerInstance(*registry,
        instance(QStringLiteral("quiet-svc-1"), port, { { QStringLiteral("metrics"), QStringLiteral("off") } }));
    registerInstance(*registry, instance(QStringLiteral("sick-svc-1"), port, {}, QStringLiteral("critical")));
    registerInstance(*registry, instance(QStringLiteral("drained-svc-1"), port));
    QCOMPARE(TestHttp::request("PUT",
                 TestHosts::urlOf(*registry, QStringLiteral("/v1/agent/service/maintenance/drained-svc-1"),
                     QStringLiteral("enable=true")))
                 .status,
        200);

    const auto reply = TestHttp::get(TestHosts::urlOf(*registry, QStringLiteral("/v1/flightdeck/prometheus-sd")));
    QCOMPARE(reply.status, 200);
    QVERIFY(!reply.header("X-Consul-Index").isEmpty());
    const auto groups = QJsonDocument::fromJson(reply.body).array();
    QCOMPARE(groups.size(), 2);
    const auto first = groups.at(0).toObject();
    QCOMPARE(first.value(QStringLiteral("targets")).toArray(), QJsonArray { QStringLiteral("127.0.0.1:%1").arg(port) });
    const auto labels = first.value(QStringLiteral("labels")).toObject();
    QCOMPARE(labels.value(QStringLiteral("service")).toString(), QStringLiteral("shop-api"));
    QCOMPARE(labels.value(QStringLiteral("instance")).toString(), QStringLiteral("shop-api-1"));
    QCOMPARE(labels.value(QStringLiteral("tags")).toString(), QStringLiteral(",blue,v3,"));
    QCOMPARE(labels.value(QStringLiteral("meta_team")).toString(), QStringLiteral("shop"));
    QCOMPARE(labels.value(QStringLiteral("__metrics_path__")).toString(), QStringLiteral("/metrics"));
    const auto second = groups.at(1).toObject();
    QCOMPARE(
        second.value(QStringLiteral("targets")).toArray(), QJsonArray { QStringLiteral("127.0.0.1:%1").arg(port) });
    QCOMPARE(second.value(QStringLiteral("labels")).toObject().value(QStringLiteral("__metrics_path__")).toString(),
        QStringLiteral("/stats"));
}

void TestPrometheusSd::realPrometheusScrapesWhatTheRegistryLists()
{
    auto registry = TestHosts::startRegistry();
    QVERIFY(registry);
    const auto port = registry->port();
    registerInstance(*registry,
        instance(QStringLiteral("shop-api-1"), port, { { QStringLiteral("team"), QStringLiteral("shop") } }));
    // Listed, but its metrics_path does not exist: Prometheus must request exactly that path and fail.
    registerInstance(*registry,
        instance(QStringLiteral("shop-api-2"), port,
            { { QStringLiteral("metrics_path"), QStringLiteral("/no-such-metrics") } }));
    registerInstance(*registry,
        instance(QStringLiteral("quiet-svc-1"), port, { { QStringLiteral("metrics"), QStringLiteral("off") } }));
    registerInstance(*registry, instance(QStringLiteral("sick-svc-1"), port, {}, QStringLiteral("critical")));

    PrometheusProcess prometheus;
    const auto config = QStringLiteral("global:\n  scrape_interval: 1s\n  scrape_timeout: 900ms\n"
                                       "scrape_configs:\n  - job_name: flightdeck\n    http_sd_configs:\n"
                                       "      - url: http://127.0.0.1:%1/v1/flightdeck/prometheus-sd\n"
                                       "        refresh_interval: 1s\n")
                            .arg(port)
                            .toUtf8();
    QString error;
    QVERIFY2(prometheus.start(config, &error), qPrintable(error));

    // Bounded: discovery refreshes every second and scrapes run every second.
    QJsonArray targets;
    QDeadlineTimer deadline(30000);
    auto healthOf = [&](const QString &id) {
        for (const auto &target : std::as_const(targets)) {
            const auto object = target.toObject();
            if (object.value(QStringLiteral("labels")).toObject().value(QStringLiteral("instance")).toString() == id)
                return object.value(QStringLiteral("health")).toString();
        }
        return QString();
    };
    while (!deadline.hasExpired()) {
        const auto reply
            = TestHttp::get(prometheus.url(QStringLiteral("/api/v1/targets"), QStringLiteral("state=active")));
        targets = QJsonDocument::fromJson(reply.body)
                      .object()
                      .value(QStringLiteral("data"))
                      .toObject()
                      .value(QStringLiteral("activeTargets"))
                      .toArray();
        if (healthOf(QStringLiteral("shop-api-1")) == QLatin1String("up")
            && healthOf(QStringLiteral("shop-api-2")) == QLatin1String("down"))
            break;
        QThread::msleep(250);
    }
    QVERIFY2(healthOf(QStringLiteral("shop-api-1")) == QLatin1String("up"),
        qPrintable(QStringLiteral("targets: %1\nlog: %2")
                       .arg(QString::fromUtf8(QJsonDocument(targets).toJson()),
                           QString::fromUtf8(prometheus.log().right(2000)))));
    QCOMPARE(healthOf(QStringLiteral("shop-api-2")), QStringLiteral("down"));
    QCOMPARE(targets.size(), 2); // quiet (metrics=off) and sick (critical) are not targets
    for (const auto &target : std::as_const(targets)) {
        const auto object = target.toObject();
        const auto labels = object.value(QStringLiteral("labels")).toObject();
        QCOMPARE(labels.value(QStringLiteral("service")).toString(), QStringLiteral("shop-api"));
        QCOMPARE(labels.value(QStringLiteral("job")).toString(), QStringLiteral("flightdeck"));
        QCOMPARE(labels.value(QStringLiteral("tags")).toString(), QStringLiteral(",blue,v3,"));
        if (labels.value(QStringLiteral("instance")).toString() == QLatin1String("shop-api-2"))
            QVERIFY2(object.value(QStringLiteral("scrapeUrl")).toString().endsWith(QLatin1String("/no-such-metrics")),
                qPrintable(object.value(QStringLiteral("scrapeUrl")).toString()));
        else
            QCOMPARE(labels.value(QStringLiteral("meta_team")).toString(), QStringLiteral("shop"));
    }
    // The scraped series carry the registry's labels: a query by service finds the instance's own metrics.
    const auto query = TestHttp::get(prometheus.url(QStringLiteral("/api/v1/query"),
        QStringLiteral("query=up%7Bservice%3D%22shop-api%22%2Cinstance%3D%22shop-api-1%22%7D")));
    const auto result = QJsonDocument::fromJson(query.body)
                            .object()
                            .value(QStringLiteral("data"))
                            .toObject()
                            .value(QStringLiteral("result"))
                            .toArray();
    QCOMPARE(result.size(), 1);
    QCOMPARE(result.at(0).toObject().value(QStringLiteral("value")).toArray().at(1).toString(), QStringLiteral("1"));
}

QTEST_GUILESS_MAIN(TestPrometheusSd)
#include "tst_prometheussd.moc"
