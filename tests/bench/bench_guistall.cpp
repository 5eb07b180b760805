// How long the GUI thread ever stops answering while the live console works: the real embedded fleet (a
// registry, two catalogs, many carts, the traffic generator) on loopback, the whole window with every
// panel, alert rounds every second, an operator restarting cart instances (each drains up to its timeout)
// and a PDF report exported from the dialog. A probe timer on the GUI thread asks to run every 5 ms; how late
// it runs is the stall. Printed per phase: worst stall, p99, and how many stalls passed 50 ms.
//
//   bench_guistall [carts] [seconds per phase]      (defaults: 96 carts, 20 s)
//
// The "blocking" phase runs the operator's restarts the way a blocking control would (ServiceHost::stop()
// then start() on the GUI thread) for comparison; the console itself restarts through OperatorActions,
// which lets the instance drain on its own thread.
#include "embeddedconsole.h"
#include "operator/operatoractions.h"
#include "reports/reportdialog.h"

#include <algorithm>
#include <cstdio>
#include <QApplication>
#include <QDateTime>
#include <QElapsedTimer>
#include <QStandardPaths>
#include <QTimer>
#include <vector>

namespace {

struct StallProbe
{
    explicit StallProbe(QObject *parent)
        : timer(parent)
    {
        timer.setTimerType(Qt::PreciseTimer);
        timer.setInterval(kIntervalMs);
        QObject::connect(&timer, &QTimer::timeout, [this] {
            const qint64 now = clock.nsecsElapsed();
            if (last > 0)
                stallsMs.push_back(std::max(0.0, double(now - last) / 1e6 - kIntervalMs));
            last = now;
        });
        clock.start();
        timer.start();
    }
    void reset()
    {
        stallsMs.clear();
        last = 0;
    }
    void print(const char *phase) const
    {
        if (stallsMs.empty())
            return;
        auto sorted = stallsMs;
        std::sort(sorted.begin(), sorted.end());
        const auto over50 = std::count_if(sorted.cbegin(), sorted.cend(), [](double ms) { return ms > 50; });
        std::printf("%-34s worst %7.1f ms   p99 %6.1f ms   >50 ms: %3ld of %zu ticks\n", phase, sorted.back(),
            sorted[sorted.size() * 99 / 100], long(over50), sorted.size());
        std::fflush(stdout);
    }

    static constexpr int kIntervalMs = 5;
    QTimer timer;
    QElapsedTimer clock;
    qint64 last = 0;
    std::vector<double> stallsMs;
};

void runFor(int seconds)
{
    QElapsedTimer elapsed;
    elapsed.start();
    while (elapsed.elapsed() < seconds * 1000)
        QCoreApplication::processEvents(QEventLoop::AllEvents, 50);
}

// Every interval, restarts the next running cart instance: through OperatorActions (the console's way) or
// with a blocking stop and start on this thread.
void restartCarts(EmbeddedConsole &live, int seconds, bool blocking)
{
    QElapsedTimer elapsed;
    elapsed.start();
    int next = 1;
    while (elapsed.elapsed() < seconds * 1000) {
        const auto id = QStringLiteral("cart-%1").arg(next++);
        if (auto *host = live.fleet()->host(id)) {
            if (blocking) {
                host->stop();
                host->start();
            } else {
                QString error;
                live.console()->operatorActions()->restart(id, &error);
            }
        }
        runFor(2);
    }
}

} // namespace

int main(int argc, char *argv[])
{
    if (!qEnvironmentVariableIsSet("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QStandardPaths::setTestModeEnabled(true);
    QApplication app(argc, argv);
    const int carts = argc > 1 ? std::max(1, std::atoi(argv[1])) : 96;
    const int seconds = argc > 2 ? std::max(5, std::atoi(argv[2])) : 20;

    EmbeddedConsole live;
    QString error;
    if (!live.start({ carts, QSize(1600, 1000), 1000 }, &error)) {
        std::fprintf(stderr, "bench_guistall: %s\n", qPrintable(error));
        return 1;
    }
    std::printf("GUI thread stalls, %d instances (%d carts), %d s per phase, 5 ms probe\n",
        int(live.fleet()->hosts().size()), carts, seconds);
    StallProbe probe(&app);

    runFor(5); // discovery, first scrapes, first layout
    probe.reset();
    runFor(seconds);
    probe.print("steady (traffic, scrapes, alerts)");

    probe.reset();
    restartCarts(live, seconds, false);
    probe.print("restarts via OperatorActions");

    probe.reset();
    restartCarts(live, seconds, true);
    probe.print("restarts, blocking stop() + start()");

    probe.reset();
    ReportDialog dialog(live.dataDir());
    dialog.setFileName(live.dataDir() + QStringLiteral("/report.pdf"));
    dialog.setRange(QDateTime::currentMSecsSinceEpoch() - 10 * 60'000, QDateTime::currentMSecsSinceEpoch());
    bool done = false;
    QObject::connect(&dialog, &ReportDialog::exportFinished, [&done](bool, const QString &) { done = true; });
    QObject::connect(&dialog, &ReportDialog::servicesLoaded, &dialog, [&dialog] { dialog.startExport(); });
    QElapsedTimer exporting;
    exporting.start();
    while (!done && exporting.elapsed() < 120'000)
        QCoreApplication::processEvents(QEventLoop::AllEvents, 50);
    probe.print(done ? "PDF report export" : "PDF report export (timed out)");
    live.stop();
    return 0;
}
