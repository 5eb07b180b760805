#include "console.h"

#include "alerting/alertengine.h"
#include "alerts/alertbanner.h"
#include "alerts/alertspanel.h"
#include "carts/cartspanel.h"
#include "client/discoveryclient.h"
#include "common/healthstyle.h"
#include "core/logging.h"
#include "details/servicedetailspanel.h"
#include "logs/logpanel.h"
#include "mainwindow.h"
#include "metrics/metricspanel.h"
#include "operator/operatoractions.h"
#include "operator/operatoreventmodel.h"
#include "registry/kveditor.h"
#include "registry/registrypanel.h"
#include "reports/reportdialog.h"
#include "runtime/fleet.h"
#include "runtime/monitor.h"
#include "runtime/operatorevents.h"
#include "telemetry/chartquery.h"
#include "telemetry/loghub.h"
#include "telemetry/timeseriesstore.h"
#include "topology/servicenodeitem.h"
#include "topology/topologyscene.h"

#include <QApplication>
#include <QDockWidget>
#include <QHeaderView>
#include <QStatusBar>
#include <QSystemTrayIcon>
#include <QTableView>
#include <QTimer>
#include <spdlog/spdlog.h>

Console::Console(MainWindow *window, Monitor *monitor, Fleet *fleet, QObject *parent)
    : QObject(parent)
    , m_window(window)
    , m_monitor(monitor)
    , m_fleet(fleet)
    , m_topology(new TopologyView)
    , m_metrics(new MetricsPanel)
    , m_logs(new LogPanel)
    , m_alerts(new AlertsPanel(monitor->alerts(), monitor->store()))
    , m_details(new ServiceDetailsPanel(monitor->store(), m_logs->model()))
    , m_logTimer(new QTimer(this))
    , m_operator(new OperatorActions(monitor, fleet, window, this))
{
    window->setPanel(MainWindow::Panel::Topology, m_topology);
    window->setPanel(MainWindow::Panel::Metrics, m_metrics);
    window->setPanel(MainWindow::Panel::Logs, m_logs);
    window->setPanel(MainWindow::Panel::Alerts, m_alerts);
    window->setPanel(MainWindow::Panel::Details, m_details);
    if (auto *discovery = monitor->discovery())
        window->setPanel(MainWindow::Panel::Carts, new CartsPanel(discovery, nullptr, monitor->options().accessToken));
    if (monitor->options().registryUrl.isValid()) {
        m_registry = new RegistryPanel(m_operator->registry());
        window->setPanel(MainWindow::Panel::Registry, m_registry);
    }
    connect(window, &MainWindow::exportReportRequested, this, [this] {
        auto *dialog = new ReportDialog(m_monitor->options().dataDir, m_window);
        dialog->setAttribute(Qt::WA_DeleteOnClose);
        dialog->open();
    });

    connect(monitor, &Monitor::topologyChanged, m_topology, &TopologyView::applySnapshot);
    connect(monitor, &Monitor::topologyChanged, m_details, &ServiceDetailsPanel::applySnapshot);
    connect(monitor, &Monitor::scrapeRoundFinished, this, &Console::updateStatus);
    connect(monitor, &Monitor::topologyChanged, this, &Console::applyPendingSelection);
    m_topology->applySnapshot(monitor->topology());

    const TimeSeriesStore *store = monitor->store();
    m_metrics->setProvider([store](const ChartRequest &request) { return ChartQuery::run(*store, request); });

    // Selecting a service focuses the charts and the log view on it; an edge focuses on its caller.
    connect(m_topology, &TopologyView::serviceSelected, this, [this](const QString &service) {
        m_metrics->showService(service);
        m_details->showService(service);
    });
    connect(m_topology, &TopologyView::edgeSelected, this, [this](const QString &caller, const QString &callee) {
        m_metrics->showService(caller);
        m_details->showEdge(caller, callee);
    });
    // Double-click drills into a service: its instances in the registry dock.
    connect(m_topology, &TopologyView::serviceActivated, this, [this](const QString &service) {
        m_metrics->showService(service);
        if (m_registry)
            m_registry->showService(service);
        if (auto *dock = m_window->dock(MainWindow::Panel::Registry))
            dock->raise();
    });
    wireOperatorActions();
    connect(m_metrics, &MetricsPanel::timeSpanSelected, this, [this](qint64 from, qint64 to) {
        m_logs->setTimeSpan(from, to);
        if (auto *dock = m_window->dock(MainWindow::Panel::Logs))
            dock->raise();
    });
    connect(m_logs, &LogPanel::logLevelChangeRequested, this, [](const QString &logger, int level) {
        Logging::setLevel(logger.toStdString(), spdlog::level::level_enum(level));
    });

    if (QSystemTrayIcon::isSystemTrayAvailable()) {
        m_tray = new QSystemTrayIcon(window->windowIcon(), this);
        m_tray->setToolTip(tr("Flightdeck"));
        m_tray->show();
    }
    auto *engine = monitor->alerts();
    // The window's own notice of firing alerts, seen under any desktop, tray or not.
    m_banner = new AlertBanner(engine, window);
    window->addToolBar(Qt::TopToolBarArea, m_banner);
    connect(m_banner, &AlertBanner::showAlertRequested, this, [this](const QString &rule, const AlertTarget &target) {
        if (auto *dock = m_window->dock(MainWindow::Panel::Alerts)) {
            dock->show();
            dock->raise();
        }
        m_alerts->showAlert(rule, target);
    });
    connect(engine, &AlertEngine::alertFiring, this, [this](const AlertEvent &event) {
        const auto target = event.instance.isEmpty() ? event.service : event.instance;
        const auto summary = event.annotations.value(QStringLiteral("summary"), event.ruleName);
        if (m_tray)
            m_tray->showMessage(tr("Alert firing: %1").arg(event.ruleName),
                QStringLiteral("%1 — %2").arg(target, summary), QSystemTrayIcon::Warning, 8000);
        m_window->statusBar()->showMessage(tr("Alert firing: %1 on %2").arg(event.ruleName, target), 8000);
    });
    connect(engine, &AlertEngine::alertResolved, this, [this](const AlertEvent &event) {
        if (m_tray)
            m_tray->showMessage(
                tr("Alert resolved: %1").arg(event.ruleName), event.service, QSystemTrayIcon::Information, 4000);
    });

    // Logs arrive at any rate; the view takes them in batches ten times a second.
    m_logTimer->setInterval(100);
    connect(m_logTimer, &QTimer::timeout, this, &Console::pollLogs);
    m_logTimer->start();
    pollLogs();
    updateStatus();
}

Console::~Console() = default;

void Console::wireOperatorActions()
{
    // The graph's context menu and the Details dock act through OperatorActions; the registry dock's drain
    // and the KV editor's rollback are recorded the same way.
    connect(m_topology, &TopologyView::instanceActionRequested, m_operator, &OperatorActions::request);
    connect(m_details, &ServiceDetailsPanel::clearFaultRequested, m_operator,
        [this](const QString &service, const QString &instance) {
            QString error;
            if (!m_operator->clearFaults(service, instance, &error))
                m_window->statusBar()->showMessage(error, 8000);
        });
    connect(m_operator, &OperatorActions::faultsChanged, this, [this] {
        const auto faults = m_operator->activeFaultTexts();
        m_topology->setActiveFaults(faults);
        m_details->setActiveFaults(faults);
    });
    connect(m_operator, &OperatorActions::operationsChanged, this,
        [this] { m_topology->setActiveOperations(m_operator->activeOperations()); });
    connect(m_operator, &OperatorActions::message, this,
        [this](const QString &text, bool error) { m_window->statusBar()->showMessage(text, error ? 8000 : 6000); });

    auto *events = m_monitor->operatorEvents();
    auto *model = new OperatorEventModel(this);
    model->setEvents(events->events());
    connect(events, &OperatorEvents::recorded, model, &OperatorEventModel::prepend);
    auto *view = new QTableView;
    view->setObjectName(QStringLiteral("operatorHistoryView"));
    view->setModel(model);
    view->verticalHeader()->hide();
    view->horizontalHeader()->setStretchLastSection(true);
    view->setSelectionBehavior(QAbstractItemView::SelectRows);
    view->setColumnWidth(OperatorEventModel::TimeColumn, 150);
    view->setColumnWidth(OperatorEventModel::TargetColumn, 160);
    view->setColumnWidth(OperatorEventModel::DetailColumn, 280);
    m_alerts->addHistoryTab(view, tr("Operator Actions"));
    m_operatorHistory = model;

    if (!m_registry)
        return;
    // The dock asks, OperatorActions drains (and records it), the dock shows how it went.
    connect(m_registry, &RegistryPanel::drainRequested, m_operator, &OperatorActions::setDrained);
    connect(m_operator, &OperatorActions::drainFinished, m_registry, &RegistryPanel::showDrainResult);
    connect(m_registry->kvEditor(), &KvEditor::keyRolledBack, events,
        [events](const QString &key, quint64 version, bool ok, const QString &error) {
            events->record({ 0, QStringLiteral("kv-rollback"), QStringLiteral("registry"), key,
                QStringLiteral("to version %1").arg(version), ok, error });
        });
}

void Console::pollLogs()
{
    quint64 missed = 0;
    const auto records = m_monitor->logHub()->recordsSince(m_lastLogSequence, 20'000, &missed);
    if (records.isEmpty())
        return;
    QList<LogEntry> entries;
    entries.reserve(records.size());
    for (const auto &record : records)
        entries.append(LogEntry { record.seq, record.timeMs, int(record.level),
            // An access line is its instance's (or, for a subsystem such as the registry, the subsystem's).
            record.access ? (record.instance.isEmpty() ? record.service : record.instance) : record.logger,
            record.message, record.access, record.service });
    m_lastLogSequence = records.last().seq;
    m_logs->append(entries);
}

void Console::selectService(const QString &service)
{
    m_pendingSelection = service;
    applyPendingSelection();
}

void Console::applyPendingSelection()
{
    if (m_pendingSelection.isEmpty())
        return;
    auto *node = m_topology->scene()->nodeItem(m_pendingSelection);
    if (!node)
        return; // not discovered yet: the next snapshot tries again
    m_pendingSelection.clear();
    m_topology->scene()->clearSelection();
    node->setSelected(true);
    if (auto *dock = m_window->dock(MainWindow::Panel::Details))
        dock->raise();
}

void Console::updateStatus()
{
    const int firing = m_monitor->alerts()->firingCount(); // silenced alerts are not counted
    const auto instances = HealthStyle::countsText(HealthStyle::countInstances(m_monitor->topology().nodes));
    m_window->setFleetStatus(tr("Fleet: %1 · %2 alert(s) firing").arg(instances).arg(firing));
    const auto &topology = m_monitor->topology();
    int incomplete = 0;
    for (const auto &node : topology.nodes) {
        for (const auto &instance : node.instances)
            incomplete += instance.droppedSeries > 0 ? 1 : 0;
    }
    m_window->setLimitWarning(topology.droppedSeries > 0
            ? tr("Metric store full: %1 series not recorded (cap %2); figures of %3 instance(s) incomplete")
                  .arg(topology.droppedSeries)
                  .arg(topology.maxSeries)
                  .arg(incomplete)
            : QString());
}
