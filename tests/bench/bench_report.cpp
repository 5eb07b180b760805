// PDF report of one hour × six services with charts: how long `--export-report` takes from a recorded
// history file to a finished PDF (reading the history, computing the report, drawing it). Target < 2 s.
// The history is recorded the way the scraper records it: real InstanceTelemetry registries (the same
// code that serves /metrics), collected once per simulated second and ingested into a TimeSeriesStore file.
#include "reports/reportexporter.h"
#include "telemetry/instancetelemetry.h"
#include "telemetry/timeseriesstore.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <memory>
#include <QApplication>
#include <QDateTime>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QRandomGenerator>
#include <QTemporaryDir>

namespace {

constexpr int kServices = 6;
constexpr int kInstancesPerService = 2;
constexpr qint64 kHourMs = 3'600'000;

const char *const kNames[kServices] = { "gateway", "cart", "catalog", "pricing", "inventory", "支付" };

struct Instance
{
    ScrapeTarget target;
    std::unique_ptr<InstanceTelemetry> telemetry;
    int service = 0;
};

// One hour at one scrape per second: a daily-shaped load with noise, a latency that grows with load, an
// error burst on one service and one instance down for five minutes.
void record(const QString &dataDir, qint64 startMs)
{
    TimeSeriesStore::Options options;
    options.path = TimeSeriesStore::defaultPath(dataDir);
    TimeSeriesStore store(options);
    QString error;
    if (!store.open(&error))
        qFatal("cannot open the store: %s", qPrintable(error));
    std::vector<Instance> instances;
    for (int s = 0; s < kServices; ++s) {
        for (int i = 1; i <= kInstancesPerService; ++i) {
            const QString service = QString::fromUtf8(kNames[s]);
            const QString id = service + u'-' + QString::number(i);
            instances.push_back(
                { ScrapeTarget { service, id, QStringLiteral("127.0.0.1"), quint16(9000 + s * 10 + i), true },
                    std::make_unique<InstanceTelemetry>(service, id), s });
        }
    }
    QRandomGenerator random(42);
    for (qint64 second = 0; second < kHourMs / 1000; ++second) {
        const qint64 t = startMs + second * 1000;
        const double phase = double(second) / 3600.0;
        for (auto &instance : instances) {
            const bool down
                = instance.service == 3 && instance.target.instance.endsWith(u'2') && second >= 1800 && second < 2100;
            if (down) {
                store.ingest(instance.target, t, false, {});
                continue;
            }
            const double load = 8 + 6 * std::sin(phase * 2 * M_PI + instance.service) + random.bounded(4.0);
            const int requests = int(load);
            const bool burst = instance.service == 1 && second >= 2400 && second < 2520;
            for (int r = 0; r < requests; ++r) {
                const double base = 0.002 * (1 + instance.service) * (1 + load / 20);
                const double seconds = base * (0.5 + random.bounded(1.0)) * (random.bounded(100) < 3 ? 8 : 1);
                const int status = burst && random.bounded(100) < 30 ? 503 : (random.bounded(1000) < 4 ? 500 : 200);
                instance.telemetry->requestFinished(QStringLiteral("/items/{id}"), "GET", status, seconds);
                if (instance.service == 0 && r % 2 == 0)
                    instance.telemetry->callFinished(
                        QStringLiteral("cart"), QStringLiteral("/carts/{id}"), "GET", 200, seconds / 2);
                if (instance.service == 1 && r % 3 == 0)
                    instance.telemetry->callFinished(
                        QStringLiteral("catalog"), QStringLiteral("/items/{id}"), "GET", status, seconds / 2);
            }
            store.ingest(instance.target, t, true, instance.telemetry->registry().collect(), 0.001);
        }
    }
}

} // namespace

int main(int argc, char *argv[])
{
    if (!qEnvironmentVariableIsSet("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    QTemporaryDir dir;
    const qint64 endMs = QDateTime::currentMSecsSinceEpoch() / 1000 * 1000;
    const qint64 startMs = endMs - kHourMs;
    QElapsedTimer timer;
    timer.start();
    record(dir.path(), startMs);
    std::printf("bench_report: recorded 1 h x %d services x %d instances (%.1f MB history) in %lld ms\n", kServices,
        kInstancesPerService, double(QFileInfo(TimeSeriesStore::defaultPath(dir.path())).size()) / 1e6,
        static_cast<long long>(timer.elapsed()));

    ReportExportJob job;
    job.dataDir = dir.path();
    job.request = { startMs, endMs, {} };
    for (const auto format : { ReportFormat::Pdf, ReportFormat::Html, ReportFormat::Json }) {
        job.format = format;
        job.file = dir.filePath(QStringLiteral("report.") + ReportFormats::name(format));
        const QString keep = qEnvironmentVariable("FLIGHTDECK_BENCH_REPORT_DIR");
        if (!keep.isEmpty())
            job.file = keep + QStringLiteral("/bench-report.") + ReportFormats::name(format);
        std::vector<qint64> prepareMs, totalMs;
        for (int run = 0; run < 3; ++run) {
            timer.restart();
            QString error;
            const auto data = ReportExporter::prepare(job, &error);
            if (!data)
                qFatal("%s", qPrintable(error));
            prepareMs.push_back(timer.elapsed());
            const auto result = ReportExporter::write(job, *data);
            if (!result.ok)
                qFatal("%s", qPrintable(result.message));
            totalMs.push_back(timer.elapsed());
        }
        std::sort(prepareMs.begin(), prepareMs.end());
        std::sort(totalMs.begin(), totalMs.end());
        std::printf(
            "bench_report: %s report, 1 h x %d services: %lld ms median of 3 (read + compute %lld ms), %.0f KB%s\n",
            qPrintable(ReportFormats::name(format).toUpper()), kServices, static_cast<long long>(totalMs[1]),
            static_cast<long long>(prepareMs[1]), double(QFileInfo(job.file).size()) / 1024.0,
            format == ReportFormat::Pdf
                ? (totalMs[1] < 2000 ? "  (target < 2000 ms: met)" : "  (target < 2000 ms: MISSED)")
                : "");
    }
    return 0;
}
