// Report charts keep their legends off the data and break their lines where values are missing; a service
// without traffic in the range gets one line instead of pages of empty charts (PDF and HTML alike); and a
// report renders on a worker thread exactly as on the GUI thread.
#include "reports/htmlreportwriter.h"
#include "reports/pdfreportwriter.h"
#include "reports/reportchart.h"

#include <QBuffer>
#include <QRegularExpression>
#include <QTest>
#include <QThread>

namespace {

constexpr qint64 kFrom = 1'700'000'000'000;
constexpr qint64 kTo = kFrom + 600'000;

ServiceReport busyService(const QString &name)
{
    ServiceReport service;
    service.service = name;
    service.instances = { name + QStringLiteral("-1") };
    service.requests = 6000;
    service.p50Ms = 3;
    service.p95Ms = 9;
    service.p99Ms = 20;
    for (const auto &[series, value] : { std::pair { QStringLiteral("request_rate"), 10.0 },
             std::pair { QStringLiteral("error_percent"), 0.5 }, std::pair { QStringLiteral("p50_ms"), 3.0 },
             std::pair { QStringLiteral("p95_ms"), 9.0 }, std::pair { QStringLiteral("p99_ms"), 20.0 } }) {
        ReportSeries s { series, {}, {} };
        // Highest at the top left and right corners, where legends used to sit.
        for (qint64 t = kFrom; t <= kTo; t += 10'000)
            s.points.append(QPointF(double(t), (t - kFrom < 60'000 || kTo - t < 60'000) ? value * 3 : value));
        service.series.append(s);
    }
    service.instanceStats.append(InstanceReport {});
    return service;
}

ServiceReport idleService(const QString &name)
{
    ServiceReport service;
    service.service = name;
    service.instances = { name + QStringLiteral("-1") };
    return service;
}

ReportData report(const QList<ServiceReport> &services)
{
    ReportData data;
    data.fromMs = kFrom;
    data.toMs = kTo;
    data.stepMs = 10'000;
    data.generatedMs = kTo;
    data.services = services;
    return data;
}

int pdfPages(const ReportData &data)
{
    QBuffer buffer;
    buffer.open(QIODevice::WriteOnly);
    QString error;
    if (!PdfReportWriter::write(data, &buffer, &error, {}))
        return -1;
    // Page objects, not the /Pages tree node.
    return int(QString::fromLatin1(buffer.data()).count(QRegularExpression(QStringLiteral("/Type\\s*/Page(?!s)"))));
}

} // namespace

class TestReportCharts : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void legendStaysOffTheData();
    void missingValuesBreakTheLine();
    void rendersOffTheGuiThread();
    void idleServiceIsOneLineInHtml();
    void idleServiceAddsNoPdfPages();
};

void TestReportCharts::legendStaysOffTheData()
{
    ReportChart chart;
    chart.setData(busyService(QStringLiteral("cart")), ReportChart::Kind::Latency, kFrom, kTo);
    const auto layout = chart.layout(QRectF(0, 0, 760, 220));
    QCOMPARE(layout.legendItems.size(), 3);
    QVERIFY(!layout.legend.isEmpty());
    QVERIFY(layout.data.width() > 600 && layout.data.height() > 150);
    const QRectF legend = layout.legend;
    const QRectF data = layout.data;
    QVERIFY2(!legend.intersects(data),
        qPrintable(QStringLiteral("legend %1,%2 %3x%4, data %5,%6 %7x%8")
                       .arg(legend.x())
                       .arg(legend.y())
                       .arg(legend.width())
                       .arg(legend.height())
                       .arg(data.x())
                       .arg(data.y())
                       .arg(data.width())
                       .arg(data.height())));
    for (const auto &item : layout.legendItems)
        QVERIFY(legend.contains(item));

    // The request chart has no legend to place.
    chart.setData(busyService(QStringLiteral("cart")), ReportChart::Kind::Requests, kFrom, kTo);
    QVERIFY(chart.layout(QRectF(0, 0, 760, 220)).legend.isEmpty());
}

void TestReportCharts::missingValuesBreakTheLine()
{
    // 10 req/s throughout, except the middle minute, which has no sample at all (NaN): the line must stop
    // there instead of dropping to zero or bridging the gap.
    ServiceReport service = busyService(QStringLiteral("cart"));
    for (auto &series : service.series) {
        for (auto &point : series.points) {
            point.setY(10);
            if (point.x() >= kFrom + 270'000 && point.x() <= kTo - 270'000)
                point.setY(qQNaN());
        }
    }
    ReportChart chart;
    chart.setData(service, ReportChart::Kind::Requests, kFrom, kTo);
    const QImage image = chart.image(760, 220, 1.0);
    const QRectF data = chart.layout(QRectF(0, 0, 760, 220)).data;
    // The line colour is the strongest in a column where the series is recorded, and absent in the gap.
    const auto coloured = [&](double xFraction) {
        const int x = int(data.left() + xFraction * data.width());
        int count = 0;
        for (int y = int(data.top()) + 1; y < int(data.bottom()) - 1; ++y) {
            const QColor c = image.pixelColor(x, y);
            if (c.saturation() > 120 && c.value() > 60)
                ++count;
        }
        return count;
    };
    QVERIFY2(coloured(0.25) > 0, "the recorded part is drawn");
    QCOMPARE(coloured(0.5), 0);
}

void TestReportCharts::rendersOffTheGuiThread()
{
    // Nothing in a report is a widget: PDF and HTML render on a plain thread, as the dialog does, and come
    // out the same as on the GUI thread.
    const ReportData data = report({ busyService(QStringLiteral("cart")) });
    const int onGui = pdfPages(data);
    QVERIFY(onGui > 0);
    int onWorker = -1;
    QByteArray html;
    QString htmlError;
    QThread *thread = QThread::create([&] {
        onWorker = pdfPages(data);
        QBuffer buffer(&html);
        buffer.open(QIODevice::WriteOnly);
        HtmlReportWriter::write(data, &buffer, &htmlError, {});
    });
    thread->start();
    QVERIFY(thread->wait(60'000));
    delete thread;
    QCOMPARE(onWorker, onGui);
    QVERIFY2(htmlError.isEmpty(), qPrintable(htmlError));
    QCOMPARE(QString::fromUtf8(html).count(QStringLiteral("<img")), 3);
}

void TestReportCharts::idleServiceIsOneLineInHtml()
{
    QBuffer buffer;
    buffer.open(QIODevice::WriteOnly);
    QString error;
    QVERIFY2(
        HtmlReportWriter::write(
            report({ busyService(QStringLiteral("cart")), idleService(QStringLiteral("batch")) }), &buffer, &error, {}),
        qPrintable(error));
    const QString html = QString::fromUtf8(buffer.data());
    QVERIFY(html.contains(QStringLiteral("Service cart")));
    QVERIFY(!html.contains(QStringLiteral("Service batch")));
    QVERIFY(html.contains(QStringLiteral("batch (batch-1): no traffic in range")));
    QCOMPARE(html.count(QStringLiteral("<img")), 3); // the three charts of cart only
}

void TestReportCharts::idleServiceAddsNoPdfPages()
{
    const int busyOnly = pdfPages(report({ busyService(QStringLiteral("cart")) }));
    QVERIFY(busyOnly > 0);
    const int withIdle = pdfPages(report({ busyService(QStringLiteral("cart")), idleService(QStringLiteral("batch")),
        idleService(QStringLiteral("jobs")) }));
    QCOMPARE(withIdle, busyOnly);
}

QTEST_MAIN(TestReportCharts)
#include "tst_reportcharts.moc"
