// Report charts keep their legends off the data, and a service without traffic in the range gets one
// line instead of pages of empty charts (PDF and HTML alike).
#include "reports/htmlreportwriter.h"
#include "reports/pdfreportwriter.h"
#include "reports/reportchart.h"

#include <QBuffer>
#include <qcustomplot.h>
#include <QRegularExpression>
#include <QTest>

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
    void idleServiceIsOneLineInHtml();
    void idleServiceAddsNoPdfPages();
};

void TestReportCharts::legendStaysOffTheData()
{
    ReportChart chart;
    chart.setData(busyService(QStringLiteral("cart")), ReportChart::Kind::Latency, kFrom, kTo);
    const QImage image = chart.image(760, 220, 1.0);
    QVERIFY(!image.isNull());
    const auto *plot = chart.plot();
    QVERIFY(plot->legend->visible());
    QCOMPARE(plot->legend->itemCount(), 3);
    const QRect legend = plot->legend->outerRect();
    const QRect data = plot->axisRect()->rect();
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
