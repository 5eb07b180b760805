#include "metricspanel.h"
#include "theme.h"

#include <atomic>
#include <QComboBox>
#include <qcustomplot.h>
#include <QDateTime>
#include <QSignalSpy>
#include <QTest>

namespace {

// A provider with known curves: the panel must show exactly these numbers.
ChartData knownData(const ChartRequest &request)
{
    ChartData data;
    data.services = { QStringLiteral("cart"), QStringLiteral("catalog") };
    if (request.service == QLatin1String("cart"))
        data.instances = { QStringLiteral("cart-1"), QStringLiteral("cart-2") };
    ChartSeries rate { QStringLiteral("requests"), {}, {} };
    ChartSeries errors { QStringLiteral("errors"), {}, {} };
    ChartSeries p50 { QStringLiteral("p50"), {}, {} }, p95 { QStringLiteral("p95"), {}, {} },
        p99 { QStringLiteral("p99"), {}, {} };
    for (qint64 t = request.fromMs; t <= request.toMs; t += request.stepMs) {
        const double key = double(t) / 1000.0;
        const double scale = request.service == QLatin1String("cart") ? 2.0 : 1.0;
        rate.keys << key;
        rate.values << 10 * scale;
        errors.keys << key;
        errors.values << 1.5;
        for (auto *s : { &p50, &p95, &p99 })
            s->keys << key;
        p50.values << 3;
        p95.values << 9;
        p99.values << 20;
    }
    data.requestRate = { rate };
    data.errorRate = { errors };
    data.latency = { p50, p95, p99 };
    return data;
}

} // namespace

class TestMetricsPanel : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void showsProviderDataOnThreeCharts();
    void serviceSelectionAsksForThatService();
    void staleAnswersAreDropped();
    void shiftDragSelectsATimeSpan();
    void chartsFollowTheTheme();
};

void TestMetricsPanel::showsProviderDataOnThreeCharts()
{
    MetricsPanel panel;
    panel.resize(800, 600);
    panel.show();
    QVERIFY(QTest::qWaitForWindowExposed(&panel));
    panel.setProvider(knownData);
    QTRY_VERIFY(panel.appliedGeneration() > 0);
    const auto plots = panel.plots();
    QCOMPARE(plots.size(), 3);
    QCOMPARE(plots.at(0)->graphCount(), 1);
    QCOMPARE(plots.at(2)->graphCount(), 3);
    QCOMPARE(plots.at(2)->graph(1)->name(), QStringLiteral("p95"));
    QVERIFY(plots.at(0)->graph(0)->dataCount() > 100); // 5 minutes at a few seconds per step
    QCOMPARE(plots.at(0)->graph(0)->data()->at(0)->value, 10.0);
    QCOMPARE(plots.at(2)->graph(2)->data()->at(0)->value, 20.0);
    // The y axis leaves headroom above the highest point.
    QVERIFY(plots.at(2)->yAxis->range().upper > 20);
    // Live mode shows the last five minutes.
    QVERIFY(qAbs(plots.at(0)->xAxis->range().size() - 300) < 1);
    auto *services = panel.findChild<QComboBox *>(QStringLiteral("metricsService"));
    QCOMPARE(services->count(), 3); // whole fleet, cart, catalog
}

void TestMetricsPanel::serviceSelectionAsksForThatService()
{
    MetricsPanel panel;
    panel.show();
    std::atomic<int> cartRequests { 0 };
    panel.setProvider([&cartRequests](const ChartRequest &request) {
        if (request.service == QLatin1String("cart") && request.instance == QLatin1String("cart-2"))
            ++cartRequests;
        return knownData(request);
    });
    QTRY_VERIFY(panel.appliedGeneration() > 0);
    panel.showService(QStringLiteral("cart"), QStringLiteral("cart-2"));
    QTRY_VERIFY(cartRequests.load() > 0);
    QTRY_COMPARE(panel.plots().at(0)->graph(0)->data()->at(0)->value, 20.0);
    panel.setRangeSeconds(3600);
    QTRY_VERIFY(qAbs(panel.plots().at(0)->xAxis->range().size() - 3600) < 1);
}

void TestMetricsPanel::staleAnswersAreDropped()
{
    MetricsPanel panel;
    panel.show();
    // The first provider answers slowly with 999; a second provider is set before it finishes, so the
    // first answer is stale when it arrives and must never be shown.
    std::atomic<bool> slowAnswered { false };
    panel.setProvider([&slowAnswered](const ChartRequest &request) {
        QThread::msleep(300);
        auto data = knownData(request);
        data.requestRate[0].values.fill(999);
        slowAnswered = true;
        return data;
    });
    panel.setProvider(knownData);
    QTRY_VERIFY(panel.appliedGeneration() >= 2);
    QTRY_VERIFY(slowAnswered.load());
    QTest::qWait(100);
    QCOMPARE(panel.plots().at(0)->graph(0)->data()->at(0)->value, 10.0);
}

void TestMetricsPanel::shiftDragSelectsATimeSpan()
{
    MetricsPanel panel;
    panel.resize(800, 600);
    panel.show();
    QVERIFY(QTest::qWaitForWindowExposed(&panel));
    panel.setProvider(knownData);
    QTRY_VERIFY(panel.appliedGeneration() > 0);
    auto *plot = panel.plots().at(0);
    plot->replot();
    QSignalSpy spans(&panel, &MetricsPanel::timeSpanSelected);
    const QRect area = plot->axisRect()->rect();
    const QPoint from(area.left() + area.width() / 4, area.center().y());
    const QPoint to(area.left() + area.width() / 2, area.center().y());
    QTest::mousePress(plot, Qt::LeftButton, Qt::ShiftModifier, from);
    QMouseEvent move(QEvent::MouseMove, to, plot->mapToGlobal(to), Qt::LeftButton, Qt::LeftButton, Qt::ShiftModifier);
    QApplication::sendEvent(plot, &move);
    QTest::mouseRelease(plot, Qt::LeftButton, Qt::ShiftModifier, to);
    QCOMPARE(spans.count(), 1);
    const auto fromMs = spans.first().at(0).toLongLong();
    const auto toMs = spans.first().at(1).toLongLong();
    QVERIFY(fromMs < toMs);
    // A quarter of a five-minute window is about 75 s.
    QVERIFY2(qAbs((toMs - fromMs) - 75'000) < 5'000, qPrintable(QString::number(toMs - fromMs)));
}

void TestMetricsPanel::chartsFollowTheTheme()
{
    Theme::apply(Theme::Kind::Light);
    MetricsPanel panel;
    panel.resize(800, 600);
    panel.show();
    QVERIFY(QTest::qWaitForWindowExposed(&panel));
    auto *plot = panel.plots().at(0);
    const QColor lightText = plot->palette().color(QPalette::Text);
    QCOMPARE(plot->xAxis->tickLabelColor(), lightText);

    // Switching the theme at run time recolours the charts: no white plot in a dark window.
    Theme::apply(Theme::Kind::Dark);
    QTRY_VERIFY(plot->palette().color(QPalette::Text) != lightText);
    QTRY_COMPARE(plot->xAxis->tickLabelColor(), plot->palette().color(QPalette::Text));
    QCOMPARE(plot->yAxis->labelColor(), plot->palette().color(QPalette::Text));
    const QImage image = plot->toPixmap(200, 100).toImage();
    QVERIFY2(qGray(image.pixel(100, 50)) < 80, "the plot background is still light");
    Theme::apply(Theme::Kind::Light);
    QTRY_COMPARE(plot->xAxis->tickLabelColor(), lightText);
}

QTEST_MAIN(TestMetricsPanel)
#include "tst_metricspanel.moc"
