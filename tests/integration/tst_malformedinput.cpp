#include "httptestclient.h"
#include "registry/registryservice.h"
#include "runtime/fleet.h"
#include "runtime/servicehost.h"
#include "runtime/shopfleet.h"

#include <atomic>
#include <memory>
#include <QElapsedTimer>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTest>
#include <thread>
#include <vector>

// Thousands of generated bad requests per service over raw sockets: broken request lines, bad headers,
// oversized and truncated bodies, invalid UTF-8, deep JSON nesting, wrong types, huge numbers, NUL bytes.
// Every reply must be a 4xx with a JSON error body, or the connection closed; never a 5xx, never silence;
// nothing may be written, and each service stays healthy. The generator is seeded: a failure names the
// request, and the same seed reproduces it.
class TestMalformedInput : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void badRequestsAreRefused_data();
    void badRequestsAreRefused();

private:
    QTemporaryDir m_dir;
    std::unique_ptr<Fleet> m_fleet;
    ServiceHost *m_registry = nullptr;
    ShopFleetHosts m_shop;
};

namespace {

constexpr int requestsPerService = 2000;
constexpr int requestTimeoutMs = 400; // truncated requests are answered 408 after this
constexpr int idleTimeoutMs = 1000; // connections that only ever sent blank lines are closed after this

using Outcome = TestHttp::RawOutcome;

Outcome exchange(quint16 port, const QByteArray &bytes)
{
    return TestHttp::rawConversation(port, bytes, 5000, true);
}

// Empty when the outcome is acceptable, else what is wrong with it.
QString judge(const Outcome &outcome)
{
    if (outcome.reply.isEmpty())
        return outcome.closed ? QString() : QStringLiteral("no reply and the connection stayed open (hang)");
    const int status = TestHttp::statusOf(outcome.reply);
    if (status < 400 || status > 499)
        return QStringLiteral("status %1").arg(status);
    const auto body = outcome.reply.mid(outcome.reply.indexOf("\r\n\r\n") + 4);
    const auto json = QJsonDocument::fromJson(body).object();
    if (!json.value(QStringLiteral("error")).toObject().value(QStringLiteral("code")).isString())
        return QStringLiteral("status %1 without a JSON error body").arg(status);
    return {};
}

QString describe(const QByteArray &request)
{
    auto shown = request.left(200);
    QString text;
    for (const char c : shown)
        text += (c >= 32 && c < 127) ? QChar::fromLatin1(c)
                                     : QStringLiteral("\\x%1").arg(uchar(c), 2, 16, QLatin1Char('0'));
    return text + (request.size() > 200 ? QStringLiteral("... (%1 bytes)").arg(request.size()) : QString());
}

// A route that takes a JSON body, and field values that must each be refused there.
struct JsonRoute
{
    QByteArray method;
    QByteArray path;
    QJsonObject valid; // a body that would be accepted; one field at a time is replaced by a bad value
    QHash<QString, QList<QByteArray>> badValues; // field -> raw JSON texts of bad values
};

class Generator
{
public:
    Generator(quint32 seed, QList<JsonRoute> routes, QList<QByteArray> anyPaths)
        : m_random(seed)
        , m_routes(std::move(routes))
        , m_paths(std::move(anyPaths))
    { }

    QByteArray next()
    {
        const int kind = int(m_random.bounded(20));
        switch (kind) {
        case 0:
            return garbageLine();
        case 1:
            return brokenRequestLine();
        case 2:
            return badHeader();
        case 3:
            return badContentLength();
        case 4:
            return oversizedBody();
        case 5:
            return oversizedHeaders();
        case 6:
            return truncatedBody();
        case 7:
            return chunked();
        case 8:
            return badPath();
        default:
            return badJson();
        }
    }

private:
    QByteArray pick(const QList<QByteArray> &list) { return list.at(int(m_random.bounded(int(list.size())))); }
    QByteArray randomBytes(int n, bool binary)
    {
        QByteArray bytes(n, Qt::Uninitialized);
        for (auto &c : bytes)
            c = binary ? char(m_random.bounded(256)) : char(33 + m_random.bounded(94));
        return bytes;
    }
    static QByteArray request(
        const QByteArray &method, const QByteArray &path, const QByteArray &body, const QByteArray &extraHeaders = {})
    {
        return method + ' ' + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" + extraHeaders
            + "Content-Type: application/json\r\n" + "Content-Length: " + QByteArray::number(body.size()) + "\r\n\r\n"
            + body;
    }
    const JsonRoute &route() { return m_routes.at(int(m_random.bounded(int(m_routes.size())))); }

    QByteArray garbageLine() { return randomBytes(1 + int(m_random.bounded(200)), m_random.bounded(2)) + "\r\n\r\n"; }
    QByteArray brokenRequestLine()
    {
        static const QList<QByteArray> lines { "GET\r\n\r\n", " / HTTP/1.1\r\n\r\n", "GET  HTTP/1.1\r\n\r\n",
            "GET /health HTTP/7.1\r\n\r\n", "GET /health HTTX/1.1\r\n\r\n",
            QByteArray("G\x00T /health HTTP/1.1\r\n\r\n", 24), "GET /health HTTP/1.1 extra\r\n\r\n", "\r\n\r\n\r\n\r\n",
            QByteArray("GET /he\x00lth HTTP/1.1\r\n\r\n", 24), "POST\t/cart\tHTTP/1.1\r\n\r\n",
            "\xff\xfe GET / HTTP/1.1\r\n\r\n", "GET /\xc3\x28 HTTP/1.1\r\n\r\n", "GET http://[::1 HTTP/1.1\r\n\r\n" };
        return pick(lines);
    }
    QByteArray badHeader()
    {
        static const QList<QByteArray> headers { "NoColonHere\r\n", "Bad Name: x\r\n", ": empty-name\r\n",
            QByteArray("X-Nul: a\000b\r\n", 12), " folded: continuation\r\n", "X-Bin: \xff\xfe\xfd\r\n",
            "Content-Length: 5\r\nContent-Length: 7\r\n", QByteArray("\x00\x00\x00\r\n", 5), "Host\r\n" };
        // Invalid JSON too: a parser that tolerates the header must still refuse the request.
        const auto body = QByteArray(R"({"x":)");
        const auto &r = route();
        return r.method + ' ' + r.path + " HTTP/1.1\r\n" + pick(headers)
            + "Content-Length: " + QByteArray::number(body.size()) + "\r\n\r\n" + body;
    }
    QByteArray badContentLength()
    {
        static const QList<QByteArray> values { "abc", "-1", "99999999999999999999999", "1e3", "0x10", " ", "12 34",
            "+5" };
        const auto &r = route();
        return r.method + ' ' + r.path + " HTTP/1.1\r\nHost: x\r\nContent-Length: " + pick(values) + "\r\n\r\n{}";
    }
    QByteArray oversizedBody()
    {
        const auto &r = route();
        // Declared only: the guard must refuse on the headers, before reading.
        return r.method + ' ' + r.path + " HTTP/1.1\r\nHost: x\r\nContent-Length: "
            + QByteArray::number(2 * 1024 * 1024 + qint64(m_random.bounded(1 << 20))) + "\r\n\r\n[[[[";
    }
    QByteArray oversizedHeaders()
    {
        return "GET /health HTTP/1.1\r\nX-Pad: " + randomBytes(17 * 1024 + int(m_random.bounded(4096)), false)
            + "\r\n\r\n";
    }
    QByteArray truncatedBody()
    {
        const auto &r = route();
        const auto body = QJsonDocument(r.valid).toJson(QJsonDocument::Compact);
        const int cut = int(m_random.bounded(qMax(1, int(body.size()) - 1)));
        return r.method + ' ' + r.path + " HTTP/1.1\r\nHost: x\r\nContent-Length: " + QByteArray::number(body.size())
            + "\r\n\r\n" + body.left(cut);
    }
    QByteArray chunked()
    {
        const auto &r = route();
        return r.method + ' ' + r.path
            + " HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n4\r\n{}{}\r\n0\r\n\r\n";
    }
    QByteArray badPath()
    {
        static const QList<QByteArray> paths { "/%zz", "/%00", "/../../etc/passwd", "/nope/\xff", "/health/../../x" };
        if (m_random.bounded(2))
            return "GET " + pick(paths) + pick(m_paths) + " HTTP/1.1\r\nHost: x\r\n\r\n";
        // An unknown path with a body on a write method.
        return request("PUT", "/no/such/route/" + randomBytes(8, false).toPercentEncoding(), R"({"a":1})");
    }
    QByteArray badJson()
    {
        const auto &r = route();
        const int kind = int(m_random.bounded(11));
        QByteArray body;
        switch (kind) {
        case 0:
            body = QByteArray(100'000, '[');
            break;
        case 1:
            body = QByteArray("{\"a\":").repeated(30'000);
            break;
        case 2: {
            const auto whole = QJsonDocument(r.valid).toJson(QJsonDocument::Compact);
            body = whole.left(int(m_random.bounded(int(whole.size()))));
            break;
        }
        case 3:
            body = "\xff\xfe{\"" + randomBytes(20, true) + "\": 1}";
            break;
        case 4:
            body = "{\"" + QByteArray("\xc3\x28\xa0\xa1\xed\xa0\x80") + "\": \"\xf0\x28\x8c\x28\"}";
            break;
        case 5:
            body = QByteArray("{\"x\":\0\0\0}", 10);
            break;
        case 6:
            body = pick({ "[]", "\"string\"", "42", "null", "true", "", "{}}", "{,}", "{\"a\" 1}" });
            break;
        case 7:
            body = randomBytes(1 + int(m_random.bounded(500)), true);
            break;
        default: {
            if (r.badValues.isEmpty()) {
                body = randomBytes(1 + int(m_random.bounded(64)), false);
                break;
            }
            // The valid body with one field given a value of the wrong type or out of range.
            const auto fields = r.badValues.keys();
            const auto field = fields.at(int(m_random.bounded(int(fields.size()))));
            auto text = QJsonDocument(r.valid).toJson(QJsonDocument::Compact);
            QJsonObject without = r.valid;
            without.remove(field);
            auto rest = QJsonDocument(without).toJson(QJsonDocument::Compact);
            rest.chop(1);
            body = rest + (without.isEmpty() ? "" : ",") + '"' + field.toUtf8() + "\":" + pick(r.badValues.value(field))
                + '}';
            Q_UNUSED(text);
            break;
        }
        }
        // An empty body is a valid create request (POST /carts picks the id), so it is not a bad one.
        if (body.trimmed().isEmpty())
            body = "{\"";
        return request(r.method, r.path, body);
    }

    QRandomGenerator m_random;
    QList<JsonRoute> m_routes;
    QList<QByteArray> m_paths;
};

const QList<QByteArray> wrongStrings { "5", "null", "[]", "{}", "true", "\"\"", "1e400", "-0",
    "\"" + QByteArray(200, 'x') + "\"", "\"\\u0000\"", "\"a b/c\"", "[\"sku-1001\"]" };
const QList<QByteArray> wrongQuantities { "\"1\"", "0", "-5", "1.5", "1e300", "10001", "null", "[]", "{}",
    "99999999999999999999999999", "-1e400", "true", "NaN", "\"\\u0000\"" };

QList<JsonRoute> routesOf(const QString &service)
{
    const QJsonObject item { { QStringLiteral("item_id"), QStringLiteral("sku-1001") },
        { QStringLiteral("quantity"), 1 } };
    if (service == QLatin1String("cart"))
        return {
            { "POST", "/cart", item,
                { { QStringLiteral("item_id"), wrongStrings }, { QStringLiteral("quantity"), wrongQuantities } } },
            { "DELETE", "/cart", QJsonObject { { QStringLiteral("item_id"), QStringLiteral("sku-1001") } },
                { { QStringLiteral("item_id"), wrongStrings } } },
            { "POST", "/carts", QJsonObject { { QStringLiteral("id"), QStringLiteral("fresh") } },
                { { QStringLiteral("id"),
                    { "5", "[]", "{}", "true", "\"\"", "\"a b\"", "\"../x\"", "\"" + QByteArray(65, 'c') + "\"",
                        "\"\\u0000\"" } } } },
            { "POST", "/carts/malformed/items", item,
                { { QStringLiteral("item_id"), wrongStrings }, { QStringLiteral("quantity"), wrongQuantities } } },
            { "PUT", "/carts/malformed/items/sku-1001", QJsonObject { { QStringLiteral("quantity"), 2 } },
                { { QStringLiteral("quantity"), wrongQuantities } } },
        };
    if (service == QLatin1String("registry"))
        return {
            { "PUT", "/v1/agent/service/register",
                QJsonObject { { QStringLiteral("Name"), QStringLiteral("svc") },
                    { QStringLiteral("ID"), QStringLiteral("svc-1") }, { QStringLiteral("Port"), 9000 } },
                { { QStringLiteral("Name"),
                      { "5", "null", "[]", "\"\"", "\"a b\"", "\"\\u0000\"", "\"" + QByteArray(200, 'n') + "\"" } },
                    { QStringLiteral("ID"), { "5", "[]", "{}", "\"a/b\"", "true" } },
                    { QStringLiteral("Port"), { "\"80\"", "-1", "70000", "1.5", "1e300", "[]", "-1e400" } },
                    { QStringLiteral("Tags"), { "\"x\"", "[1,2]", "{}", "[[]]" } },
                    { QStringLiteral("Meta"), { "[]", "5", "{\"a\":5}", "{\"a\":[]}" } },
                    { QStringLiteral("Check"),
                        { "5", "\"x\"", "{\"TTL\":\"abc\"}", "{\"HTTP\":5}", "{\"TTL\":\"-5s\"}",
                            // Found by the fuzzer: a duration too large for an integer.
                            "{\"HTTP\":\"http://127.0.0.1:1/health\",\"Interval\":\"" + QByteArray(90, '6') + "s\"}",
                            "{\"TTL\":\"" + QByteArray(40, '9') + "h\"}" } } } },
            // KV values are arbitrary bytes; only the key and the query can be wrong there.
            { "PUT", "/v1/kv/x?cas=abc", {}, {} },
            { "PUT", "/v1/kv/x?flags=-1", {}, {} },
            { "PUT", "/v1/kv//leading-slash", {}, {} },
            { "PUT", "/v1/kv/" + QByteArray(600, 'k'), {}, {} },
            { "PUT", "/v1/flightdeck/kv-rollback/x?version=zz", {}, {} },
            { "PUT", "/v1/agent/check/pass/nobody", {}, {} },
        };
    if (service == QLatin1String("traffic"))
        return { { "PUT", "/traffic", QJsonObject { { QStringLiteral("rate"), 0 } },
            { { QStringLiteral("rate"),
                { "\"5\"", "-1", "1e300", "null", "[]", "{}", "1e400", "true", "100001" } } } } };
    // The catalog only reads: every body-carrying request is a wrong method or path.
    return { { "POST", "/items", QJsonObject { { QStringLiteral("id"), QStringLiteral("x") } },
                 { { QStringLiteral("id"), { "5" } } } },
        { "PUT", "/items/sku-1001", QJsonObject { { QStringLiteral("price_cents"), 1 } },
            { { QStringLiteral("price_cents"), { "\"x\"" } } } },
        { "DELETE", "/items", QJsonObject { { QStringLiteral("a"), 1 } }, { { QStringLiteral("a"), { "[]" } } } } };
}

} // namespace

void TestMalformedInput::initTestCase()
{
    QVERIFY(m_dir.isValid());
    HttpLimits limits;
    limits.requestTimeoutMs = requestTimeoutMs;
    limits.idleTimeoutMs = idleTimeoutMs;
    m_fleet = std::make_unique<Fleet>();
    ServiceHostConfig registry;
    registry.serviceName = QStringLiteral("registry");
    registry.limits = limits;
    m_registry = m_fleet->add(registry, [] { return std::make_unique<RegistryService>(RegistryServiceOptions {}); });
    ShopFleetOptions shop;
    shop.cartDatabase = m_dir.filePath(QStringLiteral("carts.sqlite"));
    shop.cartPort = 0;
    shop.cartInstances = 1;
    shop.catalogInstances = 1;
    shop.trafficRate = 0; // paused: every cart write during the test would be ours
    shop.limits = limits;
    m_shop = addShopFleet(*m_fleet, shop);
    QString error;
    QVERIFY2(m_fleet->startAll(&error), qPrintable(error));
    // The cart the item routes write to exists, so a valid request there would succeed.
    auto url = m_shop.carts.first()->baseUrl();
    url.setPath(QStringLiteral("/carts"));
    QCOMPARE(TestHttp::request("POST", url, R"({"id":"malformed"})").status, 201);
    // The (paused) traffic generator creates its shoppers' carts at start; wait for them so they are not
    // mistaken for writes by bad requests.
    QTRY_COMPARE_WITH_TIMEOUT(TestHttp::get(url).body.count("\"shopper-"), 8, 5000);
}

void TestMalformedInput::cleanupTestCase()
{
    m_fleet.reset();
}

void TestMalformedInput::badRequestsAreRefused_data()
{
    QTest::addColumn<QString>("service");
    QTest::addColumn<quint32>("seed");
    QTest::newRow("cart") << QStringLiteral("cart") << 1001u;
    QTest::newRow("catalog") << QStringLiteral("catalog") << 2002u;
    QTest::newRow("registry") << QStringLiteral("registry") << 3003u;
    QTest::newRow("traffic") << QStringLiteral("traffic") << 4004u;
}

void TestMalformedInput::badRequestsAreRefused()
{
    QFETCH(QString, service);
    QFETCH(quint32, seed);
    ServiceHost *host = service == QLatin1String("cart") ? m_shop.carts.first()
        : service == QLatin1String("catalog")            ? m_shop.catalogs.first()
        : service == QLatin1String("registry")           ? m_registry
                                                         : m_shop.traffic;
    const quint16 port = host->port();
    auto url = [host](const QString &path) {
        auto u = host->baseUrl();
        u.setPath(path.section(QLatin1Char('?'), 0, 0));
        if (path.contains(QLatin1Char('?')))
            u.setQuery(path.section(QLatin1Char('?'), 1));
        return u;
    };
    // What a refused request must not have changed.
    const QString statePath = service == QLatin1String("cart") ? QStringLiteral("/carts")
        : service == QLatin1String("registry")                 ? QStringLiteral("/v1/kv/?recurse")
        : service == QLatin1String("traffic")                  ? QStringLiteral("/traffic")
                                                               : QStringLiteral("/items");
    const auto before = TestHttp::get(url(statePath));
    const auto defaultCart = TestHttp::get(m_shop.carts.first()->baseUrl().resolved(QUrl(QStringLiteral("/cart"))));

    Generator generator(seed, routesOf(service), { "/health", "/cart", "/traffic", "/items" });
    QList<QByteArray> requests;
    for (int i = 0; i < requestsPerService; ++i)
        requests.append(generator.next());

    // Sixteen clients at once, each taking the next request; the service sees them concurrently.
    QElapsedTimer timer;
    timer.start();
    QList<QString> verdicts(requests.size());
    std::atomic<qsizetype> next { 0 };
    std::vector<std::thread> clients;
    for (int c = 0; c < 16; ++c)
        clients.emplace_back([&] {
            for (auto i = next++; i < requests.size(); i = next++)
                verdicts[i] = judge(exchange(port, requests.at(i)));
        });
    for (auto &client : clients)
        client.join();
    int closed = 0;
    for (qsizetype i = 0; i < requests.size(); ++i) {
        QVERIFY2(verdicts.at(i).isEmpty(),
            qPrintable(QStringLiteral("%1 request #%2 (seed %3): %4\n  request: %5")
                           .arg(service)
                           .arg(i)
                           .arg(seed)
                           .arg(verdicts.at(i), describe(requests.at(i)))));
    }
    Q_UNUSED(closed);
    qInfo("%s: %d bad requests refused in %lld ms", qPrintable(service), int(requests.size()), timer.elapsed());

    QCOMPARE(TestHttp::get(url(QStringLiteral("/health"))).status, 200);
    const auto after = TestHttp::get(url(statePath));
    QCOMPARE(after.status, before.status);
    if (service != QLatin1String("traffic")) // its counters move on their own
        QCOMPARE(after.body, before.body);
    QCOMPARE(
        TestHttp::get(m_shop.carts.first()->baseUrl().resolved(QUrl(QStringLiteral("/cart")))).body, defaultCart.body);
}

QTEST_GUILESS_MAIN(TestMalformedInput)
#include "tst_malformedinput.moc"
