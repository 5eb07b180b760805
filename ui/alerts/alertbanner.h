#pragma once

#include "alerting/alertevent.h"

#include <QToolBar>

class AlertEngine;
class QLabel;
class QToolButton;

// A strip across the top of the main window while alerts fire: how many (silenced ones not counted), the
// first of them, and a button that goes to it in the Alerts dock. The window's own notification, so
// firing alerts are seen under any desktop, with or without a system tray. Hidden while nothing fires.
class AlertBanner : public QToolBar
{
    Q_OBJECT
public:
    explicit AlertBanner(AlertEngine *engine, QWidget *parent = nullptr);

    int firingCount() const { return m_count; }
    QString text() const;
    void refresh();

Q_SIGNALS:
    // The operator asked to see this alert.
    void showAlertRequested(const QString &ruleName, const AlertTarget &target);

private:
    AlertEngine *m_engine;
    QLabel *m_label;
    QAction *m_show;
    int m_count = 0;
    QString m_firstRule;
    AlertTarget m_firstTarget;
};
