#pragma once

#include "alerting/alertevent.h"

#include <QWidget>

class AlertEngine;
class AlertHistoryModel;
class AlertRuleDialog;
class AlertStatusModel;
class MetricQuery;
class QTabWidget;
class QTableView;
class QTimer;
class SilenceModel;

// Alert rules with their live state, the transition history and silences. New and edited rules go
// through AlertRuleDialog (validation and backtest preview) into the engine, which persists them.
class AlertsPanel : public QWidget
{
    Q_OBJECT
public:
    AlertsPanel(AlertEngine *engine, const MetricQuery *query, QWidget *parent = nullptr);

    AlertStatusModel *statusModel() const { return m_status; }
    AlertHistoryModel *historyModel() const { return m_history; }
    SilenceModel *silenceModel() const { return m_silences; }
    QTableView *statusView() const { return m_statusView; }

    // Opens the rule editor (empty for a new rule). The dialog is returned so tests can drive it.
    AlertRuleDialog *openRuleEditor(const QString &ruleName = {});
    // Silences the selected alert for the given time.
    void silenceSelected(qint64 durationMs);
    void refresh();
    // Another history beside the alerts' (the operator actions), as a tab of its own.
    void addHistoryTab(QWidget *page, const QString &title);

private:
    QList<AlertTarget> currentTargets() const;

    AlertEngine *m_engine;
    const MetricQuery *m_query;
    AlertStatusModel *m_status;
    AlertHistoryModel *m_history;
    SilenceModel *m_silences;
    QTableView *m_statusView;
    QTabWidget *m_tabs = nullptr;
    QTimer *m_refresh;
};
