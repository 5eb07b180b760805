#pragma once

#include "logentry.h"

#include <QWidget>

class LogFilterChips;
class LogFilterProxy;
class LogTableModel;
class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QTableView;

// The unified log view: every service's records with level colours, filters, follow mode, wrap, copy,
// export, and per-logger level control.
class LogPanel : public QWidget
{
    Q_OBJECT
public:
    explicit LogPanel(QWidget *parent = nullptr);
    ~LogPanel() override;

    void append(const QList<LogEntry> &entries);
    // Shows only records inside the span (from a chart selection); 0,0 clears it.
    void setTimeSpan(qint64 fromMs, qint64 toMs);
    bool exportTo(const QString &fileName, QString *error = nullptr) const;
    // Back to the default view: no span, default level, all services, no text (Escape).
    void clearFilters();
    LogFilterChips *filterChips() const { return m_chips; }

    LogTableModel *model() const { return m_model; }
    LogFilterProxy *proxy() const { return m_proxy; }
    QTableView *view() const { return m_view; }

Q_SIGNALS:
    // The operator changed a logger's level (empty name = all loggers).
    void logLevelChangeRequested(const QString &logger, int level);

private:
    void copySelection() const;
    void updateServiceChoices();
    void showLevelMenu();
    void updateChips();
    void removeFilter(const QString &id);

    LogTableModel *m_model;
    LogFilterProxy *m_proxy;
    QTableView *m_view;
    QComboBox *m_level;
    QComboBox *m_service;
    QLineEdit *m_text;
    QCheckBox *m_regex;
    QCheckBox *m_follow;
    QCheckBox *m_access;
    LogFilterChips *m_chips;
    QLabel *m_count;
    qint64 m_spanFromMs = 0;
    qint64 m_spanToMs = 0;
};
