#pragma once

#include "core/latestrequest.h"

#include <QWidget>

class KvDiffView;
class KvHistoryModel;
class KvKeyModel;
class QAction;
class QLabel;
class StatusLabel;
class QPlainTextEdit;
class QTableView;
class QTimer;
class RegistryClient;
struct KvKeyRow;

// The config KV editor of the registry panel: the keys (GET /v1/kv/?recurse, polled), the selected key's
// value in an editor, save with check-and-set on the ModifyIndex the operator started from (a refused CAS
// means someone else wrote the key meanwhile: the operator's text is kept and they are told), delete, the
// key's versions (/v1/flightdeck/kv-history), a diff of two versions (/v1/flightdeck/kv-diff) and
// rollback to a version (/v1/flightdeck/kv-rollback, itself a new version). Everything is asynchronous;
// answers about a key that is no longer selected are dropped.
class KvEditor : public QWidget
{
    Q_OBJECT
public:
    explicit KvEditor(RegistryClient *registry, QWidget *parent = nullptr);

    KvKeyModel *keyModel() const { return m_keys; }
    KvHistoryModel *historyModel() const { return m_history; }
    QTableView *keyView() const { return m_keyView; }
    QTableView *historyView() const { return m_historyView; }
    QPlainTextEdit *valueEdit() const { return m_value; }
    KvDiffView *diffView() const { return m_diff; }
    QString currentKey() const { return m_key; }
    QString statusText() const;
    bool isDirty() const;
    void setRefreshInterval(int ms);

    void refresh();
    void selectKey(const QString &key);
    // Starts a key that does not exist yet; Save creates it (and refuses if someone created it meanwhile).
    void newKey(const QString &key);
    void save();
    void removeKey();
    // Discards the operator's edits and shows the value as it is on the server.
    void reloadValue();
    void compare(quint64 fromVersion, quint64 toVersion);
    void rollbackTo(quint64 version);

Q_SIGNALS:
    void keysLoaded();
    void historyLoaded(const QString &key);
    void diffLoaded();
    void saved(bool ok);
    void rolledBack(bool ok);
    void keyRolledBack(const QString &key, quint64 version, bool ok, const QString &error);

private:
    void build();
    void loadHistory();
    void showValue(const KvKeyRow &row);
    void applyKeys(const QList<KvKeyRow> &keys);
    void compareSelected();
    void rollbackSelected();
    void setStatus(const QString &text, bool error = false);
    void updateActions();
    QString kvPath(const QString &prefix) const;

    RegistryClient *m_registry;
    KvKeyModel *m_keys;
    KvHistoryModel *m_history;
    QTableView *m_keyView = nullptr;
    QTableView *m_historyView = nullptr;
    QPlainTextEdit *m_value = nullptr;
    KvDiffView *m_diff = nullptr;
    QLabel *m_keyLabel = nullptr;
    StatusLabel *m_status = nullptr;
    QAction *m_saveAction = nullptr;
    QAction *m_deleteAction = nullptr;
    QAction *m_reloadAction = nullptr;
    QAction *m_compareAction = nullptr;
    QAction *m_rollbackAction = nullptr;
    QTimer *m_timer;
    QString m_key;
    QByteArray m_loadedValue;
    bool m_conflictKnown = false; // the operator was told the key changed under their edits
    quint64 m_loadedIndex = 0; // 0: the key did not exist when the operator started (create-only CAS)
    bool m_listInFlight = false;
    bool m_writing = false;
    bool m_forceShow = false; // a rollback asked to show the restored value even over unsaved edits
    // Answers to reads started before the selection changed (or a newer read started) are dropped.
    LatestRequest m_listRequests;
    LatestRequest m_historyRequests;
    LatestRequest m_diffRequests;
};
