#include "console.h"

#include "alertbanner.h"
#include "alerting/alertengine.h"
#include "alertspanel.h"
#include "cartspanel.h"
#include "chartdata.h"
#include "client/discoveryclient.h"
#include "core/logging.h"
#include "logpanel.h"
#include "mainwindow.h"
#include "metricspanel.h"
#include "registrypanel.h"
#include "reportdialog.h"
#include "runtime/fleet.h"
#include "runtime/monitor.h"
#include "servicedetailspanel.h"
#include "servicenodeitem.h"
#include "telemetry/loghub.h"
#include "telemetry/timeseriesstore.h"
#include "topologyscene.h"

#include <QApplication>
#include <QDockWidget>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QStatusBar>
#include <QSystemTrayIcon>
#include <QTimer>
#include <spdlog/spdlog.h>

namespace {

ChartSeries toSeries(const QString &name, const QList<QPointF> &points, double scale = 1.0)
{
    ChartSeries series { name, {}, {} };
    series.keys.reserve(points.size());
    series.values.reserve(points.size());
    for (const auto &p : points) {
        series.keys.append(p.x() / 1000.0);
        series.values.append(p.y() * scale);
    }
    return series;
}

} // namespace

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
    , m_network(new QNetworkAccessManager(this))
{
    window->setPanel(MainWindow::Panel::Topology, m_topology);
    window->setPanel(MainWindow::Panel::Metrics, m_metrics);
    window->setPanel(MainWindow::Panel::Logs, m_logs);
    window->setPanel(MainWindow::Panel::Alerts, m_alerts);
    window->setPanel(MainWindow::Panel::Details, m_details);
    if (auto *discovery = monitor->discovery())
        window->setPanel(MainWindow::Panel::Carts, new CartsPanel(discovery, nullptr, monitor->options().accessToken));
    if (monitor->options().registryUrl.isValid()) {
        m_registry = new RegistryPanel(monitor->options().registryUrl);
        m_registry->setToken(monitor->options().accessToken);
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
    m_metrics->setProvider([store](const ChartRequest &request) { return chartData(*store, request); });

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
    connect(m_topology, &TopologyView::instanceActionRequested, this,
        [this](TopologyView::InstanceAction action, const QString &service, const QString &instance) {
            QString error;
            if (!performInstanceAction(action, service, instance, &error))
                m_window->statusBar()->showMessage(error, 8000);
        });
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

ChartData Console::chartData(const TimeSeriesStore &store, const ChartRequest &request)
{
    ChartData data;
    QSet<QString> services;
    for (const auto &status : store.targets()) {
        services.insert(status.target.service);
        if (status.target.service == request.service && !data.instances.contains(status.target.instance))
            data.instances.append(status.target.instance);
    }
    data.services = services.values();
    data.services.sort();
    data.instances.sort();
    MetricSelector selector;
    selector.service = request.service;
    selector.instance = request.instance;
    // Windows a few steps wide smooth the 1 s scrape jitter without hiding spikes.
    selector.windowMs = std::max<qint64>(10'000, request.stepMs * 2);
    selector.kind = MetricKind::RequestRate;
    data.requestRate
        = { toSeries(tr("requests/s"), store.series(selector, request.fromMs, request.toMs, request.stepMs)) };
    selector.kind = MetricKind::ErrorRatio;
    data.errorRate
        = { toSeries(tr("errors %"), store.series(selector, request.fromMs, request.toMs, request.stepMs), 100.0) };
    selector.kind = MetricKind::LatencyQuantile;
    for (const auto &[name, q] : { std::pair { QStringLiteral("p50"), 0.5 }, std::pair { QStringLiteral("p95"), 0.95 },
             std::pair { QStringLiteral("p99"), 0.99 } }) {
        selector.quantile = q;
        data.latency.append(toSeries(name, store.series(selector, request.fromMs, request.toMs, request.stepMs)));
    }
    return data;
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
        entries.append(LogEntry { record.seq, record.timeMs, int(record.level), record.logger, record.message });
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
    int instances = 0;
    int healthy = 0;
    for (const auto &node : m_monitor->topology().nodes) {
        for (const auto &instance : node.instances) {
            ++instances;
            healthy += instance.health == QLatin1String("passing") || instance.health == QLatin1String("idle") ? 1 : 0;
        }
    }
    m_window->setFleetStatus(
        tr("Fleet: %1 of %2 instances healthy · %3 alert(s) firing").arg(healthy).arg(instances).arg(firing));
}

void Console::drain(const QString &instanceId)
{
    // Draining keeps the instance registered and running but takes it out of discovery, so clients stop
    // sending it new work; the registry panel can undrain it.
    QUrl url = m_monitor->options().registryUrl;
    url.setPath(QStringLiteral("/v1/flightdeck/instances/%1/drain").arg(instanceId));
    QNetworkRequest request(url);
    request.setTransferTimeout(4000);
    if (!m_monitor->options().accessToken.isEmpty())
        request.setRawHeader("X-Consul-Token", m_monitor->options().accessToken);
    auto *reply = m_network->put(request, QByteArray());
    connect(reply, &QNetworkReply::finished, this, [this, reply, instanceId] {
        reply->deleteLater();
        const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        const bool ok = status >= 200 && status < 300;
        Logging::get("console")->info("operator drained {}: {}", instanceId.toStdString(), ok ? "done" : "refused");
        m_window->statusBar()->showMessage(ok ? tr("%1 drained: out of discovery, still running").arg(instanceId)
                                              : tr("Drain of %1 failed (HTTP %2)").arg(instanceId).arg(status),
            6000);
    });
}

bool Console::performInstanceAction(
    TopologyView::InstanceAction action, const QString &service, const QString &instanceId, QString *error)
{
    auto fail = [error](const QString &message) {
        if (error)
            *error = message;
        return false;
    };
    if (!m_fleet)
        return fail(tr("This console watches an external fleet; it cannot control its instances."));
    auto log = Logging::get("console");
    if (action == TopologyView::InstanceAction::ScaleUp) {
        const auto existing = m_fleet->hostsOf(service);
        if (existing.isEmpty())
            return fail(tr("%1 is not part of the embedded fleet").arg(service));
        auto config = existing.first()->config();
        config.port = 0;
        int next = int(existing.size()) + 1;
        while (m_fleet->host(QStringLiteral("%1-%2").arg(service).arg(next)))
            ++next;
        config.instanceId = QStringLiteral("%1-%2").arg(service).arg(next);
        auto *host = m_fleet->add(config, existing.first()->factory());
        QString startError;
        if (!host->start(&startError))
            return fail(startError);
        log->info("operator scaled {} up: {} on port {}", service.toStdString(), config.instanceId.toStdString(),
            host->port());
        return true;
    }
    auto *host = m_fleet->host(instanceId);
    if (!host)
        return fail(tr("%1 is not part of the embedded fleet").arg(instanceId));
    FaultInjection faults = host->faults();
    switch (action) {
    case TopologyView::InstanceAction::Kill:
        log->warn("operator killed {}", instanceId.toStdString());
        host->kill();
        return true;
    case TopologyView::InstanceAction::Drain:
        drain(instanceId);
        return true;
    case TopologyView::InstanceAction::Restart: {
        log->info("operator restarted {}", instanceId.toStdString());
        host->stop();
        QString startError;
        return host->start(&startError) || fail(startError);
    }
    case TopologyView::InstanceAction::InjectLatency:
        faults.extraLatencyMs = 200;
        break;
    case TopologyView::InstanceAction::InjectErrors:
        faults.errorRatio = 0.2;
        break;
    case TopologyView::InstanceAction::DropHeartbeats:
        faults.dropHeartbeats = true;
        break;
    case TopologyView::InstanceAction::ClearFaults:
        faults = {};
        break;
    case TopologyView::InstanceAction::ScaleUp:
        break;
    }
    if (!host->isRunning())
        return fail(tr("%1 is not running").arg(instanceId));
    host->setFaults(faults);
    return true;
}
