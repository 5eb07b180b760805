// Telemetry figures: scrape + parse + store of 100 instances x ~200 series every second (CPU %), log hub
// throughput from 8 threads (records/s), and a chart query of 20 series x 86 400 points (ms).
#include "core/logging.h"
#include "http/callobserver.h"
#include "http/httpserver.h"
#include "runtime/servicehost.h"
#include "telemetry/latencyfamilies.h"
#include "telemetry/loghub.h"
#include "telemetry/metricsregistry.h"
#include "telemetry/promparser.h"
#include "telemetry/scraper.h"
#include "telemetry/timeseriesstore.h"

#include <cstdio>
#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QThread>
#include <QTimer>
#include <random>
#include <spdlog/spdlog.h>
#include <sys/resource.h>
#include <thread>
#include <unistd.h>

namespace {

// Runs the event loop for ms without spinning (processEvents with a time limit would busy-wait and
// spoil the CPU figures).
void runEventLoopFor(int ms)
{
    QEventLoop loop;
    QTimer::singleShot(ms, &loop, &QEventLoop::quit);
    loop.exec();
}

double processCpuSeconds()
{
    rusage usage {};
    getrusage(RUSAGE_SELF, &usage);
    return double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec)
        + double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
}

// CPU seconds of the threads whose name starts with prefix (Qt names OS threads after
// QThread::objectName(), truncated to 15 characters).
double threadCpuSeconds(const QByteArray &prefix)
{
    const long ticks = sysconf(_SC_CLK_TCK);
    double total = 0;
    for (const auto &tid : QDir(QStringLiteral("/proc/self/task")).entryList(QDir::Dirs | QDir::NoDotAndDotDot)) {
        QFile comm(QStringLiteral("/proc/self/task/%1/comm").arg(tid));
        if (!comm.open(QIODevice::ReadOnly) || !comm.readAll().trimmed().startsWith(prefix))
            continue;
        QFile stat(QStringLiteral("/proc/self/task/%1/stat").arg(tid));
        if (!stat.open(QIODevice::ReadOnly))
            continue;
        const QByteArray text = stat.readAll();
        const auto fields = text.mid(text.lastIndexOf(')') + 2).split(' ');
        total += double(fields.value(11).toLongLong() + fields.value(12).toLongLong()) / double(ticks);
    }
    return total;
}

// Instruments ten client call paths, so each instance's real /metrics carries ~200 series of the
// instrumentation's own making (10 label sets x (1 counter + 17 buckets + sum + count)) plus its server
// metrics. The page the scraper reads (?buckets=fine) also carries one all-routes histogram per callee with
// both bounds of every non-empty 1 % latency bucket: the call paths see 400 distinct latencies between
// 0.2 and 80 ms. The numbers keep moving, as in a busy fleet.
class SyntheticService : public Service
{
public:
    bool start(ServiceContext &context, QString *) override
    {
        m_calls = context.calls;
        m_timer = new QTimer(&context.server);
        QObject::connect(m_timer, &QTimer::timeout, [this] { tick(); });
        m_timer->start(100);
        tick();
        return true;
    }

private:
    void tick()
    {
        if (!m_calls)
            return;
        for (int i = 0; i < 10; ++i) {
            ++m_n;
            m_calls->callFinished(QStringLiteral("dep-%1").arg(i % 5), QStringLiteral("/route/%1").arg(i), "GET",
                m_n % 50 == 0 ? 503 : 200, 0.0002 * double(1 + (m_n * 7919) % 400));
        }
    }
    CallObserver *m_calls = nullptr;
    QTimer *m_timer = nullptr;
    quint64 m_n = 0;
};

long residentKb()
{
    QFile status(QStringLiteral("/proc/self/status"));
    if (!status.open(QIODevice::ReadOnly))
        return 0;
    for (const auto &line : status.readAll().split('\n')) {
        if (line.startsWith("VmRSS:"))
            return line.mid(6).trimmed().split(' ').value(0).toLong();
    }
    return 0;
}

// fineBuckets: the scraper asks for /metrics?buckets=fine (the console's default) or the coarse page.
void benchScrape(bool fineBuckets)
{
    constexpr int kInstances = 100;
    constexpr int kSeconds = 15;
    std::vector<std::unique_ptr<ServiceHost>> hosts;
    QList<ServiceInstance> targets;
    for (int i = 0; i < kInstances; ++i) {
        ServiceHostConfig config;
        config.serviceName = QStringLiteral("synthetic");
        config.instanceId = QStringLiteral("synthetic-%1").arg(i + 1);
        hosts.push_back(std::make_unique<ServiceHost>(config, [] { return std::make_unique<SyntheticService>(); }));
        QString error;
        if (!hosts.back()->start(&error)) {
            std::printf("cannot start instance: %s\n", qPrintable(error));
            return;
        }
        targets.append(
            { config.instanceId, config.serviceName, QStringLiteral("127.0.0.1"), hosts.back()->port(), 1, true });
    }

    TimeSeriesStore::Options options;
    options.path
        = QDir::temp().filePath(QStringLiteral("flightdeck-bench-%1.fdts").arg(QCoreApplication::applicationPid()));
    QFile::remove(options.path);
    const long rss0 = residentKb();
    TimeSeriesStore store(options);
    store.open();
    Scraper::Options scrapeOptions;
    scrapeOptions.fineBuckets = fineBuckets;
    Scraper scraper(&store, scrapeOptions);
    int rounds = 0, fullRounds = 0;
    QObject::connect(&scraper, &Scraper::roundFinished, [&](qint64, int count, int up) {
        ++rounds;
        fullRounds += (count == kInstances && up == kInstances) ? 1 : 0;
    });
    scraper.setStaticTargets(targets);
    scraper.start();
    // Warm up (connections, series creation), then measure.
    runEventLoopFor(2500);
    const double cpu0 = processCpuSeconds();
    const double scraperCpu0 = threadCpuSeconds("scraper");
    const double instancesCpu0 = threadCpuSeconds("synthetic-");
    const qint64 points0 = store.pointCount();
    const int rounds0 = rounds, full0 = fullRounds;
    QElapsedTimer wall;
    wall.start();
    runEventLoopFor(kSeconds * 1000);
    const double seconds = double(wall.elapsed()) / 1000.0;
    const double cpu = processCpuSeconds() - cpu0;
    const double scraperCpu = threadCpuSeconds("scraper") - scraperCpu0;
    const double instancesCpu = threadCpuSeconds("synthetic-") - instancesCpu0;
    const qint64 fileBytes = QFileInfo(options.path).size();
    scraper.stop();
    const int series = store.seriesCount();
    std::printf("scrape+parse+store, %s buckets: %d instances, %d series in the store (%.0f per instance; %d "
                "dropped over the cap of %d), %.1f s measured\n",
        fineBuckets ? "fine" : "coarse", kInstances, series, double(series) / kInstances, store.droppedSeries(),
        options.maxSeries, seconds);
    std::printf("  memory: process RSS grew by %.0f MB while scraping (store, history buffers, network)\n",
        double(residentKb() - rss0) / 1024.0);
    std::printf("  rounds: %d (%d with all %d targets up), points stored: %.0f/s\n", rounds - rounds0,
        fullRounds - full0, kInstances, double(store.pointCount() - points0) / seconds);
    std::printf("  CPU: scraper thread (HTTP client + parse + store + history file) %.1f %% of one core\n",
        100.0 * scraperCpu / seconds);
    std::printf("  CPU: console side (whole process minus the 100 instance threads) %.1f %% of one core\n",
        100.0 * (cpu - instancesCpu) / seconds);
    std::printf("  CPU: whole process incl. the 100 serving instances %.1f %% of one core\n", 100.0 * cpu / seconds);
    std::printf("  history file: %.1f MB after %.1f s\n", double(fileBytes) / 1e6, seconds + 2.5);
    QFile::remove(options.path);
    for (auto &host : hosts)
        host->stop();
}

void benchParseOnly()
{
    // The parser alone on one realistic page, for scale.
    ServiceHostConfig config;
    config.serviceName = QStringLiteral("synthetic");
    config.instanceId = QStringLiteral("synthetic-parse");
    ServiceHost host(config, [] { return std::make_unique<SyntheticService>(); });
    host.start();
    QThread::msleep(300);
    QNetworkAccessManager network;
    // The default page (coarse latency buckets) and the one the scraper reads (with the fine ones).
    for (const auto &query : { QString(), QStringLiteral("buckets=fine") }) {
        QUrl url = host.baseUrl();
        url.setPath(QStringLiteral("/metrics"));
        url.setQuery(query);
        QNetworkReply *reply = network.get(QNetworkRequest(url));
        QEventLoop loop;
        QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
        QTimer::singleShot(5000, &loop, &QEventLoop::quit);
        loop.exec();
        const QByteArray page = reply->readAll();
        reply->deleteLater();
        QElapsedTimer timer;
        timer.start();
        int samples = 0, parses = 0;
        while (timer.elapsed() < 2000) {
            samples += PromParser::parse(page).sampleCount;
            ++parses;
        }
        std::printf("parser alone, /metrics%s: %d-byte page with %d samples, %.0f pages/s, %.2f M samples/s\n",
            query.isEmpty() ? "" : "?buckets=fine", int(page.size()), samples / std::max(1, parses),
            parses / (double(timer.elapsed()) / 1000.0), samples / (double(timer.elapsed()) / 1000.0) / 1e6);
    }
    host.stop();
}

void benchLogHub()
{
    constexpr int kThreads = 8;
    constexpr int kPerThread = 250'000;
    Logging::Options options;
    options.console = false;
    Logging::init(QString(), options);
    auto hub = std::make_shared<LogHub>(20'000);
    Logging::addSink(hub);
    std::atomic<bool> done { false };
    quint64 read = 0;
    std::thread reader([&] { // polls like the console's log model at ~10 Hz
        quint64 seen = 0;
        while (!done) {
            const auto batch = hub->recordsSince(seen);
            if (!batch.isEmpty())
                seen = batch.last().seq;
            read += quint64(batch.size());
            std::this_thread::sleep_for(std::chrono::milliseconds(100));
        }
    });
    QElapsedTimer timer;
    timer.start();
    std::vector<std::thread> writers;
    for (int t = 0; t < kThreads; ++t) {
        writers.emplace_back([t] {
            auto logger = Logging::get("bench-" + std::to_string(t + 1));
            for (int i = 0; i < kPerThread; ++i)
                logger->info("request {} served in {} us for cart {}", i, 120 + i % 50, t);
        });
    }
    for (auto &writer : writers)
        writer.join();
    const double seconds = double(timer.nsecsElapsed()) / 1e9;
    done = true;
    reader.join();
    Logging::removeSink(hub);
    std::printf("log hub: %d threads x %d records through spdlog into a %zu-record ring: %.2f M records/s "
                "(reader copied out %llu while writing)\n",
        kThreads, kPerThread, hub->capacity(), kThreads * kPerThread / seconds / 1e6,
        static_cast<unsigned long long>(read));
}

void benchQuery()
{
    constexpr int kSeries = 20;
    constexpr int kPoints = 86'400;
    TimeSeriesStore::Options options;
    options.fineRetentionMs = qint64(kPoints) * 1000 + 60'000; // a day at full resolution
    options.retentionMs = options.fineRetentionMs;
    TimeSeriesStore store(options);
    const qint64 t0 = 1'700'000'000'000;
    MetricFamily family { QStringLiteral("http_requests_total"), MetricType::Counter, QString(), {} };
    family.samples.append({ family.name, { { "route", "/cart" }, { "method", "GET" }, { "status", "200" } }, 0, {} });
    QElapsedTimer fill;
    fill.start();
    for (int s = 0; s < kPoints; ++s) {
        for (int i = 0; i < kSeries; ++i) {
            family.samples[0].value = double(s) * (i + 1);
            store.ingest(ScrapeTarget { QStringLiteral("cart"), QStringLiteral("cart-%1").arg(i + 1), {}, 0, true },
                t0 + s * 1000, true, { family });
        }
    }
    const double fillSeconds = double(fill.elapsed()) / 1000.0;
    std::printf("query: store filled with %d targets x %d scrapes (%lld points) in %.1f s\n", kSeries, kPoints,
        static_cast<long long>(store.pointCount()), fillSeconds);

    for (int run = 0; run < 3; ++run) {
        QElapsedTimer timer;
        timer.start();
        qsizetype points = 0;
        for (int i = 0; i < kSeries; ++i) {
            MetricSelector selector;
            selector.kind = MetricKind::RequestRate;
            selector.service = QStringLiteral("cart");
            selector.instance = QStringLiteral("cart-%1").arg(i + 1);
            selector.windowMs = 60'000;
            points += store.series(selector, t0, t0 + qint64(kPoints - 1) * 1000, 1000).size();
        }
        const double rateMs = double(timer.nsecsElapsed()) / 1e6;
        timer.restart();
        qsizetype raw = 0;
        for (int i = 0; i < kSeries; ++i)
            raw += store
                       .rawPoints(QStringLiteral("http_requests_total"),
                           { { "instance", QStringLiteral("cart-%1").arg(i + 1) } }, t0, t0 + qint64(kPoints) * 1000)
                       .size();
        const double rawMs = double(timer.nsecsElapsed()) / 1e6;
        timer.restart();
        constexpr int kEvaluations = 10'000;
        double sink = 0;
        for (int e = 0; e < kEvaluations; ++e) {
            MetricSelector selector;
            selector.kind = e % 2 ? MetricKind::RequestRate : MetricKind::ErrorRatio;
            selector.service = QStringLiteral("cart");
            selector.instance = QStringLiteral("cart-%1").arg(e % kSeries + 1);
            sink += store.evaluate(selector, t0 + qint64(e % kPoints) * 1000 + 500).value_or(0);
        }
        std::printf("  run %d: one evaluate() as the alert engine calls it: %.1f us (checksum %.0f)\n", run + 1,
            double(timer.nsecsElapsed()) / 1e3 / kEvaluations, sink);
        std::printf("  run %d: 20 rate series x 86 400 steps (1 min window) = %lld points in %.1f ms; "
                    "20 raw series = %lld points in %.1f ms\n",
            run + 1, static_cast<long long>(points), rateMs, static_cast<long long>(raw), rawMs);
    }
}

// The latency chart: p50/p95/p99 of one instance over an hour at 1 s steps, from an hour of scrapes of its
// fine buckets (one route, 50 requests a second from a wide log-normal spread).
void benchQuantileQuery()
{
    TimeSeriesStore store;
    MetricsRegistry registry;
    // As an instance exports it: the per-route histogram with its coarse buckets on every page, and the
    // all-routes one with its fine buckets on the page the console reads.
    registry.describe(QStringLiteral("http_request_duration_seconds"), MetricType::Histogram, QStringLiteral("l"));
    registry.describe(LatencyFamilies::server(), MetricType::Histogram, QStringLiteral("l"),
        LatencyHistogram::defaultBounds(), MetricsRegistry::Page::FinePageOnly);
    const MetricLabels labels { { "route", "/cart" }, { "method", "GET" }, { "status", "200" } };
    std::mt19937_64 random(7);
    std::lognormal_distribution<double> lognormal(std::log(0.002), 1.2);
    const qint64 t0 = 1'700'000'000'000;
    constexpr int kScrapes = 3600;
    QElapsedTimer fill;
    fill.start();
    for (int s = 0; s < kScrapes; ++s) {
        for (int i = 0; i < 50; ++i) {
            const double seconds = lognormal(random);
            registry.observe(QStringLiteral("http_request_duration_seconds"), labels, seconds);
            registry.observe(LatencyFamilies::server(), {}, seconds);
        }
        store.ingest(ScrapeTarget { QStringLiteral("cart"), QStringLiteral("cart-1"), {}, 0, true }, t0 + s * 1000,
            true, registry.collect(true));
    }
    std::printf("quantile chart: an hour of fine-bucket scrapes (%d series, %lld points) stored in %.1f s\n",
        store.seriesCount(), static_cast<long long>(store.pointCount()), double(fill.elapsed()) / 1000.0);
    for (int run = 0; run < 3; ++run) {
        QElapsedTimer timer;
        timer.start();
        qsizetype points = 0;
        for (const double q : { 0.5, 0.95, 0.99 }) {
            MetricSelector selector;
            selector.kind = MetricKind::LatencyQuantile;
            selector.service = QStringLiteral("cart");
            selector.quantile = q;
            selector.windowMs = 60'000;
            points += store.series(selector, t0, t0 + qint64(kScrapes - 1) * 1000, 1000).size();
        }
        std::printf("  run %d: p50, p95, p99 x %d steps (1 min window) = %lld points in %.1f ms\n", run + 1, kScrapes,
            static_cast<long long>(points), double(timer.nsecsElapsed()) / 1e6);
    }
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    Logging::Options quiet;
    quiet.console = false;
    Logging::init(QString(), quiet);
    const QStringList args = app.arguments();
    const bool all = args.size() < 2;
    if (all || args.contains(QStringLiteral("scrape"))) {
        benchScrape(false);
        benchScrape(true);
        benchParseOnly();
    }
    if (all || args.contains(QStringLiteral("log")))
        benchLogHub();
    if (all || args.contains(QStringLiteral("query"))) {
        benchQuery();
        benchQuantileQuery();
    }
    return 0;
}
