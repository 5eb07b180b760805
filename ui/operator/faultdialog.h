#pragma once

#include "http/httplimits.h"

#include <QDialog>

class QCheckBox;
class QComboBox;
class QDialogButtonBox;
class QSpinBox;

// What an operator wants to inject: error rate, added latency, dropped heartbeats, for how long, and where
// (one instance or every instance of the service).
struct FaultRequest
{
    FaultInjection faults; // untilMs left 0: the duration below sets it when the fault is applied
    qint64 durationMs = 0; // 0 = until cleared
    bool wholeService = false;
};

// The "Inject Fault" dialog. Opened on an instance it offers both scopes (that instance, or the whole
// service); opened on a service, the whole service. Cancel changes nothing.
class FaultDialog : public QDialog
{
    Q_OBJECT
public:
    FaultDialog(const QString &service, const QString &instanceId, int instanceCount, QWidget *parent = nullptr);

    FaultRequest request() const;
    QString service() const { return m_service; }
    QString instanceId() const { return m_instanceId; }

private:
    void updateOk();

    QString m_service;
    QString m_instanceId;
    QComboBox *m_scope;
    QSpinBox *m_errorPercent;
    QSpinBox *m_latencyMs;
    QCheckBox *m_dropHeartbeats;
    QComboBox *m_duration;
    QDialogButtonBox *m_buttons;
};
