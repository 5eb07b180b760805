// How the registry reads what Consul clients send: field names in any case and in snake_case (as Consul's
// decoder takes them), check definitions of each kind with Consul-style refusals, and ?filter= expressions.
#include "registry/consulfilter.h"
#include "registry/consuljson.h"
#include "registry/consulkeys.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

class TestConsulDecoding : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void fieldNamesInAnySpelling();
    void userKeysKeepTheirSpelling();
    void checkKinds();
    void refusals_data();
    void refusals();
    void filters_data();
    void filters();
    void filterSyntaxErrors_data();
    void filterSyntaxErrors();
    void waitDurationsInGoSyntax();
};

namespace {

QJsonObject parse(const char *json)
{
    QJsonParseError error;
    const auto document = QJsonDocument::fromJson(QByteArray(json), &error);
    if (error.error != QJsonParseError::NoError)
        qFatal("bad test JSON: %s", json);
    return document.object();
}

bool registration(const char *json, RegistryInstance *instance, QString *error)
{
    return ConsulJson::parseRegistration(parse(json), 5000, instance, error);
}

} // namespace

void TestConsulDecoding::fieldNamesInAnySpelling()
{
    // python-consul's spelling, Consul's own, and the snake_case its documentation once used: one result.
    const char *spellings[] = {
        R"({"name": "orders", "id": "orders-1", "port": 8080, "tags": ["a"], "enabletagoverride": true,
            "check": {"ttl": "7s", "deregister_critical_service_after": "90s"}})",
        R"({"Name": "orders", "ID": "orders-1", "Port": 8080, "Tags": ["a"], "EnableTagOverride": true,
            "Check": {"TTL": "7s", "DeregisterCriticalServiceAfter": "90s"}})",
        R"({"NAME": "orders", "Id": "orders-1", "port": 8080, "TAGS": ["a"], "enable_tag_override": true,
            "checks": [{"Ttl": "7s", "deregistercriticalserviceafter": "90s"}]})",
    };
    for (const char *json : spellings) {
        RegistryInstance instance;
        QString error;
        QVERIFY2(registration(json, &instance, &error), qPrintable(error));
        QCOMPARE(instance.service, QStringLiteral("orders"));
        QCOMPARE(instance.id, QStringLiteral("orders-1"));
        QCOMPARE(instance.port, quint16(8080));
        QCOMPARE(instance.tags, QStringList { QStringLiteral("a") });
        QVERIFY(instance.enableTagOverride);
        QCOMPARE(instance.check.kind, HealthCheck::Kind::Ttl);
        QCOMPARE(instance.check.ttlMs, 7000);
        QCOMPARE(instance.check.deregisterCriticalAfterMs, 90'000);
    }
    // Exact spelling wins over a case-folded duplicate, as in Go's decoder.
    const auto both = ConsulKeys::canonical(parse(R"({"name": "lower", "Name": "exact"})"));
    QCOMPARE(both.value(QStringLiteral("Name")).toString(), QStringLiteral("exact"));
}

void TestConsulDecoding::userKeysKeepTheirSpelling()
{
    RegistryInstance instance;
    QString error;
    QVERIFY2(registration(R"({"name": "web", "meta": {"Team_Name": "shop", "ttl": "not a field"},
        "tagged_addresses": {"LAN": {"address": "10.0.0.5", "port": 81}},
        "check": {"http": "http://127.0.0.1:81/health", "interval": "5s", "header": {"X-Token": ["a", "b"]},
                  "method": "HEAD", "tls_skip_verify": true}})",
                 &instance, &error),
        qPrintable(error));
    QCOMPARE(instance.meta.value(QStringLiteral("Team_Name")), QStringLiteral("shop"));
    QCOMPARE(instance.meta.value(QStringLiteral("ttl")), QStringLiteral("not a field"));
    QCOMPARE(instance.taggedAddresses.value(QStringLiteral("LAN")).address, QStringLiteral("10.0.0.5"));
    QCOMPARE(instance.taggedAddresses.value(QStringLiteral("LAN")).port, quint16(81));
    QCOMPARE(instance.check.httpHeaders.value(QStringLiteral("X-Token")),
        (QStringList { QStringLiteral("a"), QStringLiteral("b") }));
    QCOMPARE(instance.check.httpMethod, QStringLiteral("HEAD"));
    QVERIFY(instance.check.tlsSkipVerify);
}

void TestConsulDecoding::checkKinds()
{
    RegistryInstance instance;
    QString error;
    QVERIFY2(registration(R"({"Name": "db", "Check": {"TCP": "127.0.0.1:5432", "Interval": "2s", "Timeout": "1s",
        "FailuresBeforeCritical": 3, "SuccessBeforePassing": 2, "CheckID": "db-port", "Name": "port open"}})",
                 &instance, &error),
        qPrintable(error));
    QCOMPARE(instance.check.kind, HealthCheck::Kind::Tcp);
    QCOMPARE(instance.check.tcpAddress, QStringLiteral("127.0.0.1:5432"));
    QCOMPARE(instance.check.intervalMs, 2000);
    QCOMPARE(instance.check.timeoutMs, 1000);
    QCOMPARE(instance.check.failuresBeforeCritical, 3);
    QCOMPARE(instance.check.successesBeforePassing, 2);
    QCOMPARE(instance.checkId(), QStringLiteral("db-port"));
    QCOMPARE(instance.checkName(), QStringLiteral("port open"));
    QCOMPARE(instance.state, HealthState::Critical); // checks the registry runs start critical, as in Consul
    QVERIFY(registration(R"({"Name": "db", "Check": {"TTL": "5s", "Status": "warning"}})", &instance, &error));
    QCOMPARE(instance.state, HealthState::Warning);
    // An empty check is no check (Consul ignores it): the default lease applies.
    QVERIFY(registration(R"({"Name": "db", "Check": {}})", &instance, &error));
    QCOMPARE(instance.check.kind, HealthCheck::Kind::Ttl);
    QCOMPARE(instance.check.ttlMs, 5000);
}

void TestConsulDecoding::refusals_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QString>("reason");
    QTest::newRow("no name") << QByteArray(R"({"id": "x"})") << QStringLiteral("Name");
    QTest::newRow("name not a string") << QByteArray(R"({"name": 5})") << QStringLiteral("Name");
    QTest::newRow("port a string") << QByteArray(R"({"name": "a", "port": "80"})") << QStringLiteral("Port");
    QTest::newRow("port fraction") << QByteArray(R"({"name": "a", "port": 80.5})") << QStringLiteral("Port");
    QTest::newRow("tags not strings") << QByteArray(R"({"name": "a", "tags": [1]})") << QStringLiteral("Tags");
    QTest::newRow("meta bad key") << QByteArray(R"({"name": "a", "meta": {"a b": "x"}})") << QStringLiteral("Meta key");
    QTest::newRow("meta not string") << QByteArray(R"({"name": "a", "meta": {"k": 1}})") << QStringLiteral("Meta");
    QTest::newRow("script check") << QByteArray(R"({"name": "a", "check": {"args": ["true"], "interval": "1s"}})")
                                  << QStringLiteral("Check.Args");
    QTest::newRow("grpc check") << QByteArray(R"({"name": "a", "check": {"grpc": "h:1", "interval": "1s"}})")
                                << QStringLiteral("Check.GRPC");
    QTest::newRow("kindless check") << QByteArray(R"({"name": "a", "check": {"interval": "1s"}})")
                                    << QStringLiteral("one of TTL, HTTP");
    QTest::newRow("two kinds") << QByteArray(R"({"name": "a", "check": {"ttl": "1s", "tcp": "h:1"}})")
                               << QStringLiteral("one of TTL, HTTP or TCP");
    QTest::newRow("tcp no port") << QByteArray(R"({"name": "a", "check": {"tcp": "localhost", "interval": "1s"}})")
                                 << QStringLiteral("host:port");
    QTest::newRow("tcp no interval") << QByteArray(R"({"name": "a", "check": {"tcp": "h:1"}})")
                                     << QStringLiteral("Interval");
    QTest::newRow("http bad method") << QByteArray(
        R"({"name": "a", "check": {"http": "http://h/", "interval": "1s", "method": "get me"}})")
                                     << QStringLiteral("Method");
    QTest::newRow("header not list") << QByteArray(
        R"({"name": "a", "check": {"http": "http://h/", "interval": "1s", "header": {"X": "y"}}})")
                                     << QStringLiteral("Header.X");
    QTest::newRow("bad duration") << QByteArray(R"({"name": "a", "check": {"ttl": "soon"}})") << QStringLiteral("TTL");
    QTest::newRow("bad status") << QByteArray(R"({"name": "a", "check": {"ttl": "5s", "status": "fine"}})")
                                << QStringLiteral("Status");
    QTest::newRow("connect proxy") << QByteArray(R"({"name": "a", "kind": "connect-proxy"})") << QStringLiteral("Kind");
    QTest::newRow("tagged address") << QByteArray(R"({"name": "a", "taggedaddresses": {"lan": "10.0.0.1"}})")
                                    << QStringLiteral("TaggedAddresses.lan");
    QTest::newRow("override not bool") << QByteArray(R"({"name": "a", "enable_tag_override": "yes"})")
                                       << QStringLiteral("EnableTagOverride");
}

void TestConsulDecoding::refusals()
{
    QFETCH(QByteArray, body);
    QFETCH(QString, reason);
    RegistryInstance instance;
    QString error;
    QVERIFY(!registration(body.constData(), &instance, &error));
    QVERIFY2(error.contains(reason), qPrintable(QStringLiteral("\"%1\" does not name %2").arg(error, reason)));
}

void TestConsulDecoding::filters_data()
{
    QTest::addColumn<QString>("expression");
    QTest::addColumn<bool>("matches");
    QTest::newRow("==") << QStringLiteral(R"(Service == "web")") << true;
    QTest::newRow("== other") << QStringLiteral(R"(Service == "db")") << false;
    QTest::newRow("!=") << QStringLiteral(R"(Service != "db")") << true;
    QTest::newRow("number") << QStringLiteral("Port == 8080") << true;
    QTest::newRow("in list") << QStringLiteral(R"("v2" in Tags)") << true;
    QTest::newRow("not in list") << QStringLiteral(R"("v9" not in Tags)") << true;
    QTest::newRow("contains") << QStringLiteral(R"(Tags contains "canary")") << true;
    QTest::newRow("not contains") << QStringLiteral(R"(Tags not contains "canary")") << false;
    QTest::newRow("map key") << QStringLiteral(R"("env" in Meta)") << true;
    QTest::newRow("map value") << QStringLiteral(R"(Meta.env == "prod")") << true;
    QTest::newRow("map brackets") << QStringLiteral(R"(Meta["env"] == "prod")") << true;
    QTest::newRow("missing reads empty") << QStringLiteral("Meta.zone is empty") << true;
    QTest::newRow("is not empty") << QStringLiteral("Tags is not empty") << true;
    QTest::newRow("substring") << QStringLiteral(R"(Address contains "10.0")") << true;
    QTest::newRow("matches") << QStringLiteral(R"(Service matches "^w.b$")") << true;
    QTest::newRow("not matches") << QStringLiteral(R"(Service not matches "^db")") << true;
    QTest::newRow("through a list") << QStringLiteral(R"(Checks.Status == "critical")") << true;
    QTest::newRow("through a list, none") << QStringLiteral(R"(Checks.Status == "warning")") << false;
    QTest::newRow("and") << QStringLiteral(R"(Service == "web" and Meta.env == "prod")") << true;
    QTest::newRow("and false") << QStringLiteral(R"(Service == "web" and Meta.env == "dev")") << false;
    QTest::newRow("or") << QStringLiteral(R"(Service == "db" or "v2" in Tags)") << true;
    QTest::newRow("not") << QStringLiteral(R"(not Service == "db")") << true;
    QTest::newRow("precedence") << QStringLiteral(R"(Service == "db" and Port == 1 or Port == 8080)") << true;
    QTest::newRow("parentheses") << QStringLiteral(R"(Service == "db" and (Port == 1 or Port == 8080))") << false;
    QTest::newRow("backquotes") << QStringLiteral("Service == `web`") << true;
    QTest::newRow("empty filter") << QString() << true;
}

void TestConsulDecoding::filters()
{
    QFETCH(QString, expression);
    QFETCH(bool, matches);
    const auto object = parse(R"({"Service": "web", "Port": 8080, "Address": "10.0.0.7", "Tags": ["v2", "canary"],
        "Meta": {"env": "prod"}, "Checks": [{"Status": "passing"}, {"Status": "critical"}]})");
    ConsulFilter filter;
    QString error;
    QVERIFY2(filter.parse(expression, &error), qPrintable(error));
    QCOMPARE(filter.matches(object), matches);
}

void TestConsulDecoding::filterSyntaxErrors_data()
{
    QTest::addColumn<QString>("expression");
    QTest::newRow("no operator") << QStringLiteral("Service");
    QTest::newRow("no value") << QStringLiteral("Service ==");
    QTest::newRow("open string") << QStringLiteral(R"(Service == "web)");
    QTest::newRow("open paren") << QStringLiteral(R"((Service == "web")");
    QTest::newRow("dangling and") << QStringLiteral(R"(Service == "web" and)");
    QTest::newRow("bad char") << QStringLiteral(R"(Service ~ "web")");
    QTest::newRow("bad regex") << QStringLiteral(R"(Service matches "(")");
    QTest::newRow("is what") << QStringLiteral("Tags is full");
    QTest::newRow("too deep") << QString(200, QLatin1Char('(')) + QStringLiteral(R"(Service == "a")")
            + QString(200, QLatin1Char(')'));
}

void TestConsulDecoding::filterSyntaxErrors()
{
    QFETCH(QString, expression);
    ConsulFilter filter;
    QString error;
    QVERIFY(!filter.parse(expression, &error));
    QVERIFY2(error.startsWith(QLatin1String("filter:")), qPrintable(error));
}

void TestConsulDecoding::waitDurationsInGoSyntax()
{
    qint64 ms = 0;
    QVERIFY(ConsulJson::parseDuration(QStringLiteral("1m30s"), &ms));
    QCOMPARE(ms, 90'000);
    QVERIFY(ConsulJson::parseDuration(QStringLiteral("1.5h"), &ms));
    QCOMPARE(ms, 5'400'000);
    QVERIFY(ConsulJson::parseDuration(QStringLiteral("250ms"), &ms));
    QCOMPARE(ms, 250);
    QVERIFY(ConsulJson::parseDuration(QStringLiteral("1500000us"), &ms));
    QCOMPARE(ms, 1500);
    QVERIFY(ConsulJson::parseDuration(QStringLiteral("2000000000ns"), &ms));
    QCOMPARE(ms, 2000);
    QVERIFY(ConsulJson::parseDuration(QStringLiteral("10"), &ms)); // bare seconds
    QCOMPARE(ms, 10'000);
    QVERIFY(!ConsulJson::parseDuration(QStringLiteral("10 s"), &ms));
    QVERIFY(!ConsulJson::parseDuration(QStringLiteral("5d"), &ms));
}

QTEST_GUILESS_MAIN(TestConsulDecoding)
#include "tst_consuldecoding.moc"
