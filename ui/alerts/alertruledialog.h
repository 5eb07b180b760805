#pragma once

#include "alerting/alertevent.h"
#include "alerting/alertrule.h"
#include "core/latestonly.h"

#include <QDialog>

class MetricQuery;
class QComboBox;
class QCustomPlot;
class QDialogButtonBox;
class QLabel;
class QLineEdit;

// Creates or edits one alert rule. The condition is typed in the rule language
// (`error_ratio(service="cart", window=1m) > 0.05`) and checked as it is typed; a backtest preview plots
// the metric over the last hour with the threshold and the spans in which the rule would have fired.
class AlertRuleDialog : public QDialog
{
    Q_OBJECT
public:
    AlertRuleDialog(const MetricQuery *query, QList<AlertTarget> targets, QWidget *parent = nullptr);

    void setRule(const AlertRule &rule);
    // The rule as entered, or nothing with the reasons when it is not valid.
    std::optional<AlertRule> rule(QStringList *errors = nullptr) const;

    void runBacktest();
    int backtestFiringCount() const { return m_firingCount; }
    QCustomPlot *previewPlot() const { return m_plot; }

    void accept() override;

private:
    void validate();

    struct Preview
    {
        QVector<double> keys;
        QVector<double> values;
        QList<QPair<double, double>> firing; // seconds since the epoch
        QString error;
        double fromSeconds = 0; // the range that was tested
        double toSeconds = 0;
    };
    // A line of text in the middle of the preview chart, for when there is no curve to show.
    void showPlotNote(const QString &text);
    void showPreview(const Preview &preview);

    const MetricQuery *m_query;
    QList<AlertTarget> m_targets;
    QLineEdit *m_name;
    QLineEdit *m_expression;
    QLineEdit *m_for;
    QLineEdit *m_clear;
    QComboBox *m_severity;
    QComboBox *m_noData;
    QLineEdit *m_summary;
    QLabel *m_problems;
    QLabel *m_backtestSummary;
    QCustomPlot *m_plot;
    QDialogButtonBox *m_buttons;
    LatestOnly<Preview> m_backtest; // a newer backtest supersedes one still running
    int m_firingCount = -1;
    AlertRule m_original;
};
