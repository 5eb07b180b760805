#include "alerting/alertengine.h"
#include "alerting/ruleexpression.h"
#include "alerts/alertbanner.h"
#include "alerts/alertspanel.h"
#include "alerts/alertstatusmodel.h"
#include "alerts/silencedialog.h"
#include "runtime/monitor.h"
#include "runtime/servicehost.h"
#include "shell/console.h"
#include "shell/mainwindow.h"
#include "testhosts.h"
#include "testservice.h"

#include <QAction>
#include <QComboBox>
#include <QDockWidget>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

// Firing alerts are seen in the window itself, tray or not: the whole console over a real instance that
// dies. The banner counts firing alerts (not silenced ones) and leads to the alert in the Alerts dock; a
// silence made from the dock turns the alert "silenced" and takes it out of every count.
class TestAlertNotice : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void bannerShowsFiringAndLeadsToTheAlert();
};

void TestAlertNotice::bannerShowsFiringAndLeadsToTheAlert()
{
    QStandardPaths::setTestModeEnabled(true);
    QTemporaryDir dir;
    auto host = TestHosts::make(
        QStringLiteral("shop"), QStringLiteral("shop-1"), [] { return std::make_unique<TestService>(); });
    QVERIFY(host->start());
    Monitor::Options options;
    options.dataDir = dir.path();
    options.staticTargets = { TestHosts::instanceOf(*host) };
    options.scrapeIntervalMs = 250;
    Monitor monitor(options);
    QVERIFY(monitor.start());
    auto *engine = monitor.alerts();
    AlertRule rule;
    rule.name = QStringLiteral("ShopInstanceDown");
    QString error;
    RuleExpression::parse(QStringLiteral("instances_up(service=\"shop\", window=2s, by=instance) < 1"), &error)
        ->applyTo(&rule);
    QVERIFY2(engine->setRules({ rule }, &error), qPrintable(error));

    MainWindow window;
    window.resize(1600, 1000);
    Console console(&window, &monitor, nullptr);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    auto *banner = console.alertBanner();
    auto *fleetStatus = window.findChild<QLabel *>(QStringLiteral("fleetStatus"));
    QVERIFY(banner && fleetStatus);
    QTRY_VERIFY_WITH_TIMEOUT(engine->statuses().size() == 1 && engine->statuses().first().lastValue == 1.0, 10'000);
    QVERIFY(!banner->isVisible());

    host->kill();
    QTRY_VERIFY_WITH_TIMEOUT(banner->isVisible(), 10'000);
    QCOMPARE(banner->firingCount(), 1);
    QVERIFY2(banner->text().contains(QLatin1String("ShopInstanceDown on shop-1")), qPrintable(banner->text()));
    QTRY_VERIFY_WITH_TIMEOUT(fleetStatus->text().contains(QLatin1String("1 alert(s) firing")), 5000);

    // Another dock is in front; the banner's action brings the Alerts dock forward with the alert selected.
    window.dock(MainWindow::Panel::Logs)->raise();
    auto *alerts = console.alertsPanel();
    QTRY_VERIFY(alerts->visibleRegion().isEmpty());
    banner->findChild<QAction *>(QStringLiteral("actionShowFiringAlert"))->trigger();
    QTRY_VERIFY(!alerts->visibleRegion().isEmpty());
    const auto current = alerts->statusView()->currentIndex();
    QVERIFY(current.isValid());
    QCOMPARE(alerts->statusModel()->status(current.row()).ruleName, QStringLiteral("ShopInstanceDown"));
    QCOMPARE(alerts->statusModel()->status(current.row()).target.instance, QStringLiteral("shop-1"));

    // Silence it from the dock, as an operator would: Silence…, fill in, OK.
    alerts->findChild<QAction *>(QStringLiteral("actionSilenceAlert"))->trigger();
    SilenceDialog *dialog = nullptr;
    QTRY_VERIFY((dialog = alerts->findChild<SilenceDialog *>()) && dialog->isVisible());
    QCOMPARE(dialog->findChild<QComboBox *>(QStringLiteral("silenceRule"))->currentText(),
        QStringLiteral("ShopInstanceDown"));
    QCOMPARE(dialog->findChild<QLineEdit *>(QStringLiteral("silenceInstance"))->text(), QStringLiteral("shop-1"));
    dialog->findChild<QComboBox *>(QStringLiteral("silenceDuration"))->setCurrentText(QStringLiteral("30m"));
    dialog->findChild<QLineEdit *>(QStringLiteral("silenceAuthor"))->setText(QStringLiteral("oncall"));
    dialog->findChild<QLineEdit *>(QStringLiteral("silenceComment"))->setText(QStringLiteral("replacing the host"));
    dialog->findChild<QPushButton *>(QStringLiteral("silenceOk"))->click();
    QCOMPARE(engine->silences().size(), 1);

    QTRY_VERIFY_WITH_TIMEOUT(!banner->isVisible(), 5000);
    QCOMPARE(engine->firingCount(), 0);
    QTRY_VERIFY_WITH_TIMEOUT(fleetStatus->text().contains(QLatin1String("0 alert(s) firing")), 5000);
    const auto state = alerts->statusModel()->index(0, AlertStatusModel::StateColumn);
    QTRY_COMPARE(state.data().toString(), QStringLiteral("silenced"));
    QVERIFY(state.data(Qt::ToolTipRole).toString().contains(QLatin1String("oncall")));
    const auto silenceCell = alerts->statusModel()->index(0, AlertStatusModel::SilenceColumn).data().toString();
    QVERIFY2(silenceCell.contains(QLatin1String("replacing the host")), qPrintable(silenceCell));
    monitor.stop();
}

QTEST_MAIN(TestAlertNotice)
#include "tst_alertnotice.moc"
