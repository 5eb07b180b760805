#include "common/theme.h"
#include "metrics/metricspanel.h"

#include <atomic>
#include <QComboBox>
#include <qcustomplot.h>
#include <QDateTime>
#include <QSignalSpy>
#include <QTest>
#include <QToolButton>

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
    void pastViewNeverSaysLive();
    void readoutClearsWhenTheMouseLeaves();
    void emptyChartsSayWhy();
    void headerSaysWhenTheRangeIsOnlyPartlyRecorded();
    void legendNeverCoversData();
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

namespace {

QList<QCPItemText *> visibleTexts(QCustomPlot *plot)
{
    QList<QCPItemText *> texts;
    for (int i = 0; i < plot->itemCount(); ++i) {
        if (auto *text = qobject_cast<QCPItemText *>(plot->item(i)); text && text->visible())
            texts.append(text);
    }
    return texts;
}

void drag(QCustomPlot *plot, QPoint from, QPoint to)
{
    QTest::mousePress(plot, Qt::LeftButton, Qt::NoModifier, from);
    QMouseEvent move(QEvent::MouseMove, to, plot->mapToGlobal(to), Qt::LeftButton, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(plot, &move);
    QTest::mouseRelease(plot, Qt::LeftButton, Qt::NoModifier, to);
}

} // namespace

void TestMetricsPanel::pastViewNeverSaysLive()
{
    MetricsPanel panel;
    panel.resize(800, 600);
    panel.show();
    QVERIFY(QTest::qWaitForWindowExposed(&panel));
    panel.setProvider(knownData);
    QTRY_VERIFY(panel.appliedGeneration() > 0);
    QVERIFY(panel.statusText().startsWith(QStringLiteral("live")));
    auto *plot = panel.plots().at(0);
    plot->replot();
    // Drag the chart to the right: the view moves into the past.
    const QRect area = plot->axisRect()->rect();
    drag(plot, area.center(), area.center() + QPoint(area.width() / 3, 0));
    QVERIFY(!panel.isLive());
    const auto range = plot->xAxis->range();
    QVERIFY(range.upper < double(QDateTime::currentMSecsSinceEpoch()) / 1000.0 - 60);
    // The once-a-second refresh keeps answering; the header must keep saying what is on screen.
    const auto generation = panel.appliedGeneration();
    QTRY_VERIFY_WITH_TIMEOUT(panel.appliedGeneration() > generation, 5000);
    const QString expected
        = QStringLiteral("viewing %1–%2")
              .arg(QDateTime::fromMSecsSinceEpoch(qint64(range.lower * 1000)).toString(QStringLiteral("HH:mm")),
                  QDateTime::fromMSecsSinceEpoch(qint64(range.upper * 1000)).toString(QStringLiteral("HH:mm")));
    QVERIFY2(
        panel.statusText().startsWith(expected), qPrintable(panel.statusText() + QStringLiteral(" / ") + expected));
    QVERIFY2(!panel.statusText().contains(QStringLiteral("live ·")), qPrintable(panel.statusText()));
    QVERIFY(panel.statusText().endsWith(QStringLiteral("back to live")));
    auto *button = panel.findChild<QToolButton *>(QStringLiteral("metricsBackToLive"));
    QVERIFY(button && button->isVisible());

    // The clickable way back.
    QTest::mouseClick(button, Qt::LeftButton);
    QVERIFY(panel.isLive());
    QTRY_VERIFY(panel.statusText().startsWith(QStringLiteral("live")));
    QVERIFY(!button->isVisible());
    QVERIFY(qAbs(plot->xAxis->range().upper - double(QDateTime::currentMSecsSinceEpoch()) / 1000.0) < 5);
}

void TestMetricsPanel::readoutClearsWhenTheMouseLeaves()
{
    MetricsPanel panel;
    panel.resize(800, 600);
    panel.show();
    QVERIFY(QTest::qWaitForWindowExposed(&panel));
    panel.setProvider(knownData);
    QTRY_VERIFY(panel.appliedGeneration() > 0);
    auto *plot = panel.plots().at(2);
    plot->replot();
    QVERIFY(visibleTexts(plot).isEmpty());
    const QPoint inside = plot->axisRect()->rect().center();
    QTest::mouseMove(plot, inside);
    QMouseEvent move(QEvent::MouseMove, inside, plot->mapToGlobal(inside), Qt::NoButton, Qt::NoButton, Qt::NoModifier);
    QApplication::sendEvent(plot, &move);
    QTRY_COMPARE(visibleTexts(plot).size(), 1);
    QVERIFY(visibleTexts(plot).first()->text().contains(QStringLiteral("p95")));
    // The mouse goes to another chart (or out of the window): no readout stays behind.
    QEvent leave(QEvent::Leave);
    QApplication::sendEvent(plot, &leave);
    QVERIFY(visibleTexts(plot).isEmpty());
}

void TestMetricsPanel::emptyChartsSayWhy()
{
    MetricsPanel panel;
    panel.resize(800, 600);
    panel.show();
    QVERIFY(QTest::qWaitForWindowExposed(&panel));
    // Nothing scraped yet: no services, no points.
    panel.setProvider([](const ChartRequest &) { return ChartData {}; });
    QTRY_VERIFY(panel.appliedGeneration() > 0);
    const double now = double(QDateTime::currentMSecsSinceEpoch()) / 1000.0;
    for (auto *plot : panel.plots()) {
        const auto texts = visibleTexts(plot);
        QCOMPARE(texts.size(), 1);
        QCOMPARE(texts.first()->text(), QStringLiteral("Waiting for the first scrape…"));
        QVERIFY(!plot->legend->visible()); // no empty legend box
        QVERIFY(qAbs(plot->xAxis->range().upper - now) < 5); // the real clock, not 00:00 of 1970
    }
    QVERIFY(panel.statusText().contains(QStringLiteral("first scrape")));

    // Scraped, but nothing in the range asked for.
    panel.setProvider([](const ChartRequest &) {
        ChartData data;
        data.services = { QStringLiteral("cart") };
        data.requestRate = { ChartSeries { QStringLiteral("requests/s"), {}, {} } };
        return data;
    });
    QTRY_VERIFY(!visibleTexts(panel.plots().at(0)).isEmpty()
        && visibleTexts(panel.plots().at(0)).first()->text() == QStringLiteral("No data in this range"));
    QVERIFY(!panel.plots().at(0)->legend->visible());

    // Data: the note goes, the legend comes.
    panel.setProvider(knownData);
    QTRY_VERIFY(visibleTexts(panel.plots().at(0)).isEmpty());
    QVERIFY(panel.plots().at(0)->legend->visible());
}

void TestMetricsPanel::headerSaysWhenTheRangeIsOnlyPartlyRecorded()
{
    MetricsPanel panel;
    panel.resize(800, 600);
    panel.show();
    QVERIFY(QTest::qWaitForWindowExposed(&panel));
    std::atomic<qint64> covered = 40'000;
    panel.setProvider([&covered](const ChartRequest &request) {
        ChartData data = knownData(request);
        data.requestedMs = request.toMs - request.fromMs;
        data.coveredMs = covered;
        return data;
    });
    QTRY_VERIFY2(panel.statusText().startsWith(QStringLiteral("live · warming up: 40 s of 5 min recorded")),
        qPrintable(panel.statusText()));
    // Recorded up to the last scrape: the whole range, whatever the seconds until the next one.
    covered = 297'000;
    QTRY_VERIFY2(panel.statusText().startsWith(QStringLiteral("live · updated")), qPrintable(panel.statusText()));
    // A longer range than was recorded warms up again.
    panel.setRangeSeconds(3600);
    QTRY_VERIFY2(panel.statusText().startsWith(QStringLiteral("live · warming up: 5 min of 60 min recorded")),
        qPrintable(panel.statusText()));
}

void TestMetricsPanel::legendNeverCoversData()
{
    MetricsPanel panel;
    panel.resize(800, 600);
    panel.show();
    QVERIFY(QTest::qWaitForWindowExposed(&panel));
    panel.setProvider(knownData);
    QTRY_VERIFY(panel.appliedGeneration() > 0);
    for (auto *plot : panel.plots()) {
        plot->replot();
        QVERIFY(plot->legend->visible());
        const QRect legend = plot->legend->outerRect();
        const QRect data = plot->axisRect()->rect();
        QVERIFY2(!legend.intersects(data),
            qPrintable(QStringLiteral("%1: legend %2,%3 %4x%5 over data %6,%7 %8x%9")
                           .arg(plot->objectName())
                           .arg(legend.x())
                           .arg(legend.y())
                           .arg(legend.width())
                           .arg(legend.height())
                           .arg(data.x())
                           .arg(data.y())
                           .arg(data.width())
                           .arg(data.height())));
        QVERIFY(legend.height() > 5);
    }
}

QTEST_MAIN(TestMetricsPanel)
#include "tst_metricspanel.moc"
