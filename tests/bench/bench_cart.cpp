// Load test of the cart service with wrk: GET /cart and durable POST /cart at 64 connections on loopback.
// Starts a catalog and one cart instance in this process on ephemeral ports, with the carts in a SQLite
// file in a temporary directory, then runs wrk against each route and prints requests/s and latency
// percentiles. FLIGHTDECK_BENCH_SECONDS (default 5), FLIGHTDECK_BENCH_CONNECTIONS (64) and
// FLIGHTDECK_BENCH_THREADS (1, wrk threads) and FLIGHTDECK_BENCH_ROUNDS (3; the median is reported) change
// the run. The machine's load average is printed, since other work on the machine skews every figure.
#include "httptestclient.h"
#include "runtime/fleet.h"
#include "runtime/servicehost.h"
#include "runtime/shopfleet.h"

#include <cstdio>
#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTemporaryDir>

namespace {

struct WrkResult
{
    bool ok = false;
    double requestsPerSecond = 0;
    qint64 requests = 0;
    qint64 non2xx = 0;
    qint64 socketErrors = 0;
    QString p50, p90, p99;
    QString raw;
};

int envInt(const char *name, int fallback)
{
    bool ok = false;
    const int value = qEnvironmentVariableIntValue(name, &ok);
    return ok && value > 0 ? value : fallback;
}

QString latency(const QString &output, const QString &percent)
{
    const QRegularExpression pattern(
        QStringLiteral("^\\s*%1%\\s+(\\S+)").arg(percent), QRegularExpression::MultilineOption);
    const auto match = pattern.match(output);
    return match.hasMatch() ? match.captured(1) : QStringLiteral("?");
}

WrkResult runWrk(const QString &wrk, const QUrl &url, const QString &script, int seconds, int connections, int threads)
{
    QStringList args { QStringLiteral("-t%1").arg(threads), QStringLiteral("-c%1").arg(connections),
        QStringLiteral("-d%1s").arg(seconds), QStringLiteral("--latency") };
    if (!script.isEmpty())
        args << QStringLiteral("-s") << script;
    args << url.toString();
    std::printf("$ wrk %s\n", qPrintable(args.join(QLatin1Char(' '))));
    std::fflush(stdout);
    QProcess process;
    process.start(wrk, args);
    WrkResult result;
    if (!process.waitForFinished((seconds + 30) * 1000)) {
        process.kill();
        process.waitForFinished(2000);
        result.raw = QStringLiteral("wrk did not finish");
        return result;
    }
    result.raw = QString::fromLocal8Bit(process.readAllStandardOutput() + process.readAllStandardError());
    const auto rps = QRegularExpression(QStringLiteral("Requests/sec:\\s+([0-9.]+)")).match(result.raw);
    const auto total = QRegularExpression(QStringLiteral("(\\d+) requests in")).match(result.raw);
    const auto non2xx = QRegularExpression(QStringLiteral("Non-2xx or 3xx responses:\\s+(\\d+)")).match(result.raw);
    const auto errors
        = QRegularExpression(QStringLiteral("Socket errors: connect (\\d+), read (\\d+), write (\\d+), timeout (\\d+)"))
              .match(result.raw);
    result.ok = rps.hasMatch();
    result.requestsPerSecond = rps.captured(1).toDouble();
    result.requests = total.captured(1).toLongLong();
    result.non2xx = non2xx.hasMatch() ? non2xx.captured(1).toLongLong() : 0;
    if (errors.hasMatch())
        result.socketErrors = errors.captured(1).toLongLong() + errors.captured(2).toLongLong()
            + errors.captured(3).toLongLong() + errors.captured(4).toLongLong();
    result.p50 = latency(result.raw, QStringLiteral("50"));
    result.p90 = latency(result.raw, QStringLiteral("90"));
    result.p99 = latency(result.raw, QStringLiteral("99"));
    return result;
}

qint64 storedQuantity(const QUrl &cartUrl)
{
    qint64 sum = 0;
    for (const auto &line : TestHttp::get(cartUrl, 10000).json().value(QStringLiteral("items")).toArray())
        sum += line.toObject().value(QStringLiteral("quantity")).toInteger();
    return sum;
}

double millis(const QString &latency)
{
    if (latency.endsWith(QLatin1String("us")))
        return latency.chopped(2).toDouble() / 1000.0;
    if (latency.endsWith(QLatin1String("ms")))
        return latency.chopped(2).toDouble();
    if (latency.endsWith(QLatin1String("s")))
        return latency.chopped(1).toDouble() * 1000.0;
    return 1e9;
}

WrkResult median(QList<WrkResult> results)
{
    std::sort(results.begin(), results.end(),
        [](const WrkResult &a, const WrkResult &b) { return a.requestsPerSecond < b.requestsPerSecond; });
    return results.isEmpty() ? WrkResult {} : results.at(results.size() / 2);
}

void printRow(const QString &name, const WrkResult &result)
{
    static bool header = false;
    if (!header) {
        std::printf(
            "%-14s %12s %10s %10s %10s %10s %8s\n", "route", "requests/s", "requests", "p50", "p90", "p99", "errors");
        header = true;
    }
    std::printf("%-14s %12.0f %10lld %10s %10s %10s %8lld\n", qPrintable(name), result.requestsPerSecond,
        static_cast<long long>(result.requests), qPrintable(result.p50), qPrintable(result.p90), qPrintable(result.p99),
        static_cast<long long>(result.non2xx + result.socketErrors));
}

QString loadAverage()
{
    QFile file(QStringLiteral("/proc/loadavg"));
    if (!file.open(QIODevice::ReadOnly))
        return QStringLiteral("unknown");
    return QString::fromLatin1(file.readAll()).section(QLatin1Char(' '), 0, 2);
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const QString wrk = QStandardPaths::findExecutable(QStringLiteral("wrk"));
    if (wrk.isEmpty()) {
        std::fprintf(stderr, "bench_cart: wrk is not installed (./dev installs it)\n");
        return 1;
    }
    const int seconds = envInt("FLIGHTDECK_BENCH_SECONDS", 5);
    const int connections = envInt("FLIGHTDECK_BENCH_CONNECTIONS", 64);
    const int threads = envInt("FLIGHTDECK_BENCH_THREADS", 1);
    const int rounds = envInt("FLIGHTDECK_BENCH_ROUNDS", 3);

    QTemporaryDir dir;
    Fleet fleet;
    ShopFleetOptions options;
    options.cartDatabase = dir.filePath(QStringLiteral("carts.sqlite"));
    options.cartPort = 0;
    options.cartInstances = 1;
    options.catalogInstances = 1;
    options.traffic = false;
    const auto hosts = addShopFleet(fleet, options);
    QString error;
    if (!fleet.startAll(&error)) {
        std::fprintf(stderr, "bench_cart: %s\n", qPrintable(error));
        return 1;
    }
    QUrl cartUrl = hosts.carts.first()->baseUrl();
    cartUrl.setPath(QStringLiteral("/cart"));

    // Put a realistic cart in place (and let the cart learn the catalog) before measuring.
    constexpr int distinctItems = 40;
    for (int i = 0; i < distinctItems; ++i)
        TestHttp::request(
            "POST", cartUrl, QStringLiteral(R"({"item_id": "sku-%1", "quantity": 1})").arg(1001 + i).toUtf8());

    const QString script = dir.filePath(QStringLiteral("post_cart.lua"));
    {
        QFile file(script);
        if (!file.open(QIODevice::WriteOnly)) {
            std::fprintf(stderr, "bench_cart: cannot write %s\n", qPrintable(script));
            return 1;
        }
        // Each request adds one unit of one of the catalog's items, cycling through them.
        file.write(QStringLiteral(
            "local counter = 0\n"
            "wrk.method = \"POST\"\n"
            "wrk.headers[\"Content-Type\"] = \"application/json\"\n"
            "request = function()\n"
            "  counter = counter + 1\n"
            "  local body = string.format('{\"item_id\": \"sku-%d\", \"quantity\": 1}', 1001 + counter % %1)\n"
            "  return wrk.format(nil, \"/cart\", nil, body)\n"
            "end\n")
                       .arg(distinctItems)
                       .toUtf8());
    }

    std::printf("cart benchmark: 1 cart instance (SQLite WAL, synchronous=FULL, group commit), 1 catalog instance,\n"
                "%d connections, %d s per route, %d rounds, wrk threads %d; load average now %s\n\n",
        connections, seconds, rounds, threads, qPrintable(loadAverage()));
    QList<WrkResult> gets, posts;
    bool allOk = true;
    bool durable = true;
    for (int round = 1; round <= rounds; ++round) {
        const auto get = runWrk(wrk, cartUrl, {}, seconds, connections, threads);
        const qint64 before = storedQuantity(cartUrl);
        const auto post = runWrk(wrk, cartUrl, script, seconds, connections, threads);
        const qint64 after = storedQuantity(cartUrl);
        for (const auto &[name, result] : { std::pair { "GET /cart", get }, std::pair { "POST /cart", post } }) {
            if (!result.ok)
                std::printf("%-12s wrk failed:\n%s\n", name, qPrintable(result.raw));
            else
                printRow(QStringLiteral("%1 #%2").arg(QLatin1String(name)).arg(round), result);
        }
        // Every POST wrk saw answered must be in the database (requests cut off at the end may add a few more).
        const qint64 answered = post.requests - post.non2xx;
        std::printf("%-14s %lld POSTs answered, %lld units added to the stored cart\n",
            "  durability:", static_cast<long long>(answered), static_cast<long long>(after - before));
        durable = durable && after - before >= answered;
        allOk = allOk && get.ok && post.ok;
        gets.append(get);
        posts.append(post);
    }
    const auto get = median(gets);
    const auto post = median(posts);
    std::printf("\nmedian of %d rounds (by requests/s):\n", rounds);
    printRow(QStringLiteral("GET /cart"), get);
    printRow(QStringLiteral("POST /cart"), post);
    std::printf(
        "targets (2 cores): GET >= 50000 rps: %s; POST >= 10000 rps: %s; POST p99 < 20 ms: %s; no lost write: %s\n",
        get.requestsPerSecond >= 50000 ? "met" : "NOT met", post.requestsPerSecond >= 10000 ? "met" : "NOT met",
        millis(post.p99) < 20.0 ? "met" : "NOT met", durable ? "yes" : "NO");
    // What the busy cart's /metrics weighs: the default page (coarse latency buckets, what Prometheus reads)
    // and the one the console's scraper reads (plus the bounds of every non-empty 1 % bucket).
    for (const auto &query : { QString(), QStringLiteral("buckets=fine") }) {
        QUrl metricsUrl = hosts.carts.first()->baseUrl();
        metricsUrl.setPath(QStringLiteral("/metrics"));
        metricsUrl.setQuery(query);
        const QByteArray page = TestHttp::get(metricsUrl, 10000).body;
        int samples = 0;
        for (const auto &line : page.split('\n'))
            samples += !line.isEmpty() && !line.startsWith('#') ? 1 : 0;
        std::printf("busy cart GET %s: %lld bytes, %d series (%lld of them latency buckets)\n",
            qPrintable(metricsUrl.path() + (query.isEmpty() ? QString() : QLatin1Char('?') + query)),
            static_cast<long long>(page.size()), samples, static_cast<long long>(page.count("_bucket{")));
    }
    fleet.stopAll();
    return allOk && durable ? 0 : 1;
}
