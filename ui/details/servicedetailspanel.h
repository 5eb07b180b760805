#pragma once

#include "core/latestonly.h"
#include "telemetry/healthtimeline.h"
#include "telemetry/topologysnapshot.h"

#include <QHash>
#include <QWidget>

class HealthTimelineView;
class InstanceTableModel;
class LogFilterProxy;
class LogTableModel;
class QLabel;
class QTableView;
class TimeSeriesStore;

// What the operator clicked in the topology: a service's instances, its health over the last 15 minutes
// (per instance: answering, failing scrapes or out of discovery, from recorded scrapes) and its recent log records; or
// an edge's call figures.
class ServiceDetailsPanel : public QWidget
{
    Q_OBJECT
public:
    ServiceDetailsPanel(const TimeSeriesStore *store, LogTableModel *logs, QWidget *parent = nullptr);

    void showService(const QString &service);
    void showEdge(const QString &caller, const QString &callee);
    // Keeps the shown service or edge current; called with every topology snapshot.
    void applySnapshot(const TopologySnapshot &snapshot);
    // Faults in force by instance id (one line each); those of the shown service are listed, each with a
    // Clear button.
    void setActiveFaults(const QHash<QString, QString> &faults);

    QString service() const { return m_service; }
    InstanceTableModel *instances() const { return m_instances; }
    LogFilterProxy *recentLogs() const { return m_logs; }
    HealthTimelineView *healthTimeline() const { return m_timeline; }
    QWidget *faultList() const { return m_faultBox; }

Q_SIGNALS:
    void clearFaultRequested(const QString &service, const QString &instanceId);

private:
    void refreshTimeline();
    void showFaults();

    const TimeSeriesStore *m_store;
    QString m_service;
    QString m_callee; // set while an edge is shown
    TopologySnapshot m_snapshot;
    QLabel *m_title;
    QLabel *m_summary;
    InstanceTableModel *m_instances;
    QTableView *m_instanceView;
    QTableView *m_logView = nullptr;
    HealthTimelineView *m_timeline;
    QWidget *m_faultBox;
    QHash<QString, QString> m_faults;
    LogFilterProxy *m_logs;
    LatestOnly<QList<InstanceHealthLane>> m_timelineQuery;
    qint64 m_lastTimelineMs = 0;
};
