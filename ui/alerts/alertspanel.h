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
class QTabWidget;
class QTimer;
class SilenceDialog;
class SilenceModel;

// Alert rules with their live state, the transition history and silences. New and edited rules go
// through AlertRuleDialog (validation and backtest preview) into the engine, which persists them; silences
// are created, edited and expired early through SilenceDialog. Deleting a rule asks first.
class AlertsPanel : public QWidget
{
    Q_OBJECT
public:
    AlertsPanel(AlertEngine *engine, const MetricQuery *query, QWidget *parent = nullptr);

    AlertStatusModel *statusModel() const { return m_status; }
    AlertHistoryModel *historyModel() const { return m_history; }
    SilenceModel *silenceModel() const { return m_silences; }
    QTableView *statusView() const { return m_statusView; }
    QTableView *silenceView() const { return m_silenceView; }

    // Opens the rule editor (empty for a new rule). The dialog is returned so tests can drive it.
    AlertRuleDialog *openRuleEditor(const QString &ruleName = {});
    // Opens the silence dialog for the selected alert (prefilled with its rule, service and instance), or for
    // the selected silence when edit is true. Returned so tests can drive it; null when nothing is selected.
    SilenceDialog *openSilenceDialog(bool edit = false);
    // Ends the selected silence now.
    void expireSelectedSilence();
    // Shows the alert of that rule and target in the Alerts tab, selected.
    void showAlert(const QString &ruleName, const AlertTarget &target);
    void refresh();
    // Another history beside the alerts' (the operator actions), as a tab of its own.
    void addHistoryTab(QWidget *page, const QString &title);

private:
    QList<AlertTarget> currentTargets() const;
    void confirmDeleteSelectedRule();

    AlertEngine *m_engine;
    const MetricQuery *m_query;
    AlertStatusModel *m_status;
    AlertHistoryModel *m_history;
    SilenceModel *m_silences;
    QTableView *m_statusView;
    QTableView *m_silenceView = nullptr;
    QTabWidget *m_tabs = nullptr;
    QTimer *m_refresh;
};
