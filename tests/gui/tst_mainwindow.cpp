#include "common/theme.h"
#include "shell/mainwindow.h"

#include <QAction>
#include <QApplication>
#include <QDockWidget>
#include <QLabel>
#include <QSettings>
#include <QStandardPaths>
#include <QTest>

class TestMainWindow : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void hasEveryPanelDock();
    void dockActionsToggleDocks();
    void resetLayoutBringsDocksBack();
    void resetLayoutIsTheFirstStartLayout();
    void themeActionSwitchesPalette();
    void exportActionIsForwarded();
    void rendersSomething();
};

void TestMainWindow::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true); // keep QSettings away from the user's configuration
}

void TestMainWindow::hasEveryPanelDock()
{
    MainWindow window;
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    for (const auto *name : { "dockTopology", "dockMetrics", "dockLogs", "dockAlerts", "dockCarts", "dockRegistry" }) {
        auto *dock = window.findChild<QDockWidget *>(QString::fromLatin1(name));
        QVERIFY2(dock, name);
        QVERIFY(dock->widget());
        // Placeholders must say what goes there.
        const auto labels = dock->widget()->findChildren<QLabel *>();
        QVERIFY(labels.isEmpty() || labels.last()->text().size() > 20);
    }
}

void TestMainWindow::dockActionsToggleDocks()
{
    MainWindow window;
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    auto *metricsDock = window.findChild<QDockWidget *>(QStringLiteral("dockMetrics"));
    auto *toggle = window.findChild<QAction *>(QStringLiteral("actionShowMetrics"));
    QVERIFY(toggle);
    QVERIFY(metricsDock->isVisible());
    toggle->trigger();
    QTRY_VERIFY(!metricsDock->isVisible());
    toggle->trigger();
    QTRY_VERIFY(metricsDock->isVisible());
}

void TestMainWindow::resetLayoutBringsDocksBack()
{
    MainWindow window;
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    auto *logs = window.findChild<QDockWidget *>(QStringLiteral("dockLogs"));
    auto *topology = window.findChild<QDockWidget *>(QStringLiteral("dockTopology"));
    logs->close();
    topology->setFloating(true);
    QTRY_VERIFY(!logs->isVisible());
    window.findChild<QAction *>(QStringLiteral("actionResetLayout"))->trigger();
    QTRY_VERIFY(logs->isVisible());
    QVERIFY(!topology->isFloating());
}

namespace {

QList<QSize> dockSizes(MainWindow &window)
{
    QList<QSize> sizes;
    for (auto panel : { MainWindow::Panel::Topology, MainWindow::Panel::Metrics, MainWindow::Panel::Logs })
        sizes.append(window.dock(panel)->size());
    return sizes;
}

bool roughlyEqual(const QList<QSize> &a, const QList<QSize> &b)
{
    for (int i = 0; i < a.size(); ++i) {
        if (qAbs(a[i].width() - b[i].width()) > 2 || qAbs(a[i].height() - b[i].height()) > 2)
            return false;
    }
    return true;
}

QString describe(const QList<QSize> &sizes)
{
    QStringList parts;
    for (const auto &size : sizes)
        parts << QStringLiteral("%1x%2").arg(size.width()).arg(size.height());
    return parts.join(QStringLiteral(", "));
}

} // namespace

void TestMainWindow::resetLayoutIsTheFirstStartLayout()
{
    QSettings().clear(); // a first start: no saved layout
    MainWindow first;
    first.resize(1600, 1000);
    first.show();
    QVERIFY(QTest::qWaitForWindowExposed(&first));
    QCoreApplication::processEvents();
    const auto firstStart = dockSizes(first);
    // The topology owns most of the window at a first start.
    QVERIFY2(firstStart[0].width() > 800 && firstStart[0].height() > 450, qPrintable(describe(firstStart)));

    MainWindow window;
    window.resize(1600, 1000);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    // The operator rearranges: a narrow, short topology, the logs floating.
    auto *topology = window.dock(MainWindow::Panel::Topology);
    window.resizeDocks({ topology }, { 300 }, Qt::Horizontal);
    window.resizeDocks({ topology }, { 200 }, Qt::Vertical);
    window.dock(MainWindow::Panel::Alerts)->setFloating(true);
    QCoreApplication::processEvents();
    QVERIFY(!roughlyEqual(dockSizes(window), firstStart));

    window.findChild<QAction *>(QStringLiteral("actionResetLayout"))->trigger();
    QTRY_VERIFY2(roughlyEqual(dockSizes(window), firstStart),
        qPrintable(describe(dockSizes(window)) + QStringLiteral(" after reset, first start ") + describe(firstStart)));
    QVERIFY(!window.dock(MainWindow::Panel::Alerts)->isFloating());
}

void TestMainWindow::themeActionSwitchesPalette()
{
    MainWindow window;
    auto *dark = window.findChild<QAction *>(QStringLiteral("actionDarkTheme"));
    QVERIFY(dark);
    Theme::apply(Theme::Kind::Light);
    if (dark->isChecked())
        dark->trigger();
    const auto lightWindow = QApplication::palette().color(QPalette::Window);
    dark->trigger();
    QVERIFY(dark->isChecked());
    const auto darkWindow = QApplication::palette().color(QPalette::Window);
    QVERIFY(darkWindow.lightness() < lightWindow.lightness());
    dark->trigger();
    QCOMPARE(QApplication::palette().color(QPalette::Window), lightWindow);
}

void TestMainWindow::exportActionIsForwarded()
{
    MainWindow window;
    int requests = 0;
    connect(&window, &MainWindow::exportReportRequested, this, [&requests] { ++requests; });
    window.findChild<QAction *>(QStringLiteral("actionExportReport"))->trigger();
    QCOMPARE(requests, 1);
}

void TestMainWindow::rendersSomething()
{
    MainWindow window;
    window.resize(1200, 800);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    const QImage image = window.grab().toImage();
    QCOMPARE(image.size(), QSize(1200, 800) * window.devicePixelRatio());
    // A blank render would have one colour; a real window has text, frames and a menu bar.
    QSet<QRgb> colours;
    for (int y = 0; y < image.height(); y += 7)
        for (int x = 0; x < image.width(); x += 7)
            colours.insert(image.pixel(x, y));
    QVERIFY2(colours.size() > 5, "the window rendered blank");
}

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
