// The registry's HTTP API over real sockets: Consul-compatible registration, discovery, health, blocking
// queries, Flightdeck's extras, bad input, and state that survives a restart. The KV store: tst_registrykv.
#include "http/httpreply.h"
#include "http/httprequest.h"
#include "http/httpresponse.h"
#include "http/httpserver.h"
#include "httptestclient.h"
#include "registry/registryservice.h"
#include "runtime/servicehost.h"
#include "testhosts.h"

#include <atomic>
#include <memory>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QTemporaryDir>
#include <QTest>
#include <tuple>

namespace {

// A health endpoint whose answers the test scripts: each GET /check takes the next status of the script
// (the last one repeats).
struct CheckScript
{
    std::atomic<int> calls { 0 };
    std::atomic<int> mode { 0 }; // 0 = always 200, 1 = always 500, 2 = alternate 500/200
};

class ScriptedService : public Service
{
public:
    explicit ScriptedService(CheckScript *script)
        : m_script(script)
    { }
    bool start(ServiceContext &context, QString *) override
    {
        context.server.route("GET", QStringLiteral("/check"), [this](const HttpRequest &) {
            const int call = m_script->calls.fetch_add(1);
            const int mode = m_script->mode.load();
            const bool fail = mode == 1 || (mode == 2 && call % 2 == 0);
            return fail ? HttpResponse::error(500, QStringLiteral("down"), QStringLiteral("scripted failure"))
                        : HttpResponse::json(QJsonObject { { QStringLiteral("status"), QStringLiteral("ok") } });
        });
        return true;
    }

private:
    CheckScript *m_script;
};

} // namespace

class TestRegistryService : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init();
    void cleanup();
    void registerThenDiscover();
    void ttlExpiryMakesCriticalThenRemoves();
    void heartbeatsKeepAnInstancePassing();
    void flappingHttpCheckStaysPassingUntilNFailures();
    void blockingQueryReturnsSoonAfterAChange();
    void blockingQueryTimesOutWithTheSameIndex();
    void drainRemovesFromPassingButKeepsRegistered();
    void badInputGetsClearErrors();
    void prometheusConsulSdRequestsParse();
    void restartKeepsState();
    void consulReadRoutesFilter();

private:
    QUrl url(const QString &path, const QString &query = {}) const;
    TestHttpResponse put(const QString &path, const QByteArray &body = {}, const QString &query = {});
    TestHttpResponse registerJson(const QJsonObject &body);

    std::unique_ptr<ServiceHost> m_registry;
};

void TestRegistryService::init()
{
    RegistryServiceOptions options;
    m_registry = TestHosts::startRegistry(options);
    QVERIFY(m_registry);
}

void TestRegistryService::cleanup()
{
    m_registry.reset();
}

QUrl TestRegistryService::url(const QString &path, const QString &query) const
{
    auto url = m_registry->baseUrl();
    url.setPath(path);
    if (!query.isNull())
        url.setQuery(query);
    return url;
}

TestHttpResponse TestRegistryService::put(const QString &path, const QByteArray &body, const QString &query)
{
    return TestHttp::request("PUT", url(path, query), body);
}

TestHttpResponse TestRegistryService::registerJson(const QJsonObject &body)
{
    return put(QStringLiteral("/v1/agent/service/register"), QJsonDocument(body).toJson());
}

void TestRegistryService::registerThenDiscover()
{
    const auto reply = registerJson(QJsonObject { { QStringLiteral("ID"), QStringLiteral("cart-1") },
        { QStringLiteral("Name"), QStringLiteral("cart") }, { QStringLiteral("Address"), QStringLiteral("127.0.0.1") },
        { QStringLiteral("Port"), 8080 }, { QStringLiteral("Tags"), QJsonArray { QStringLiteral("primary") } },
        { QStringLiteral("Meta"), QJsonObject { { QStringLiteral("version"), QStringLiteral("1.2") } } },
        { QStringLiteral("Weights"), QJsonObject { { QStringLiteral("Passing"), 5 } } },
        { QStringLiteral("Check"), QJsonObject { { QStringLiteral("TTL"), QStringLiteral("10s") } } } });
    QCOMPARE(reply.status, 200);
    QCOMPARE(registerJson(QJsonObject { { QStringLiteral("ID"), QStringLiteral("cart-2") },
                              { QStringLiteral("Name"), QStringLiteral("cart") }, { QStringLiteral("Port"), 8081 } })
                 .status,
        200);

    const auto services = TestHttp::get(url(QStringLiteral("/v1/catalog/services")));
    QCOMPARE(services.status, 200);
    QCOMPARE(services.json().value(QStringLiteral("cart")).toArray(), QJsonArray { QStringLiteral("primary") });

    const auto health = TestHttp::get(url(QStringLiteral("/v1/health/service/cart"), QStringLiteral("passing")));
    QCOMPARE(health.status, 200);
    QVERIFY(health.header("X-Consul-Index").toULongLong() >= 2);
    const auto entries = QJsonDocument::fromJson(health.body).array();
    QCOMPARE(entries.size(), 2);
    const auto service = entries.at(0).toObject().value(QStringLiteral("Service")).toObject();
    QCOMPARE(service.value(QStringLiteral("ID")).toString(), QStringLiteral("cart-1"));
    QCOMPARE(service.value(QStringLiteral("Port")).toInt(), 8080);
    QCOMPARE(service.value(QStringLiteral("Meta")).toObject().value(QStringLiteral("version")).toString(),
        QStringLiteral("1.2"));
    QCOMPARE(service.value(QStringLiteral("Weights")).toObject().value(QStringLiteral("Passing")).toInt(), 5);
    // The second registered without an address: the registry uses the caller's.
    QCOMPARE(entries.at(1)
                 .toObject()
                 .value(QStringLiteral("Service"))
                 .toObject()
                 .value(QStringLiteral("Address"))
                 .toString(),
        QStringLiteral("127.0.0.1"));

    const auto catalog = TestHttp::get(url(QStringLiteral("/v1/catalog/service/cart")));
    QCOMPARE(QJsonDocument::fromJson(catalog.body).array().size(), 2);
    QCOMPARE(
        QJsonDocument::fromJson(catalog.body).array().at(0).toObject().value(QStringLiteral("ServicePort")).toInt(),
        8080);

    QCOMPARE(put(QStringLiteral("/v1/agent/service/deregister/cart-2")).status, 200);
    QCOMPARE(
        QJsonDocument::fromJson(TestHttp::get(url(QStringLiteral("/v1/health/service/cart"))).body).array().size(), 1);
    QCOMPARE(put(QStringLiteral("/v1/agent/service/deregister/cart-2")).status, 404);
}

void TestRegistryService::ttlExpiryMakesCriticalThenRemoves()
{
    QCOMPARE(registerJson(QJsonObject { { QStringLiteral("ID"), QStringLiteral("eph-1") },
                              { QStringLiteral("Name"), QStringLiteral("eph") }, { QStringLiteral("Port"), 1 },
                              { QStringLiteral("Check"),
                                  QJsonObject { { QStringLiteral("TTL"), QStringLiteral("500ms") },
                                      { QStringLiteral("DeregisterCriticalServiceAfter"), QStringLiteral("1s") } } } })
                 .status,
        200);
    auto passingCount = [this] {
        return QJsonDocument::fromJson(
            TestHttp::get(url(QStringLiteral("/v1/health/service/eph"), QStringLiteral("passing"))).body)
            .array()
            .size();
    };
    auto allEntries = [this] {
        return QJsonDocument::fromJson(TestHttp::get(url(QStringLiteral("/v1/health/service/eph"))).body).array();
    };
    QCOMPARE(passingCount(), 1);
    // No heartbeats: critical (still listed without ?passing), then removed.
    QTRY_COMPARE_WITH_TIMEOUT(passingCount(), 0, 5000);
    const auto entries = allEntries();
    if (!entries.isEmpty()) { // it may already be gone on a slow machine
        const auto checks = entries.at(0).toObject().value(QStringLiteral("Checks")).toArray();
        QCOMPARE(checks.at(1).toObject().value(QStringLiteral("Status")).toString(), QStringLiteral("critical"));
    }
    QTRY_COMPARE_WITH_TIMEOUT(allEntries().size(), 0, 5000);
    // A heartbeat for a removed instance tells the agent to register again.
    QCOMPARE(put(QStringLiteral("/v1/agent/check/pass/service:eph-1")).status, 404);
}

void TestRegistryService::heartbeatsKeepAnInstancePassing()
{
    QCOMPARE(
        registerJson(QJsonObject { { QStringLiteral("ID"), QStringLiteral("beat-1") },
                         { QStringLiteral("Name"), QStringLiteral("beat") },
                         { QStringLiteral("Check"), QJsonObject { { QStringLiteral("TTL"), QStringLiteral("1s") } } } })
            .status,
        200);
    QElapsedTimer timer;
    timer.start();
    int beats = 0;
    while (timer.elapsed() < 2500 && beats < 50) {
        QCOMPARE(put(QStringLiteral("/v1/agent/check/pass/service:beat-1")).status, 200);
        ++beats;
        QTest::qWait(150);
    }
    const auto instances = TestHttp::get(url(QStringLiteral("/v1/flightdeck/instances"))).json();
    const auto first = instances.value(QStringLiteral("instances")).toArray().at(0).toObject();
    QCOMPARE(first.value(QStringLiteral("state")).toString(), QStringLiteral("passing"));
    QVERIFY(first.value(QStringLiteral("lease_age_ms")).toDouble() < 1000);
    // warn and fail set the state directly; pass brings it back.
    QCOMPARE(put(QStringLiteral("/v1/agent/check/fail/beat-1"), {}, QStringLiteral("note=disk")).status, 200);
    QCOMPARE(QJsonDocument::fromJson(
                 TestHttp::get(url(QStringLiteral("/v1/health/service/beat"), QStringLiteral("passing"))).body)
                 .array()
                 .size(),
        0);
    QCOMPARE(put(QStringLiteral("/v1/agent/check/pass/beat-1")).status, 200);
    QCOMPARE(QJsonDocument::fromJson(
                 TestHttp::get(url(QStringLiteral("/v1/health/service/beat"), QStringLiteral("passing"))).body)
                 .array()
                 .size(),
        1);
}

void TestRegistryService::flappingHttpCheckStaysPassingUntilNFailures()
{
    CheckScript script;
    ServiceHostConfig config;
    config.serviceName = QStringLiteral("flappy");
    config.instanceId = QStringLiteral("flappy-1");
    ServiceHost target(config, [&script] { return std::make_unique<ScriptedService>(&script); });
    QVERIFY(target.start());
    auto checkUrl = target.baseUrl();
    checkUrl.setPath(QStringLiteral("/check"));
    QCOMPARE(registerJson(
                 QJsonObject { { QStringLiteral("ID"), QStringLiteral("flappy-1") },
                     { QStringLiteral("Name"), QStringLiteral("flappy") }, { QStringLiteral("Port"), target.port() },
                     { QStringLiteral("Check"),
                         QJsonObject { { QStringLiteral("HTTP"), checkUrl.toString() },
                             { QStringLiteral("Interval"), QStringLiteral("100ms") },
                             { QStringLiteral("Timeout"), QStringLiteral("3s") },
                             { QStringLiteral("FailuresBeforeCritical"), 3 },
                             { QStringLiteral("SuccessBeforePassing"), 2 } } } })
                 .status,
        200);
    auto state = [this] {
        const auto list = TestHttp::get(url(QStringLiteral("/v1/flightdeck/instances")))
                              .json()
                              .value(QStringLiteral("instances"))
                              .toArray();
        return list.isEmpty() ? QString() : list.at(0).toObject().value(QStringLiteral("state")).toString();
    };
    // HTTP checks start critical and need 2 consecutive successes.
    QTRY_COMPARE_WITH_TIMEOUT(state(), QStringLiteral("passing"), 5000);
    QVERIFY(script.calls.load() >= 2);

    // Alternating failures never reach 3 in a row: the instance stays passing throughout.
    script.mode = 2;
    const int start = script.calls.load();
    QElapsedTimer timer;
    timer.start();
    while (script.calls.load() < start + 8 && timer.elapsed() < 10000) {
        QCOMPARE(state(), QStringLiteral("passing"));
        QTest::qWait(50);
    }
    QVERIFY(script.calls.load() >= start + 8);
    QCOMPARE(state(), QStringLiteral("passing"));

    // Steady failures: critical, but only after at least 3 failed checks.
    script.mode = 1;
    const int failStart = script.calls.load();
    QTRY_COMPARE_WITH_TIMEOUT(state(), QStringLiteral("critical"), 5000);
    QVERIFY(script.calls.load() - failStart >= 3);
    QCOMPARE(QJsonDocument::fromJson(
                 TestHttp::get(url(QStringLiteral("/v1/health/service/flappy"), QStringLiteral("passing"))).body)
                 .array()
                 .size(),
        0);
    // Clients cannot override an HTTP check.
    QCOMPARE(put(QStringLiteral("/v1/agent/check/pass/flappy-1")).status, 400);

    script.mode = 0;
    QTRY_COMPARE_WITH_TIMEOUT(state(), QStringLiteral("passing"), 5000);
}

void TestRegistryService::blockingQueryReturnsSoonAfterAChange()
{
    QCOMPARE(registerJson(QJsonObject { { QStringLiteral("ID"), QStringLiteral("w-1") },
                              { QStringLiteral("Name"), QStringLiteral("w") } })
                 .status,
        200);
    const auto first = TestHttp::get(url(QStringLiteral("/v1/health/service/w"), QStringLiteral("passing")));
    const auto index = first.header("X-Consul-Index").toULongLong();
    QVERIFY(index > 0);

    QNetworkAccessManager network;
    QNetworkRequest request(
        url(QStringLiteral("/v1/health/service/w"), QStringLiteral("passing&index=%1&wait=30s").arg(index)));
    QElapsedTimer sinceChange;
    qint64 latencyMs = -1;
    QNetworkReply *reply = network.get(request);
    connect(reply, &QNetworkReply::finished, this, [&] { latencyMs = sinceChange.elapsed(); });
    QTest::qWait(300);
    QVERIFY(!reply->isFinished()); // parked: nothing changed yet
    // A heartbeat is not a change: the query stays parked.
    QCOMPARE(put(QStringLiteral("/v1/agent/check/pass/w-1")).status, 200);
    QTest::qWait(200);
    QVERIFY(!reply->isFinished());

    sinceChange.start();
    QCOMPARE(registerJson(QJsonObject { { QStringLiteral("ID"), QStringLiteral("w-2") },
                              { QStringLiteral("Name"), QStringLiteral("w") } })
                 .status,
        200);
    QTRY_VERIFY_WITH_TIMEOUT(reply->isFinished(), 5000);
    QCOMPARE(reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 200);
    QVERIFY(reply->rawHeader("X-Consul-Index").toULongLong() > index);
    QCOMPARE(QJsonDocument::fromJson(reply->readAll()).array().size(), 2);
    qInfo("blocking query answered %lld ms after the registration completed", latencyMs);
    // Generous bound (the target is < 100 ms; see the benchmark): far below the 30 s wait.
    QVERIFY(latencyMs >= 0 && latencyMs < 3000);
    delete reply;
}

void TestRegistryService::blockingQueryTimesOutWithTheSameIndex()
{
    QCOMPARE(registerJson(QJsonObject { { QStringLiteral("ID"), QStringLiteral("t-1") },
                              { QStringLiteral("Name"), QStringLiteral("t") } })
                 .status,
        200);
    const auto index
        = TestHttp::get(url(QStringLiteral("/v1/catalog/service/t"))).header("X-Consul-Index").toULongLong();
    QElapsedTimer timer;
    timer.start();
    const auto reply = TestHttp::get(
        url(QStringLiteral("/v1/catalog/service/t"), QStringLiteral("index=%1&wait=700ms").arg(index)), 10000);
    const auto elapsed = timer.elapsed();
    QCOMPARE(reply.status, 200);
    QCOMPARE(reply.header("X-Consul-Index").toULongLong(), index);
    QCOMPARE(QJsonDocument::fromJson(reply.body).array().size(), 1);
    QVERIFY2(elapsed >= 600 && elapsed < 8000, qPrintable(QString::number(elapsed)));
    // A changed service elsewhere does not wake a query on this one... but its own change does.
    QCOMPARE(registerJson(QJsonObject { { QStringLiteral("ID"), QStringLiteral("o-1") },
                              { QStringLiteral("Name"), QStringLiteral("o") } })
                 .status,
        200);
    const auto again
        = TestHttp::get(url(QStringLiteral("/v1/catalog/service/t"), QStringLiteral("index=%1&wait=300ms").arg(index)));
    QCOMPARE(again.header("X-Consul-Index").toULongLong(), index);
    // An index from the past answers at once.
    timer.restart();
    const auto stale = TestHttp::get(
        url(QStringLiteral("/v1/catalog/service/t"), QStringLiteral("index=%1&wait=30s").arg(index - 1)));
    QCOMPARE(stale.status, 200);
    QVERIFY(timer.elapsed() < 5000);
    QCOMPARE(TestHttp::get(url(QStringLiteral("/v1/catalog/service/t"), QStringLiteral("index=1&wait=forever"))).status,
        400);
}

void TestRegistryService::drainRemovesFromPassingButKeepsRegistered()
{
    QCOMPARE(registerJson(QJsonObject { { QStringLiteral("ID"), QStringLiteral("d-1") },
                              { QStringLiteral("Name"), QStringLiteral("d") } })
                 .status,
        200);
    QCOMPARE(put(QStringLiteral("/v1/flightdeck/instances/d-1/drain")).status, 200);
    QCOMPARE(QJsonDocument::fromJson(
                 TestHttp::get(url(QStringLiteral("/v1/health/service/d"), QStringLiteral("passing"))).body)
                 .array()
                 .size(),
        0);
    const auto all = QJsonDocument::fromJson(TestHttp::get(url(QStringLiteral("/v1/health/service/d"))).body).array();
    QCOMPARE(all.size(), 1);
    QCOMPARE(all.at(0).toObject().value(QStringLiteral("Checks")).toArray().size(), 3); // + maintenance check
    // Re-registering (an agent after a restart) does not undo the operator's drain.
    QCOMPARE(registerJson(QJsonObject { { QStringLiteral("ID"), QStringLiteral("d-1") },
                              { QStringLiteral("Name"), QStringLiteral("d") } })
                 .status,
        200);
    QCOMPARE(QJsonDocument::fromJson(
                 TestHttp::get(url(QStringLiteral("/v1/health/service/d"), QStringLiteral("passing"))).body)
                 .array()
                 .size(),
        0);
    QCOMPARE(put(QStringLiteral("/v1/flightdeck/instances/d-1/undrain")).status, 200);
    QCOMPARE(QJsonDocument::fromJson(
                 TestHttp::get(url(QStringLiteral("/v1/health/service/d"), QStringLiteral("passing"))).body)
                 .array()
                 .size(),
        1);
    QCOMPARE(put(QStringLiteral("/v1/flightdeck/instances/nope/drain")).status, 404);
}

void TestRegistryService::badInputGetsClearErrors()
{
    auto expectError = [](const TestHttpResponse &reply, int status, const QString &code) {
        QCOMPARE(reply.status, status);
        QCOMPARE(reply.json().value(QStringLiteral("error")).toObject().value(QStringLiteral("code")).toString(), code);
    };
    expectError(put(QStringLiteral("/v1/agent/service/register"), "{not json"), 400, QStringLiteral("malformed_json"));
    expectError(registerJson(QJsonObject { { QStringLiteral("Port"), 1 } }), 400, QStringLiteral("bad_registration"));
    expectError(registerJson(
                    QJsonObject { { QStringLiteral("Name"), QStringLiteral("a") }, { QStringLiteral("Port"), 70000 } }),
        400, QStringLiteral("bad_registration"));
    expectError(registerJson(QJsonObject { { QStringLiteral("Name"), QStringLiteral("a/b") } }), 400,
        QStringLiteral("bad_registration"));
    expectError(registerJson(QJsonObject { { QStringLiteral("Name"), QStringLiteral("a") },
                    { QStringLiteral("Check"), QJsonObject { { QStringLiteral("TTL"), QStringLiteral("soon") } } } }),
        400, QStringLiteral("bad_registration"));
    expectError(registerJson(QJsonObject { { QStringLiteral("Name"), QStringLiteral("a") },
                    { QStringLiteral("Check"),
                        QJsonObject { { QStringLiteral("HTTP"), QStringLiteral("ftp://x") },
                            { QStringLiteral("Interval"), QStringLiteral("1s") } } } }),
        400, QStringLiteral("bad_registration"));
    expectError(registerJson(QJsonObject { { QStringLiteral("Name"), QStringLiteral("a") },
                    { QStringLiteral("Meta"), QJsonObject { { QStringLiteral("k"), 1 } } } }),
        400, QStringLiteral("bad_registration"));
    QCOMPARE(registerJson(QJsonObject { { QStringLiteral("ID"), QStringLiteral("dup") },
                              { QStringLiteral("Name"), QStringLiteral("one") } })
                 .status,
        200);
    expectError(registerJson(QJsonObject { { QStringLiteral("ID"), QStringLiteral("dup") },
                    { QStringLiteral("Name"), QStringLiteral("two") } }),
        409, QStringLiteral("duplicate_id"));
    expectError(put(QStringLiteral("/v1/agent/check/pass/service:nobody")), 404, QStringLiteral("unknown_check"));
    expectError(put(QStringLiteral("/v1/agent/service/deregister/nobody")), 404, QStringLiteral("unknown_instance"));
    expectError(put(QStringLiteral("/v1/kv/k"), "v", QStringLiteral("cas=abc")), 400, QStringLiteral("bad_cas"));
    expectError(put(QStringLiteral("/v1/kv/big"), QByteArray(600 * 1024, 'x')), 413, QStringLiteral("value_too_large"));
    // Over the server's body limit: refused before it is read.
    const auto huge = TestHttp::rawExchange(m_registry->port(),
        "PUT /v1/agent/service/register HTTP/1.1\r\nHost: x\r\n"
        "Content-Length: 2097152\r\n\r\n{\"Name\":");
    QCOMPARE(TestHttp::statusOf(huge), 413);
    expectError(
        TestHttp::get(url(QStringLiteral("/v1/flightdeck/kv-history/never"))), 404, QStringLiteral("unknown_key"));
    // Nothing of the above was partly written, and the registry still serves.
    const auto services = TestHttp::get(url(QStringLiteral("/v1/catalog/services"))).json();
    QCOMPARE(services.keys(), QStringList { QStringLiteral("one") });
    QCOMPARE(TestHttp::get(url(QStringLiteral("/v1/kv/big"))).status, 404);
}

void TestRegistryService::prometheusConsulSdRequestsParse()
{
    // What Prometheus' consul_sd_configs does: /v1/agent/self for the datacenter, then blocking queries on
    // /v1/catalog/services and /v1/health/service/<name>, reading the fields below with these types.
    QCOMPARE(
        registerJson(QJsonObject { { QStringLiteral("ID"), QStringLiteral("cart-1") },
                         { QStringLiteral("Name"), QStringLiteral("cart") },
                         { QStringLiteral("Address"), QStringLiteral("127.0.0.1") }, { QStringLiteral("Port"), 8080 },
                         { QStringLiteral("Tags"), QJsonArray { QStringLiteral("http") } },
                         { QStringLiteral("Meta"),
                             QJsonObject { { QStringLiteral("metrics_path"), QStringLiteral("/metrics") } } } })
            .status,
        200);
    const auto self = TestHttp::get(url(QStringLiteral("/v1/agent/self"))).json();
    QVERIFY(self.value(QStringLiteral("Config")).toObject().value(QStringLiteral("Datacenter")).isString());

    // The Go client insists on these headers being numbers / booleans.
    const auto services
        = TestHttp::get(url(QStringLiteral("/v1/catalog/services"), QStringLiteral("index=1&wait=1s&stale")));
    bool ok = false;
    QVERIFY(services.header("X-Consul-Index").toULongLong(&ok) > 0 && ok);
    services.header("X-Consul-LastContact").toULongLong(&ok);
    QVERIFY(ok);
    QCOMPARE(services.header("X-Consul-KnownLeader"), QByteArray("true"));
    const auto map = services.json();
    QVERIFY(map.value(QStringLiteral("cart")).isArray());
    QCOMPARE(map.value(QStringLiteral("cart")).toArray().at(0).toString(), QStringLiteral("http"));

    const auto health
        = TestHttp::get(url(QStringLiteral("/v1/health/service/cart"), QStringLiteral("stale&index=1&wait=1s")));
    QCOMPARE(health.status, 200);
    const auto entry = QJsonDocument::fromJson(health.body).array().at(0).toObject();
    const auto node = entry.value(QStringLiteral("Node")).toObject();
    for (const auto *field : { "Node", "Address", "Datacenter" })
        QVERIFY2(node.value(QLatin1String(field)).isString(), field);
    QVERIFY(node.value(QStringLiteral("Meta")).isObject());
    QVERIFY(node.value(QStringLiteral("TaggedAddresses")).isObject());
    const auto service = entry.value(QStringLiteral("Service")).toObject();
    for (const auto *field : { "ID", "Service", "Address" })
        QVERIFY2(service.value(QLatin1String(field)).isString(), field);
    QVERIFY(service.value(QStringLiteral("Port")).isDouble());
    QVERIFY(service.value(QStringLiteral("Tags")).isArray());
    QCOMPARE(service.value(QStringLiteral("Meta")).toObject().value(QStringLiteral("metrics_path")).toString(),
        QStringLiteral("/metrics"));
    QVERIFY(service.value(QStringLiteral("TaggedAddresses")).isObject());
    const auto checks = entry.value(QStringLiteral("Checks")).toArray();
    QVERIFY(!checks.isEmpty());
    for (const auto &check : checks) {
        const auto status = check.toObject().value(QStringLiteral("Status")).toString();
        QVERIFY(status == QLatin1String("passing") || status == QLatin1String("warning")
            || status == QLatin1String("critical"));
    }
}

void TestRegistryService::restartKeepsState()
{
    QTemporaryDir dir;
    RegistryServiceOptions options;
    options.sqlitePath = dir.filePath(QStringLiteral("registry.sqlite"));
    m_registry = TestHosts::startRegistry(options);
    QVERIFY(m_registry);
    const auto port = m_registry->port();
    QCOMPARE(registerJson(
                 QJsonObject { { QStringLiteral("ID"), QStringLiteral("keep-1") },
                     { QStringLiteral("Name"), QStringLiteral("keep") }, { QStringLiteral("Port"), 7000 },
                     { QStringLiteral("Check"), QJsonObject { { QStringLiteral("TTL"), QStringLiteral("30s") } } } })
                 .status,
        200);
    QCOMPARE(put(QStringLiteral("/v1/kv/cfg"), "v1").body, QByteArray("true"));
    QCOMPARE(put(QStringLiteral("/v1/kv/cfg"), "v2").body, QByteArray("true"));
    const auto indexBefore = TestHttp::get(url(QStringLiteral("/v1/kv/cfg"))).header("X-Consul-Index").toULongLong();
    m_registry->stop();
    QVERIFY(!TestHttp::canConnect(port));

    m_registry = TestHosts::startRegistry(options, port);
    QVERIFY(m_registry);
    const auto health = QJsonDocument::fromJson(
        TestHttp::get(url(QStringLiteral("/v1/health/service/keep"), QStringLiteral("passing"))).body)
                            .array();
    QCOMPARE(health.size(), 1);
    QCOMPARE(health.at(0).toObject().value(QStringLiteral("Service")).toObject().value(QStringLiteral("Port")).toInt(),
        7000);
    const auto kv = TestHttp::get(url(QStringLiteral("/v1/kv/cfg"), QStringLiteral("raw")));
    QCOMPARE(kv.body, QByteArray("v2"));
    QCOMPARE(kv.header("X-Consul-Index").toULongLong(), indexBefore);
    QCOMPARE(TestHttp::get(url(QStringLiteral("/v1/flightdeck/kv-history/cfg")))
                 .json()
                 .value(QStringLiteral("versions"))
                 .toArray()
                 .size(),
        2);
    // The restored instance's lease runs: heartbeats are accepted.
    QCOMPARE(put(QStringLiteral("/v1/agent/check/pass/service:keep-1")).status, 200);
}

void TestRegistryService::consulReadRoutesFilter()
{
    for (const auto &[id, team, port] : { std::tuple { "web-1", "shop", 81 }, std::tuple { "web-2", "ops", 82 } }) {
        const auto body = QStringLiteral(R"({"name": "web", "id": "%1", "port": %2, "meta": {"team": "%3"},
            "check": {"ttl": "30s"}})")
                              .arg(QLatin1String(id))
                              .arg(port)
                              .arg(QLatin1String(team));
        QCOMPARE(put(QStringLiteral("/v1/agent/service/register"), body.toUtf8()).status, 200);
    }
    auto ids = [](const QByteArray &body) {
        const auto object = QJsonDocument::fromJson(body).object();
        auto keys = object.keys();
        keys.sort();
        return keys;
    };
    // Percent-encoded, and form-encoded with '+' for spaces (Python's requests): the same filter.
    for (const auto *query : { "filter=Meta.team%20%3D%3D%20%22shop%22", "filter=Meta.team+%3D%3D+%22shop%22" }) {
        const auto reply = TestHttp::get(url(QStringLiteral("/v1/agent/services"), QLatin1String(query)));
        QCOMPARE(reply.status, 200);
        QCOMPARE(ids(reply.body), QStringList { QStringLiteral("web-1") });
        QVERIFY(!reply.header("X-Consul-Index").isEmpty());
        QCOMPARE(reply.header("X-Consul-KnownLeader"), QByteArray("true"));
    }
    const auto bad
        = TestHttp::get(url(QStringLiteral("/v1/agent/services"), QStringLiteral("filter=Meta.team%20%3D%3D")));
    QCOMPARE(bad.status, 400);
    QVERIFY(bad.body.contains("bad_filter"));
    const auto health = TestHttp::get(
        url(QStringLiteral("/v1/health/service/web"), QStringLiteral("filter=Service.Port%20%3D%3D%2082")));
    const auto entries = QJsonDocument::fromJson(health.body).array();
    QCOMPARE(entries.size(), 1);
    QCOMPARE(
        entries.at(0).toObject().value(QStringLiteral("Service")).toObject().value(QStringLiteral("ID")).toString(),
        QStringLiteral("web-2"));
    // One node: a node-meta condition it does not meet leaves nothing.
    QCOMPARE(
        QJsonDocument::fromJson(
            TestHttp::get(url(QStringLiteral("/v1/catalog/service/web"), QStringLiteral("node-meta=rack:r9"))).body)
            .array()
            .size(),
        0);
    QCOMPARE(TestHttp::get(url(QStringLiteral("/v1/status/leader"))).body, QByteArray("\"127.0.0.1:8300\""));
    const auto checks
        = QJsonDocument::fromJson(TestHttp::get(url(QStringLiteral("/v1/health/state/passing"))).body).array();
    QCOMPARE(checks.size(), 3); // the node's own check and both instances'
}

QTEST_GUILESS_MAIN(TestRegistryService)
#include "tst_registryservice.moc"
