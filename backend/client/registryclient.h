#pragma once

#include "registrydata.h"
#include "reply.h"

#include <functional>
#include <QObject>
#include <QUrl>

class ServiceClient;
class StaticInstanceSource;

// Typed calls to one registry's HTTP API: its instance list, drain and undrain, and the KV store with its
// history, diffs and rollbacks. Built on ServiceClient like every other client (one HTTP stack, the same
// token, timeouts and error texts), but without retries: an operator waits for the answer, and KV writes
// are check-and-set. Answers arrive decoded on the client's thread, unless their context object is gone.
class RegistryClient : public QObject
{
    Q_OBJECT
public:
    template <typename T> using Callback = std::function<void(const Reply<T> &)>;

    // A stored KV write: whether check-and-set let it through, and the index it was stored at.
    struct KvWrite
    {
        bool stored = false;
        quint64 index = 0;
    };

    explicit RegistryClient(const QUrl &baseUrl, const QByteArray &token = {}, QObject *parent = nullptr);
    ~RegistryClient() override;

    QUrl baseUrl() const { return m_base; }

    void instances(QObject *context, Callback<QList<RegistryInstanceRow>> done);
    // Takes an instance out of discovery (it stays registered and running), or puts it back.
    void setDrained(const QString &instanceId, bool drained, QObject *context, Callback<bool> done);

    // Every key. Consul answers 404 for "no key under this prefix"; that decodes as an empty list.
    void kvList(QObject *context, Callback<QList<KvKeyRow>> done);
    // cas: the modify index the value was loaded at (0: only if the key does not exist yet).
    void kvPut(const QString &key, const QByteArray &value, quint64 cas, QObject *context, Callback<KvWrite> done);
    void kvDelete(const QString &key, quint64 cas, QObject *context, Callback<KvWrite> done);
    // A key never written answers 404; that decodes as an empty history.
    void kvHistory(const QString &key, QObject *context, Callback<QList<KvVersionRow>> done);
    void kvDiff(const QString &key, quint64 fromVersion, quint64 toVersion, QObject *context, Callback<KvDiff> done);
    // Writes version again as the newest; value: the version number it became.
    void kvRollback(const QString &key, quint64 version, QObject *context, Callback<quint64> done);

private:
    template <typename T, typename Decode>
    void send(const QByteArray &method, const QString &path, const QByteArray &body, QObject *context, Callback<T> done,
        Decode decode);

    QUrl m_base;
    StaticInstanceSource *m_source;
    ServiceClient *m_client;
};
