#pragma once

#include "core/latestrequest.h"

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
class RegistryHttp;
class RegistryInstanceModel;

// The registry and config center as operators see it.
//
//   RegistryPanel(const QUrl &registryUrl, QWidget *parent = nullptr)
//       registryUrl: the registry's base URL, e.g. http://127.0.0.1:8500 (embedded or external).
//   setToken(token): sent as X-Consul-Token on every call, for registries that require one.
//
// Tab "Instances": every registered instance with service, id, address, health state, drained flag,
// lease age / last heartbeat, weight, tags and metadata (GET /v1/flightdeck/instances, polled every
// second); toolbar actions drain and undrain the selected instance. Tab "Configuration": KvEditor (keys,
// value editor with CAS save, delete, history, diff, rollback). All calls are asynchronous.
class RegistryPanel : public QWidget
{
    Q_OBJECT
public:
    explicit RegistryPanel(const QUrl &registryUrl, QWidget *parent = nullptr);

    void setToken(const QByteArray &token);
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
    void setDrained(const QString &id, bool drained);

Q_SIGNALS:
    void instancesLoaded();
    void drainFinished(const QString &id, bool ok);
    // The same, saying which way and why not: operator actions are recorded from it.
    void drainChanged(const QString &id, bool drained, bool ok, const QString &error);

private:
    void setStatus(const QString &text, bool error = false);
    void updateActions();
    QString selectedInstance() const;

    RegistryHttp *m_http;
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
    // A poll answer older than the latest drain/undrain would briefly show the old flag: drop it.
    LatestRequest m_polls;
};
