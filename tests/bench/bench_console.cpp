// Console rendering figures: topology of 100 services / 1 000 instances (layout and frame time), a chart
// of 20 series x 86 400 points (replot time), and the log view over 1 000 000 records (filter time, memory).
#include "logs/logfilterproxy.h"
#include "logs/logtablemodel.h"
#include "metrics/metricspanel.h"
#include "topology/graphlayout.h"
#include "topology/topologyscene.h"

#include <algorithm>
#include <cstdio>
#include <QApplication>
#include <qcustomplot.h>
#include <QElapsedTimer>
#include <QFile>
#include <QImage>
#include <QPainter>
#include <QRandomGenerator>
#include <QStandardPaths>
#include <vector>

namespace {

long residentKiB()
{
    QFile status(QStringLiteral("/proc/self/status"));
    if (!status.open(QIODevice::ReadOnly))
        return 0;
    for (const auto &line : status.readAll().split('\n')) {
        if (line.startsWith("VmRSS:"))
            return line.mid(6).trimmed().split(' ').first().toLong();
    }
    return 0;
}

double median(std::vector<double> values)
{
    std::sort(values.begin(), values.end());
    return values[values.size() / 2];
}

TopologySnapshot bigFleet(int services, int instancesPerService)
{
    QRandomGenerator random(42);
    TopologySnapshot snapshot;
    for (int s = 0; s < services; ++s) {
        TopologyNode node;
        node.service = QStringLiteral("svc-%1").arg(s);
        node.health = QStringLiteral("passing");
        node.rps = random.bounded(100);
        node.errorRatio = random.bounded(10) / 100.0;
        node.p95Ms = random.bounded(200);
        node.hasTraffic = true;
        node.hasLatency = true;
        node.requests = node.rps * 30;
        for (int i = 0; i < instancesPerService; ++i)
            node.instances.append({ QStringLiteral("svc-%1-%2").arg(s).arg(i), QStringLiteral("127.0.0.1"),
                quint16(1000 + i), QStringLiteral("passing"), 1, 0 });
        snapshot.nodes.append(node);
    }
    // A layered call graph: each service calls two services of a later layer.
    for (int s = 0; s < services - 10; ++s) {
        for (int k = 1; k <= 2; ++k) {
            const int callee = std::min(services - 1, s + 5 + int(random.bounded(10)) * k / 2 + k);
            snapshot.edges.append({ QStringLiteral("svc-%1").arg(s), QStringLiteral("svc-%1").arg(callee),
                double(random.bounded(50)), 0.01, 12 });
        }
    }
    return snapshot;
}

void benchTopology()
{
    const auto snapshot = bigFleet(100, 10);
    TopologyScene scene;
    scene.applySnapshot(snapshot);
    GraphLayoutInput input;
    for (const auto &node : snapshot.nodes)
        input.nodes.append({ node.service, QSizeF(200, 90) });
    for (const auto &edge : snapshot.edges)
        input.edges.append({ edge.caller, edge.callee });
    std::vector<double> layouts;
    for (int i = 0; i < 5; ++i) {
        const auto result = GraphLayout::compute(input);
        if (result.centers.size() != snapshot.nodes.size())
            std::printf("layout placed %lld of %lld nodes\n", qlonglong(result.centers.size()),
                qlonglong(snapshot.nodes.size()));
        layouts.push_back(double(result.elapsedMs));
    }
    // Let the scene's own asynchronous layout land before rendering frames.
    QElapsedTimer wait;
    wait.start();
    while (scene.layoutGeneration() == 0 && wait.elapsed() < 10'000)
        QCoreApplication::processEvents(QEventLoop::AllEvents, 50);
    QImage frame(1600, 1000, QImage::Format_ARGB32_Premultiplied);
    std::vector<double> frames;
    for (int i = 0; i < 20; ++i) {
        frame.fill(Qt::white);
        QElapsedTimer timer;
        timer.start();
        QPainter painter(&frame);
        painter.setRenderHint(QPainter::Antialiasing);
        scene.render(&painter, QRectF(0, 0, 1600, 1000), scene.itemsBoundingRect());
        painter.end();
        frames.push_back(double(timer.nsecsElapsed()) / 1e6);
        scene.applySnapshot(snapshot); // a live update between frames
    }
    std::printf("topology  100 services / %d instances / %lld edges: layout %.1f ms (median of 5), frame %.1f ms "
                "(median of 20, 1600x1000, whole graph)\n",
        int(snapshot.nodes.size()) * 10, qlonglong(snapshot.edges.size()), median(layouts), median(frames));
}

void benchChart()
{
    QCustomPlot plot;
    plot.resize(1200, 500);
    const int points = 86'400;
    QVector<double> keys(points);
    for (int i = 0; i < points; ++i)
        keys[i] = 1.7e9 + i;
    QRandomGenerator random(7);
    for (int s = 0; s < 20; ++s) {
        QVector<double> values(points);
        double v = 50;
        for (int i = 0; i < points; ++i) {
            v = std::max(0.0, v + random.bounded(2.0) - 1.0);
            values[i] = v + s * 10;
        }
        plot.addGraph()->setData(keys, values, true);
    }
    plot.rescaleAxes();
    plot.replot();
    std::vector<double> replots;
    for (int i = 0; i < 10; ++i) {
        plot.xAxis->moveRange(1); // a live chart scrolls every update
        QElapsedTimer timer;
        timer.start();
        plot.replot(QCustomPlot::rpImmediateRefresh);
        replots.push_back(double(timer.nsecsElapsed()) / 1e6);
    }
    std::printf("chart     20 series x 86 400 points: replot %.1f ms (median of 10, 1200x500)\n", median(replots));
}

void benchLogs()
{
    const long before = residentKiB();
    LogTableModel model;
    model.setCapacity(1'000'000);
    static const QStringList sources { QStringLiteral("cart-1"), QStringLiteral("cart-2"), QStringLiteral("catalog-1"),
        QStringLiteral("registry"), QStringLiteral("traffic-1") };
    QList<LogEntry> batch;
    for (quint64 i = 1; i <= 1'000'000; ++i) {
        batch.append(LogEntry { i, qint64(1.7e12) + qint64(i), int(i % 6), sources.at(int(i % 5)),
            QStringLiteral("POST /cart item sku-%1 quantity %2 handled in %3 ms")
                .arg(i % 977)
                .arg(i % 9)
                .arg(i % 31) });
        if (batch.size() == 50'000) {
            model.append(batch);
            batch.clear();
        }
    }
    const long after = residentKiB();
    LogFilterProxy proxy;
    proxy.setLogSource(&model);
    proxy.rowCount(); // the first mapping is built lazily; measure refilters, not that
    QElapsedTimer timer;
    timer.start();
    proxy.setText(QStringLiteral("sku-42 "), false);
    proxy.rowCount();
    const double textMs = double(timer.nsecsElapsed()) / 1e6;
    const int textRows = proxy.rowCount();
    timer.restart();
    proxy.setText(QStringLiteral("sku-4[0-9] quantity [12]"), true);
    proxy.rowCount();
    const double regexMs = double(timer.nsecsElapsed()) / 1e6;
    timer.restart();
    proxy.setText({}, false);
    proxy.setMinimumLevel(4);
    proxy.rowCount();
    const double levelMs = double(timer.nsecsElapsed()) / 1e6;
    std::printf(
        "logs      1 000 000 records: text filter %.0f ms (%d rows), regex filter %.0f ms, level filter %.0f ms; "
        "memory %.0f MiB\n",
        textMs, textRows, regexMs, levelMs, double(after - before) / 1024.0);
}

} // namespace

int main(int argc, char *argv[])
{
    if (!qEnvironmentVariableIsSet("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QStandardPaths::setTestModeEnabled(true);
    QApplication app(argc, argv);
    benchTopology();
    benchChart();
    benchLogs();
    return 0;
}
