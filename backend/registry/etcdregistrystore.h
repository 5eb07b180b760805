#pragma once

#include "memoryregistrystore.h"

#include <functional>
#include <QHash>
#include <QJsonObject>
#include <QQueue>
#include <QUrl>

class QNetworkAccessManager;
class QNetworkReply;

// A registry store kept in etcd v3 through its JSON gateway, so several registry processes share one
// cluster. The working set stays in memory (reads are local); every change is written to etcd in order,
// and a /v3/watch stream brings in the changes other registries make.
//
// Layout under the prefix: instances/<id> holds an instance (attached to a lease whose TTL is the
// instance's TTL plus its deregister-after time, so a registry that dies does not leave instances behind),
// kv/<index>-<writer> holds one KV revision (the full history, oldest first by key order).
// Check-and-set is decided by the registry that receives the write, not by an etcd transaction.
// KV lock holders (Session, LockIndex) travel with the KV revisions. Sessions themselves are not written to
// etcd: they are kept by the registry process that created them (their TTL clocks, check bindings and
// lock-delays run there), and end with it. Clients that use sessions talk to one registry, as Consul clients
// talk to one agent.
class EtcdRegistryStore : public MemoryRegistryStore
{
    Q_OBJECT
public:
    explicit EtcdRegistryStore(
        QUrl endpoint, QString prefix = QStringLiteral("flightdeck/registry/"), QObject *parent = nullptr);
    ~EtcdRegistryStore() override;

    // Loads the current state from etcd (bounded wait) and starts watching for other writers.
    bool open(QString *error) override;

    // Writes not yet acknowledged by etcd; tests and shutdown wait for 0.
    int pendingWrites() const { return m_queue.size() + (m_busy ? 1 : 0); }
    bool isWatching() const { return m_watchCreated; }

Q_SIGNALS:
    void remoteChangeApplied();

protected:
    void persistInstance(const RegistryInstance &instance) override;
    void persistInstanceRemoval(const RegistryInstance &instance) override;
    void persistLease(const RegistryInstance &instance) override;
    void persistKv(const KvRevision &revision, const KvEntry &entry) override;

private:
    using Callback = std::function<void(const QJsonObject &)>;
    struct Call
    {
        QString path;
        QJsonObject body;
        Callback done;
    };

    void enqueue(const QString &path, const QJsonObject &body, Callback done = {});
    void sendNext();
    void startWatch();
    void onWatchData();
    void applyEvent(const QJsonObject &event);
    QByteArray fullKey(const QString &relative) const;
    void putInstanceWithLease(const RegistryInstance &instance, const QString &leaseId);
    static qint64 leaseSeconds(const RegistryInstance &instance);

    QUrl m_endpoint;
    QString m_prefix;
    QString m_writer; // tags our own writes so the watch can skip them
    QNetworkAccessManager *m_network = nullptr;
    QQueue<Call> m_queue;
    bool m_busy = false;
    QHash<QString, QString> m_leases; // instance id -> lease id
    QHash<QString, qint64> m_lastKeepAlive; // instance id -> ms since epoch
    QNetworkReply *m_watch = nullptr;
    QByteArray m_watchBuffer;
    qint64 m_watchRevision = 0; // next revision to watch from
    bool m_watchCreated = false;
    bool m_stopping = false;
};
