#pragma once

#include "http/httplimits.h"
#include "topology/topologyview.h"

#include <QHash>
#include <QObject>
#include <QPointer>
#include <QSet>

class Fleet;
class Monitor;
class RegistryClient;
class QTimer;
class QWidget;
class ServiceHost;
struct FaultRequest;

// Carries out what an operator does to the embedded fleet from the graph: kill (after asking), restart,
// drain and undrain (through the registry's API), scale up and down, inject faults chosen in a dialog
// (rate, latency, duration, one instance or the whole service) and clear them. Every action, done or failed,
// becomes an OperatorEvent (log view, history file, history view, reports). Faults given a duration end on
// the instance by themselves; this class notices, records it and tells the views (badges, Details).
class OperatorActions : public QObject
{
    Q_OBJECT
public:
    struct ActiveFault
    {
        QString service;
        QString instance;
        FaultInjection faults;
    };

    // fleet may be null (an external fleet): then every action explains that it cannot be done.
    // dialogParent: where confirmations and the fault dialog open.
    OperatorActions(Monitor *monitor, Fleet *fleet, QWidget *dialogParent, QObject *parent = nullptr);

    // From the graph's context menu: asks first where the action needs it (Kill: confirmation; InjectFault:
    // the dialog), then acts. An empty instance id means the whole service.
    void request(TopologyView::InstanceAction action, const QString &service, const QString &instanceId);

    // The actions themselves, without asking. False with a reason when they cannot be done.
    bool kill(const QString &instanceId, QString *error = nullptr);
    // Restart and scale-down return at once; the instance drains on its own thread and the action is recorded
    // when it is done (activeOperations() meanwhile).
    bool restart(const QString &instanceId, QString *error = nullptr);
    void setDrained(const QString &service, const QString &instanceId, bool drained); // async: drainFinished
    bool scaleUp(const QString &service, QString *error = nullptr);
    bool scaleDown(const QString &service, QString *error = nullptr);
    bool injectFault(
        const QString &service, const QString &instanceId, const FaultRequest &request, QString *error = nullptr);
    bool clearFaults(const QString &service, const QString &instanceId, QString *error = nullptr);

    QList<ActiveFault> activeFaults() const;
    // By instance id: "30 % errors, +400 ms until 14:05:00", for badges and menus.
    QHash<QString, QString> activeFaultTexts() const;
    static QString describe(const FaultInjection &faults);
    // Instances with an operation under way (restart and scale-down drain first, without the console waiting),
    // by instance id: "restarting", "stopping". For the graph's badges.
    const QHash<QString, QString> &activeOperations() const { return m_operations; }
    // The console's one client of its registry (drains here, the Registry dock reads through it too); null
    // when there is no registry.
    RegistryClient *registry() const { return m_registry; }

Q_SIGNALS:
    void faultsChanged();
    void operationsChanged();
    void drainFinished(const QString &instanceId, bool drained, bool ok, const QString &error);
    // A line for the status bar: what was done, or why not.
    void message(const QString &text, bool error);

private:
    void requestKill(const QString &service, const QString &instanceId);
    void requestFault(const QString &service, const QString &instanceId);
    void record(const QString &action, const QString &service, const QString &target, const QString &detail,
        bool ok = true, const QString &error = {});
    bool fail(QString *error, const QString &text) const;
    void checkExpiry();
    void startAgain(ServiceHost *host, const QString &action);
    void setOperation(const QString &instanceId, const QString &word); // empty word: done

    Monitor *m_monitor;
    QPointer<Fleet> m_fleet;
    QPointer<QWidget> m_dialogParent;
    RegistryClient *m_registry; // null when the console has no registry
    QTimer *m_expiry;
    QHash<QString, FaultInjection> m_injected; // what this class set, by instance id, to notice expiry
    QSet<QString> m_scaledDown; // stopped by scale-down: scale-up starts these again first
    QHash<QString, QString> m_operations; // see activeOperations()
};
