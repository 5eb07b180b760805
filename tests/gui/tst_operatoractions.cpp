#include "common/healthstyle.h"
#include "confirmationdriver.h"
#include "details/healthtimelineview.h"
#include "details/instancetablemodel.h"
#include "details/servicedetailspanel.h"
#include "httptestclient.h"
#include "operator/faultdialog.h"
#include "operator/operatoractions.h"
#include "operator/operatoreventmodel.h"
#include "registry/registryinstancemodel.h"
#include "registry/registrypanel.h"
#include "reports/reportexporter.h"
#include "runtime/fleet.h"
#include "runtime/monitor.h"
#include "runtime/operatorevents.h"
#include "shell/console.h"
#include "shell/mainwindow.h"
#include "telemetry/loghub.h"
#include "testhosts.h"
#include "testservice.h"
#include "topology/servicenodeitem.h"
#include "topology/topologyscene.h"
#include "topologymenudriver.h"

#include <QAction>
#include <QCheckBox>
#include <QComboBox>
#include <QDateTime>
#include <QDockWidget>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QPointer>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

namespace {

const TopologyInstance *instanceIn(const TopologySnapshot &snapshot, const QString &id)
{
    for (const auto &node : snapshot.nodes) {
        for (const auto &instance : node.instances) {
            if (instance.id == id)
                return &instance;
        }
    }
    return nullptr;
}

// The actions the graph's context menu offers for an instance (object names), read from the real menu.
QStringList offeredActions(TopologyView *view, const QString &service, const QString &instanceId)
{
    QStringList names;
    auto *node = view->scene()->nodeItem(service);
    if (!node)
        return names;
    view->canvas()->centerOn(node);
    const QPoint at = view->canvas()->mapFromScene(node->sceneBoundingRect().center());
    QTimer::singleShot(200, view, [&names, instanceId] {
        auto *menu = qobject_cast<QMenu *>(QApplication::activePopupWidget());
        if (!menu)
            return;
        for (auto *entry : menu->actions()) {
            if (entry->text() == instanceId && entry->menu()) {
                for (auto *sub : entry->menu()->actions())
                    names << sub->objectName();
            }
        }
        menu->close();
    });
    QContextMenuEvent event(QContextMenuEvent::Mouse, at, view->canvas()->viewport()->mapToGlobal(at));
    QApplication::sendEvent(view->canvas()->viewport(), &event);
    return names;
}

QString actionName(TopologyView::InstanceAction action)
{
    return QStringLiteral("instanceAction_%1").arg(int(action));
}

FaultDialog *waitForFaultDialog(QWidget *window)
{
    for (int i = 0; i < 250; ++i) {
        if (auto *dialog = window->findChild<FaultDialog *>(); dialog && dialog->isVisible())
            return dialog;
        QTest::qWait(20);
    }
    return nullptr;
}

} // namespace

// The operator's actions on a small real fleet (registry + two instances of "test"), through the graph's
// context menu, the dialogs and the Details dock, as an operator would: drained shows as drained everywhere;
// Kill asks first and is not offered on a dead instance; faults are chosen in a dialog, show as a badge and
// are cleared in one click; every action is an operator event (log view, history view, history file, report).
class TestOperatorActions : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void drainedShowsAsDrainedEverywhere();
    void registryDockDrainIsOneOperatorAction();
    void killAsksFirstAndIsNotOfferedOnADeadInstance();
    void faultDialogBadgeAndClear();
    void scaleDownAndUp();
    void actionsAreEventsInLogHistoryAndReport();

private:
    QTemporaryDir m_dir;
    std::unique_ptr<ServiceHost> m_registry;
    std::unique_ptr<Fleet> m_fleet;
    std::unique_ptr<Monitor> m_monitor;
    std::unique_ptr<MainWindow> m_window;
    std::unique_ptr<Console> m_console;
    qint64 m_startMs = 0;
};

void TestOperatorActions::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    m_startMs = QDateTime::currentMSecsSinceEpoch();
    m_registry = TestHosts::startRegistry();
    QVERIFY(m_registry);
    m_fleet = std::make_unique<Fleet>();
    for (const auto *id : { "test-1", "test-2" }) {
        ServiceHostConfig config;
        config.serviceName = QStringLiteral("test");
        config.instanceId = QString::fromLatin1(id);
        config.registryUrl = m_registry->baseUrl();
        config.limits.drainTimeoutMs = 1000;
        m_fleet->add(config, [] { return std::make_unique<TestService>(); });
    }
    QString error;
    QVERIFY2(m_fleet->startAll(&error), qPrintable(error));
    Monitor::Options options;
    options.dataDir = m_dir.path();
    options.registryUrl = m_registry->baseUrl();
    options.services = { QStringLiteral("test") };
    options.scrapeIntervalMs = 300;
    m_monitor = std::make_unique<Monitor>(options);
    QVERIFY(m_monitor->start());
    m_window = std::make_unique<MainWindow>();
    m_window->resize(1400, 900);
    m_console = std::make_unique<Console>(m_window.get(), m_monitor.get(), m_fleet.get());
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    QTRY_VERIFY_WITH_TIMEOUT(m_console->topologyView()->scene()->nodeItem(QStringLiteral("test")), 15000);
    QTRY_VERIFY_WITH_TIMEOUT(
        m_console->topologyView()->scene()->nodeItem(QStringLiteral("test"))->node().instances.size() == 2, 15000);
}

void TestOperatorActions::cleanupTestCase()
{
    m_console.reset();
    m_window.reset();
    m_monitor->stop();
    m_fleet->stopAll();
    m_monitor.reset();
    m_registry.reset();
}

void TestOperatorActions::drainedShowsAsDrainedEverywhere()
{
    auto *view = m_console->topologyView();
    auto *scene = view->scene();
    scene->clearSelection();
    scene->nodeItem(QStringLiteral("test"))->setSelected(true);
    auto *status = m_window->findChild<QLabel *>(QStringLiteral("fleetStatus"));
    QTRY_VERIFY_WITH_TIMEOUT(status->text().contains(QStringLiteral("2 healthy")), 10000);

    QVERIFY(chooseInstanceAction(
        view, QStringLiteral("test"), QStringLiteral("test-2"), TopologyView::InstanceAction::Drain));

    // Status bar: its own count, not "1 of 2 healthy" (the old text counted a drained instance as unhealthy).
    QTRY_VERIFY2_WITH_TIMEOUT(status->text().contains(QStringLiteral("1 healthy · 1 drained of 2 instance")),
        qPrintable(status->text()), 10000);
    // Graph: the instance's dot in the drained colour, and the node not failing.
    auto *node = scene->nodeItem(QStringLiteral("test"));
    const auto *drained = instanceIn(scene->snapshot(), QStringLiteral("test-2"));
    QVERIFY(drained);
    QCOMPARE(drained->health, QStringLiteral("drained"));
    QCOMPARE(HealthStyle::instanceColor(drained->health), HealthStyle::color(HealthStyle::State::Drained));
    QVERIFY(HealthStyle::color(HealthStyle::State::Drained) != HealthStyle::color(HealthStyle::State::Failing));
    QVERIFY(node->state() != HealthStyle::State::Failing);
    QVERIFY(node->toolTip().contains(QStringLiteral("test-2: drained")));

    // Details: the word "drained" in the instance table and a drained health lane.
    auto *details = m_console->detailsPanel();
    QCOMPARE(details->service(), QStringLiteral("test"));
    auto wordOf = [details](const QString &id) {
        auto *model = details->instances();
        for (int row = 0; row < model->rowCount(); ++row) {
            if (model->index(row, InstanceTableModel::IdColumn).data().toString() == id)
                return model->index(row, InstanceTableModel::HealthColumn).data().toString();
        }
        return QString();
    };
    QTRY_COMPARE_WITH_TIMEOUT(wordOf(QStringLiteral("test-2")), QStringLiteral("drained"), 10000);
    auto laneState = [details](const QString &id) {
        for (const auto &lane : details->healthTimeline()->lanes()) {
            if (lane.instance == id)
                return lane.segments.last().state;
        }
        return InstanceHealth::Absent;
    };
    QTRY_COMPARE_WITH_TIMEOUT(laneState(QStringLiteral("test-2")), InstanceHealth::Drained, 15000);
    QCOMPARE(laneState(QStringLiteral("test-1")), InstanceHealth::Up);

    // Registry dock: the state column says drained, in the drained colour.
    auto *registry = m_console->registryPanel()->instanceModel();
    QTRY_VERIFY_WITH_TIMEOUT(registry->rowOf(QStringLiteral("test-2")) >= 0
            && registry->index(registry->rowOf(QStringLiteral("test-2")), RegistryInstanceModel::StateColumn)
                    .data()
                    .toString()
                == QLatin1String("drained"),
        10000);

    // The menu offers Undrain (not Drain) on it; undraining brings it back.
    const auto offered = offeredActions(view, QStringLiteral("test"), QStringLiteral("test-2"));
    QVERIFY(offered.contains(actionName(TopologyView::InstanceAction::Undrain)));
    QVERIFY(!offered.contains(actionName(TopologyView::InstanceAction::Drain)));
    QVERIFY(chooseInstanceAction(
        view, QStringLiteral("test"), QStringLiteral("test-2"), TopologyView::InstanceAction::Undrain));
    QTRY_VERIFY2_WITH_TIMEOUT(
        status->text().contains(QStringLiteral("2 healthy of 2")), qPrintable(status->text()), 10000);
}

void TestOperatorActions::registryDockDrainIsOneOperatorAction()
{
    // The Registry dock's Drain goes through the same OperatorActions as the graph's menu: one PUT, one
    // operator event naming service and instance, and the dock says how it went.
    auto *panel = m_console->registryPanel();
    QVERIFY(panel);
    auto *history = m_console->operatorHistory();
    const int before = history->rowCount();
    QTRY_VERIFY_WITH_TIMEOUT(panel->instanceModel()->rowOf(QStringLiteral("test-1")) >= 0, 10000);
    panel->selectInstance(QStringLiteral("test-1"));
    auto *drain = panel->findChild<QAction *>(QStringLiteral("actionDrainInstance"));
    auto *undrain = panel->findChild<QAction *>(QStringLiteral("actionUndrainInstance"));
    QTRY_VERIFY_WITH_TIMEOUT(drain->isEnabled(), 5000);
    QSignalSpy finished(panel, &RegistryPanel::drainFinished);
    drain->trigger();
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 5000);
    QCOMPARE(finished.first().at(1).toBool(), true);
    QVERIFY2(panel->statusText().contains(QStringLiteral("test-1 drained")), qPrintable(panel->statusText()));
    QCOMPARE(history->rowCount(), before + 1);
    QCOMPARE(history->index(0, OperatorEventModel::ActionColumn).data().toString(), QStringLiteral("drain"));
    const auto target = history->index(0, OperatorEventModel::TargetColumn).data().toString();
    QVERIFY2(target.contains(QStringLiteral("test-1")) && target.contains(QStringLiteral("test")), qPrintable(target));
    QCOMPARE(
        TestHosts::passingIds(m_registry->baseUrl(), QStringLiteral("test")), QStringList { QStringLiteral("test-2") });

    QTRY_VERIFY_WITH_TIMEOUT(undrain->isEnabled(), 5000);
    undrain->trigger();
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 2, 5000);
    QCOMPARE(history->rowCount(), before + 2);
    QCOMPARE(history->index(0, OperatorEventModel::ActionColumn).data().toString(), QStringLiteral("undrain"));
    QCOMPARE(TestHosts::passingIds(m_registry->baseUrl(), QStringLiteral("test")),
        (QStringList { QStringLiteral("test-1"), QStringLiteral("test-2") }));
}

void TestOperatorActions::killAsksFirstAndIsNotOfferedOnADeadInstance()
{
    auto *view = m_console->topologyView();
    auto *host = m_fleet->host(QStringLiteral("test-2"));
    const quint16 port = host->port();
    QVERIFY(offeredActions(view, QStringLiteral("test"), QStringLiteral("test-2"))
                .contains(actionName(TopologyView::InstanceAction::Kill)));

    // Cancel keeps it running.
    QVERIFY(chooseInstanceAction(
        view, QStringLiteral("test"), QStringLiteral("test-2"), TopologyView::InstanceAction::Kill));
    QVERIFY(answerConfirmation(QStringLiteral("confirmKill"), false));
    QVERIFY(host->isRunning());
    QCOMPARE(TestHttp::request("POST", TestHosts::urlOf(*host, QStringLiteral("/echo")), "x").status, 200);

    // Confirm kills it.
    QVERIFY(chooseInstanceAction(
        view, QStringLiteral("test"), QStringLiteral("test-2"), TopologyView::InstanceAction::Kill));
    QVERIFY(answerConfirmation(QStringLiteral("confirmKill"), true));
    QVERIFY(!host->isRunning());

    // Once the graph sees it dead, the menu offers Start, not Kill, Drain or faults.
    QTRY_VERIFY_WITH_TIMEOUT(instanceIn(view->scene()->snapshot(), QStringLiteral("test-2"))
            && !instanceIn(view->scene()->snapshot(), QStringLiteral("test-2"))->answering,
        10000);
    const auto offered = offeredActions(view, QStringLiteral("test"), QStringLiteral("test-2"));
    QVERIFY2(
        !offered.contains(actionName(TopologyView::InstanceAction::Kill)), qPrintable(offered.join(QLatin1Char(','))));
    QVERIFY(!offered.contains(actionName(TopologyView::InstanceAction::Drain)));
    QVERIFY(!offered.contains(actionName(TopologyView::InstanceAction::InjectFault)));
    QVERIFY(offered.contains(actionName(TopologyView::InstanceAction::Restart)));

    // Starting it again: the same port.
    QVERIFY(chooseInstanceAction(
        view, QStringLiteral("test"), QStringLiteral("test-2"), TopologyView::InstanceAction::Restart));
    QTRY_VERIFY_WITH_TIMEOUT(host->isRunning(), 5000);
    QCOMPARE(host->port(), port);
    QTRY_VERIFY_WITH_TIMEOUT(instanceIn(view->scene()->snapshot(), QStringLiteral("test-2"))->answering, 10000);
}

void TestOperatorActions::faultDialogBadgeAndClear()
{
    auto *view = m_console->topologyView();
    auto *host = m_fleet->host(QStringLiteral("test-1"));
    const auto echo = TestHosts::urlOf(*host, QStringLiteral("/echo"));
    auto *node = view->scene()->nodeItem(QStringLiteral("test"));
    view->scene()->clearSelection();
    node->setSelected(true);
    m_window->dock(MainWindow::Panel::Details)->show();
    m_window->dock(MainWindow::Panel::Details)->raise();

    // Cancel changes nothing.
    QVERIFY(chooseInstanceAction(
        view, QStringLiteral("test"), QStringLiteral("test-1"), TopologyView::InstanceAction::InjectFault));
    auto *dialog = waitForFaultDialog(m_window.get());
    QVERIFY(dialog);
    QPointer<FaultDialog> cancelled = dialog;
    QTest::mouseClick(dialog->findChild<QPushButton *>(QStringLiteral("faultCancel")), Qt::LeftButton);
    QTRY_VERIFY(cancelled.isNull() || !cancelled->isVisible());
    QVERIFY(!host->faults().active());
    QVERIFY(node->faults().isEmpty());

    // The operator's own parameters: 100 % errors, +0 ms, 5 minutes, this instance only.
    QVERIFY(chooseInstanceAction(
        view, QStringLiteral("test"), QStringLiteral("test-1"), TopologyView::InstanceAction::InjectFault));
    dialog = waitForFaultDialog(m_window.get());
    QVERIFY(dialog);
    dialog->findChild<QSpinBox *>(QStringLiteral("faultErrorPercent"))->setValue(100);
    dialog->findChild<QSpinBox *>(QStringLiteral("faultLatencyMs"))->setValue(0);
    auto *duration = dialog->findChild<QComboBox *>(QStringLiteral("faultDuration"));
    duration->setCurrentIndex(duration->findText(QStringLiteral("5 minutes")));
    QCOMPARE(dialog->findChild<QComboBox *>(QStringLiteral("faultScope"))->currentData().toBool(), false);
    const qint64 before = QDateTime::currentMSecsSinceEpoch();
    QTest::mouseClick(dialog->findChild<QPushButton *>(QStringLiteral("faultInject")), Qt::LeftButton);

    QTRY_VERIFY(host->faults().active());
    QCOMPARE(host->faults().errorRatio, 1.0);
    QCOMPARE(host->faults().extraLatencyMs, 0);
    QVERIFY(
        host->faults().untilMs >= before + 5 * 60'000 - 1000 && host->faults().untilMs <= before + 5 * 60'000 + 5000);
    QVERIFY(!m_fleet->host(QStringLiteral("test-2"))->faults().active()); // scope: this instance only
    QTRY_COMPARE(TestHttp::request("POST", echo, "x").status, 503);

    // The badge on its node, and the fault in Details with what and until when.
    QTRY_VERIFY(node->faults().contains(QStringLiteral("test-1")));
    QVERIFY(node->faults().value(QStringLiteral("test-1")).contains(QStringLiteral("100 % errors")));
    auto *details = m_console->detailsPanel();
    QTRY_VERIFY(!details->faultList()->isHidden());
    auto *label = details->findChild<QLabel *>(QStringLiteral("detailsFault_test-1"));
    QVERIFY(label);
    const auto until = QDateTime::fromMSecsSinceEpoch(host->faults().untilMs).toString(QStringLiteral("HH:mm:ss"));
    QVERIFY2(label->text().contains(QStringLiteral("100 % errors")) && label->text().contains(until),
        qPrintable(label->text()));

    // One click clears it.
    QTest::mouseClick(details->findChild<QPushButton *>(QStringLiteral("detailsClearFault_test-1")), Qt::LeftButton);
    QTRY_VERIFY(!host->faults().active());
    QTRY_VERIFY(node->faults().isEmpty());
    QTRY_VERIFY(details->faultList()->isHidden());
    QTRY_COMPARE(TestHttp::request("POST", echo, "x").status, 200);

    // The whole service in one go, from the service's own menu entry.
    QVERIFY(m_console->operatorActions()->injectFault(QStringLiteral("test"), QString(), [] {
        FaultRequest request;
        request.faults.extraLatencyMs = 100;
        request.wholeService = true;
        return request;
    }()));
    QTRY_COMPARE(node->faults().size(), 2);
    QVERIFY(m_console->operatorActions()->clearFaults(QStringLiteral("test"), QString()));
    QTRY_VERIFY(node->faults().isEmpty());
}

void TestOperatorActions::scaleDownAndUp()
{
    auto *actions = m_console->operatorActions();
    auto *scene = m_console->topologyView()->scene();
    QString error;
    QVERIFY2(actions->scaleUp(QStringLiteral("test"), &error), qPrintable(error));
    auto *added = m_fleet->host(QStringLiteral("test-3"));
    QVERIFY(added && added->isRunning());
    QTRY_COMPARE_WITH_TIMEOUT(scene->nodeItem(QStringLiteral("test"))->node().instances.size(), 3, 10000);
    const quint16 port = added->port();

    // Down: the newest instance stops gracefully and leaves the graph (it is not "down").
    QVERIFY2(actions->scaleDown(QStringLiteral("test"), &error), qPrintable(error));
    // The console did not wait for the drain: the instance is still on its way out, and the graph says so.
    QCOMPARE(actions->activeOperations().value(QStringLiteral("test-3")), QStringLiteral("stopping"));
    QCOMPARE(scene->nodeItem(QStringLiteral("test"))->operations().value(QStringLiteral("test-3")),
        QStringLiteral("stopping"));
    QVERIFY(!actions->scaleDown(QStringLiteral("test"), &error)); // not twice
    QTRY_VERIFY_WITH_TIMEOUT(!added->isRunning(), 10000);
    QTRY_VERIFY(actions->activeOperations().isEmpty());
    QVERIFY(scene->nodeItem(QStringLiteral("test"))->operations().isEmpty());
    QTRY_COMPARE_WITH_TIMEOUT(scene->nodeItem(QStringLiteral("test"))->node().instances.size(), 2, 10000);
    QVERIFY(!instanceIn(scene->snapshot(), QStringLiteral("test-3")));

    // Up again: the same instance comes back, on its port.
    QVERIFY2(actions->scaleUp(QStringLiteral("test"), &error), qPrintable(error));
    QVERIFY(added->isRunning());
    QCOMPARE(added->port(), port);
    QVERIFY2(actions->scaleDown(QStringLiteral("test"), &error), qPrintable(error));
    QTRY_VERIFY_WITH_TIMEOUT(!added->isRunning(), 10000);
    QTRY_COMPARE_WITH_TIMEOUT(scene->nodeItem(QStringLiteral("test"))->node().instances.size(), 2, 10000);
}

void TestOperatorActions::actionsAreEventsInLogHistoryAndReport()
{
    // The earlier tests drained, undrained, killed, started, injected and cleared faults and scaled.
    auto *history = m_console->operatorHistory();
    QStringList actions;
    for (int row = history->rowCount() - 1; row >= 0; --row)
        actions << history->index(row, OperatorEventModel::ActionColumn).data().toString();
    for (const auto *expected :
        { "drain", "undrain", "kill", "start", "fault-set", "fault-cleared", "scale-up", "scale-down" })
        QVERIFY2(actions.contains(QString::fromLatin1(expected)), qPrintable(actions.join(QLatin1Char(','))));
    QCOMPARE(actions.count(QStringLiteral("kill")), 1); // the cancelled kill did nothing and is not an event

    // In the log view's source, as records of the "operator" logger.
    QStringList logged;
    for (const auto &record : m_monitor->logHub()->recordsSince(0)) {
        if (record.logger == QLatin1String("operator"))
            logged << record.message;
    }
    QVERIFY2(logged.contains(QStringLiteral("kill test-2")), qPrintable(logged.join(QLatin1Char('|'))));

    // In the append-only history file.
    const auto stored = OperatorEvents::load(OperatorEvents::path(m_dir.path()));
    QCOMPARE(stored.size(), history->rowCount());
    QCOMPARE(stored.first().action, QStringLiteral("drain"));

    // In an exported JSON report, beside the alert transitions.
    ReportExportJob job;
    job.dataDir = m_dir.path();
    job.file = m_dir.filePath(QStringLiteral("report.json"));
    job.format = ReportFormat::Json;
    job.request = { m_startMs, QDateTime::currentMSecsSinceEpoch(), {} };
    const auto result = ReportExporter::run(job, {});
    QVERIFY2(result.ok, qPrintable(result.message));
    QFile file(job.file);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const auto json = QJsonDocument::fromJson(file.readAll()).object();
    QStringList reported;
    for (const auto &value : json.value(QStringLiteral("operator_events")).toArray())
        reported << value.toObject().value(QStringLiteral("action")).toString();
    QVERIFY2(reported.contains(QStringLiteral("kill")) && reported.contains(QStringLiteral("fault-set")),
        qPrintable(reported.join(QLatin1Char(','))));
    QVERIFY(json.contains(QStringLiteral("alerts")));
}

QTEST_MAIN(TestOperatorActions)
#include "tst_operatoractions.moc"
