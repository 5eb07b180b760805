#pragma once

#include "core/latestrequest.h"

#include <QElapsedTimer>
#include <QUrl>
#include <QWidget>

class KvEditor;
class QAction;
class QLabel;
class StatusLabel;
class QComboBox;
class QSortFilterProxyModel;
class QTabWidget;
class QTableView;
class QTimer;
class RegistryClient;
class RegistryInstanceModel;

// The registry and config center as operators see it.
//
//   RegistryPanel(RegistryClient *registry, QWidget *parent = nullptr)
//       registry: the typed client of the registry shown (embedded or external), owned by the caller.
//
// Tab "Instances": every registered instance with service, id, address, health state, drained flag,
// lease age / last heartbeat, weight, tags and metadata (polled every second). The toolbar's Drain and
// Undrain do not drain by themselves: they ask (drainRequested), the console's OperatorActions drains and
// records it like every other operator action, and showDrainResult() shows how it went. Tab
// "Configuration": KvEditor (keys, value editor with CAS save, delete, history, diff, rollback). All calls
// are asynchronous.
class RegistryPanel : public QWidget
{
    Q_OBJECT
public:
    explicit RegistryPanel(RegistryClient *registry, QWidget *parent = nullptr);

    RegistryInstanceModel *instanceModel() const { return m_instances; }
    QTableView *instanceView() const { return m_instanceView; }
    KvEditor *kvEditor() const { return m_kv; }
    QString statusText() const;
    void setRefreshInterval(int ms);

    void refresh();
    void selectInstance(const QString &id);
    // Shows only the instances of one service (empty: all) and brings the instance list forward.
    void showService(const QString &service);
    QString shownService() const;
    QSortFilterProxyModel *shownInstances() const { return m_shown; }
    // What the operator asked for came back: says so and shows the instance as it is now.
    void showDrainResult(const QString &id, bool drained, bool ok, const QString &error);

Q_SIGNALS:
    void instancesLoaded();
    void drainRequested(const QString &service, const QString &id, bool drained);
    void drainFinished(const QString &id, bool ok);

private:
    void setStatus(const QString &text, bool error = false);
    void updateActions();
    void requestDrain(bool drained);

    RegistryClient *m_registry;
    void fillServiceChoices();

    RegistryInstanceModel *m_instances;
    QSortFilterProxyModel *m_shown; // m_instances filtered by service, what the view shows
    QComboBox *m_serviceFilter = nullptr;
    QTabWidget *m_tabs = nullptr;
    QTableView *m_instanceView = nullptr;
    KvEditor *m_kv = nullptr;
    QAction *m_drainAction = nullptr;
    QAction *m_undrainAction = nullptr;
    StatusLabel *m_status = nullptr;
    QTimer *m_timer;
    bool m_inFlight = false;
    QElapsedTimer m_actionShown; // since the last drain result was shown
    // A poll answer older than the latest drain/undrain would briefly show the old flag: drop it.
    LatestRequest m_polls;
};
