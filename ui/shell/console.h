#pragma once

#include "topology/topologyview.h"

#include <QObject>

class AlertBanner;
class AlertsPanel;
class Fleet;
class LogPanel;
class MainWindow;
class MetricsPanel;
class Monitor;
class OperatorActions;
class OperatorEventModel;
class QSystemTrayIcon;
class QTimer;
class RegistryPanel;
class ServiceDetailsPanel;

// Connects the monitored fleet to the window: builds the panels, feeds them from the monitor (topology
// snapshots, chart queries, log batches, alert states), and carries out the operator's fleet actions.
// The window itself only arranges docks; this class is the one place that knows both sides.
class Console : public QObject
{
    Q_OBJECT
public:
    Console(MainWindow *window, Monitor *monitor, Fleet *fleet, QObject *parent = nullptr);
    ~Console() override;

    TopologyView *topologyView() const { return m_topology; }
    MetricsPanel *metricsPanel() const { return m_metrics; }
    LogPanel *logPanel() const { return m_logs; }
    AlertsPanel *alertsPanel() const { return m_alerts; }
    AlertBanner *alertBanner() const { return m_banner; }
    ServiceDetailsPanel *detailsPanel() const { return m_details; }
    RegistryPanel *registryPanel() const { return m_registry; } // null without a registry

    // Kill, restart, drain, scale and faults, recorded as operator events.
    OperatorActions *operatorActions() const { return m_operator; }
    OperatorEventModel *operatorHistory() const { return m_operatorHistory; }

    // Selects the service in the graph (which focuses charts, details and logs on it) and brings the
    // details dock forward, as soon as the topology shows the service.
    void selectService(const QString &service);

private:
    void pollLogs();
    void wireOperatorActions();
    void updateStatus();
    void applyPendingSelection();

    MainWindow *m_window;
    Monitor *m_monitor;
    Fleet *m_fleet;
    TopologyView *m_topology;
    MetricsPanel *m_metrics;
    LogPanel *m_logs;
    AlertsPanel *m_alerts;
    AlertBanner *m_banner = nullptr;
    ServiceDetailsPanel *m_details;
    RegistryPanel *m_registry = nullptr;
    QSystemTrayIcon *m_tray = nullptr;
    QTimer *m_logTimer;
    OperatorActions *m_operator;
    OperatorEventModel *m_operatorHistory = nullptr;
    quint64 m_lastLogSequence = 0;
    int m_firing = 0;
    QString m_pendingSelection;
};
