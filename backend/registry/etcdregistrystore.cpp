#include "etcdregistrystore.h"

#include "core/logging.h"
#include "instancecodec.h"

#include <algorithm>
#include <cmath>
#include <QDateTime>
#include <QEventLoop>
#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QTimer>
#include <QUuid>
#include <spdlog/spdlog.h>

namespace {

QString b64(const QByteArray &bytes)
{
    return QString::fromLatin1(bytes.toBase64());
}

QByteArray unb64(const QJsonValue &value)
{
    return QByteArray::fromBase64(value.toString().toLatin1());
}

// etcd's range_end for "every key with this prefix": the prefix with its last byte incremented.
QByteArray prefixEnd(QByteArray prefix)
{
    for (auto i = prefix.size() - 1; i >= 0; --i) {
        if (quint8(prefix[i]) < 0xff) {
            prefix[i] = char(quint8(prefix[i]) + 1);
            return prefix.left(i + 1);
        }
    }
    return QByteArray(1, '\0');
}

QNetworkRequest jsonRequest(const QUrl &url)
{
    QNetworkRequest request(url);
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    return request;
}

} // namespace

EtcdRegistryStore::EtcdRegistryStore(QUrl endpoint, QString prefix, QObject *parent)
    : MemoryRegistryStore(nullptr, parent)
    , m_endpoint(std::move(endpoint))
    , m_prefix(std::move(prefix))
    , m_writer(QUuid::createUuid().toString(QUuid::Id128).left(12))
    , m_network(new QNetworkAccessManager(this))
{ }

EtcdRegistryStore::~EtcdRegistryStore()
{
    m_stopping = true;
    // Replies must not call back into a half-destroyed store: cut them loose before the manager goes.
    const auto replies = m_network->findChildren<QNetworkReply *>();
    for (auto *reply : replies) {
        reply->disconnect(this);
        reply->abort();
    }
    delete m_network;
    m_network = nullptr;
    m_watch = nullptr;
}

QByteArray EtcdRegistryStore::fullKey(const QString &relative) const
{
    return (m_prefix + relative).toUtf8();
}

bool EtcdRegistryStore::open(QString *error)
{
    // A one-time synchronous load at start, before the registry serves anything; bounded.
    QUrl url = m_endpoint;
    url.setPath(QStringLiteral("/v3/kv/range"));
    auto request = jsonRequest(url);
    request.setTransferTimeout(5000);
    const QByteArray prefix = m_prefix.toUtf8();
    const QJsonObject body { { QStringLiteral("key"), b64(prefix) },
        { QStringLiteral("range_end"), b64(prefixEnd(prefix)) } };
    QNetworkReply *reply = m_network->post(request, QJsonDocument(body).toJson(QJsonDocument::Compact));
    QEventLoop loop;
    connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    QTimer::singleShot(6000, &loop, &QEventLoop::quit);
    loop.exec();
    reply->deleteLater();
    if (!reply->isFinished() || reply->error() != QNetworkReply::NoError) {
        if (error)
            *error = QStringLiteral("etcd at %1 is not reachable: %2").arg(m_endpoint.toString(), reply->errorString());
        reply->abort();
        return false;
    }
    const auto document = QJsonDocument::fromJson(reply->readAll()).object();
    QList<RegistryInstance> instances;
    QList<KvRevision> history;
    quint64 index = 0;
    const QJsonArray kvsJson = document.value(QStringLiteral("kvs")).toArray();
    for (const auto &item : kvsJson) {
        const auto kv = item.toObject();
        const auto key = QString::fromUtf8(unb64(kv.value(QStringLiteral("key")))).mid(m_prefix.size());
        const auto value = QJsonDocument::fromJson(unb64(kv.value(QStringLiteral("value")))).object();
        if (key.startsWith(QLatin1String("instances/"))) {
            RegistryInstance instance;
            if (InstanceCodec::fromJson(value, &instance)) {
                instances.append(instance);
                const auto lease = kv.value(QStringLiteral("lease")).toString();
                if (!lease.isEmpty() && lease != QLatin1String("0"))
                    m_leases.insert(instance.id, lease);
            }
        } else if (key.startsWith(QLatin1String("kv/"))) {
            KvRevision revision;
            if (InstanceCodec::revisionFromJson(value, &revision))
                history.append(revision);
        }
        index = std::max(index, quint64(kv.value(QStringLiteral("mod_revision")).toString().toULongLong()));
    }
    std::stable_sort(
        history.begin(), history.end(), [](const auto &a, const auto &b) { return a.modifyIndex < b.modifyIndex; });
    for (const auto &revision : history)
        index = std::max(index, revision.modifyIndex);
    for (const auto &instance : instances)
        index = std::max(index, instance.modifyIndex);
    resetState(instances, history, index);
    const auto header = document.value(QStringLiteral("header")).toObject();
    m_watchRevision = header.value(QStringLiteral("revision")).toString().toLongLong() + 1;
    startWatch();
    return true;
}

void EtcdRegistryStore::enqueue(const QString &path, const QJsonObject &body, Callback done)
{
    m_queue.enqueue({ path, body, std::move(done) });
    if (!m_busy)
        sendNext();
}

void EtcdRegistryStore::sendNext()
{
    if (m_queue.isEmpty() || m_stopping) {
        m_busy = false;
        return;
    }
    m_busy = true;
    auto call = m_queue.dequeue();
    // Leases are granted asynchronously: a put queued behind a grant learns its lease id only now.
    if (call.path == QLatin1String("/v3/kv/put") && call.body.contains(QStringLiteral("instanceId"))) {
        const auto id = call.body.take(QStringLiteral("instanceId")).toString();
        const auto lease = m_leases.value(id);
        if (!lease.isEmpty())
            call.body.insert(QStringLiteral("lease"), lease);
    }
    QUrl url = m_endpoint;
    url.setPath(call.path);
    auto request = jsonRequest(url);
    request.setTransferTimeout(5000);
    QNetworkReply *reply = m_network->post(request, QJsonDocument(call.body).toJson(QJsonDocument::Compact));
    connect(reply, &QNetworkReply::finished, this, [this, reply, call] {
        reply->deleteLater();
        const auto status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        const auto answer = QJsonDocument::fromJson(reply->readAll()).object();
        if (reply->error() != QNetworkReply::NoError || status != 200)
            Logging::get("registry")
                ->warn("etcd {} failed: {} {}", call.path.toStdString(), status, reply->errorString().toStdString());
        if (call.done)
            call.done(answer);
        sendNext();
    });
}

qint64 EtcdRegistryStore::leaseSeconds(const RegistryInstance &instance)
{
    const qint64 ms = instance.check.ttlMs + std::max<qint64>(instance.check.deregisterCriticalAfterMs, 0);
    return std::max<qint64>(5, qint64(std::ceil(double(ms) / 1000.0)));
}

void EtcdRegistryStore::persistInstance(const RegistryInstance &instance)
{
    if (instance.remote)
        return;
    // Catalog registrations have no agent to keep a lease alive: they stay until deregistered, as in Consul.
    if (!m_leases.contains(instance.id) && instance.check.kind == HealthCheck::Kind::Ttl && !instance.external) {
        const auto id = instance.id;
        enqueue(QStringLiteral("/v3/lease/grant"),
            QJsonObject { { QStringLiteral("TTL"), double(leaseSeconds(instance)) } },
            [this, id](const QJsonObject &answer) {
                const auto lease = answer.value(QStringLiteral("ID")).toString();
                if (!lease.isEmpty())
                    m_leases.insert(id, lease);
            });
        m_leases.insert(id, QString()); // pending; the put below picks up the real id when it is sent
        m_lastKeepAlive.insert(id, QDateTime::currentMSecsSinceEpoch());
    }
    auto json = InstanceCodec::toJson(instance);
    json.insert(QStringLiteral("writer"), m_writer);
    enqueue(QStringLiteral("/v3/kv/put"),
        QJsonObject { { QStringLiteral("key"), b64(fullKey(QStringLiteral("instances/") + instance.id)) },
            { QStringLiteral("value"), b64(QJsonDocument(json).toJson(QJsonDocument::Compact)) },
            { QStringLiteral("instanceId"), instance.id } });
}

void EtcdRegistryStore::persistInstanceRemoval(const RegistryInstance &instance)
{
    enqueue(QStringLiteral("/v3/kv/deleterange"),
        QJsonObject { { QStringLiteral("key"), b64(fullKey(QStringLiteral("instances/") + instance.id)) } });
    const auto lease = m_leases.take(instance.id);
    m_lastKeepAlive.remove(instance.id);
    if (!lease.isEmpty())
        enqueue(QStringLiteral("/v3/lease/revoke"), QJsonObject { { QStringLiteral("ID"), lease } });
}

void EtcdRegistryStore::persistLease(const RegistryInstance &instance)
{
    // Heartbeats arrive every TTL/3; the etcd lease is longer, so renewing it at most once per second per
    // instance keeps etcd traffic bounded while the lease never runs out under a live instance.
    const auto now = QDateTime::currentMSecsSinceEpoch();
    const auto lease = m_leases.value(instance.id);
    if (lease.isEmpty() || now - m_lastKeepAlive.value(instance.id) < 1000)
        return;
    m_lastKeepAlive.insert(instance.id, now);
    enqueue(QStringLiteral("/v3/lease/keepalive"), QJsonObject { { QStringLiteral("ID"), lease } });
}

void EtcdRegistryStore::persistKv(const KvRevision &revision, const KvEntry &)
{
    auto json = InstanceCodec::revisionToJson(revision);
    json.insert(QStringLiteral("writer"), m_writer);
    const auto key = QStringLiteral("kv/%1-%2").arg(revision.modifyIndex, 20, 10, QLatin1Char('0')).arg(m_writer);
    enqueue(QStringLiteral("/v3/kv/put"),
        QJsonObject { { QStringLiteral("key"), b64(fullKey(key)) },
            { QStringLiteral("value"), b64(QJsonDocument(json).toJson(QJsonDocument::Compact)) } });
}

void EtcdRegistryStore::startWatch()
{
    if (m_stopping)
        return;
    QUrl url = m_endpoint;
    url.setPath(QStringLiteral("/v3/watch"));
    const QByteArray prefix = m_prefix.toUtf8();
    const QJsonObject create { { QStringLiteral("key"), b64(prefix) },
        { QStringLiteral("range_end"), b64(prefixEnd(prefix)) },
        { QStringLiteral("start_revision"), QString::number(m_watchRevision) } };
    m_watchBuffer.clear();
    m_watchCreated = false;
    m_watch = m_network->post(jsonRequest(url),
        QJsonDocument(QJsonObject { { QStringLiteral("create_request"), create } }).toJson(QJsonDocument::Compact));
    connect(m_watch, &QNetworkReply::readyRead, this, &EtcdRegistryStore::onWatchData);
    connect(m_watch, &QNetworkReply::finished, this, [this] {
        m_watch->deleteLater();
        m_watch = nullptr;
        m_watchCreated = false;
        if (!m_stopping) {
            Logging::get("registry")->warn("etcd watch ended; reconnecting in 1 s");
            QTimer::singleShot(1000, this, &EtcdRegistryStore::startWatch);
        }
    });
}

void EtcdRegistryStore::onWatchData()
{
    m_watchBuffer += m_watch->readAll();
    // The gateway streams one JSON object per line.
    qsizetype newline;
    while ((newline = m_watchBuffer.indexOf('\n')) >= 0) {
        const auto line = m_watchBuffer.left(newline).trimmed();
        m_watchBuffer.remove(0, newline + 1);
        if (line.isEmpty())
            continue;
        const auto result = QJsonDocument::fromJson(line).object().value(QStringLiteral("result")).toObject();
        if (result.value(QStringLiteral("created")).toBool())
            m_watchCreated = true;
        const QJsonArray eventsJson = result.value(QStringLiteral("events")).toArray();
        for (const auto &event : eventsJson)
            applyEvent(event.toObject());
        const auto revision = result.value(QStringLiteral("header")).toObject().value(QStringLiteral("revision"));
        m_watchRevision = std::max(m_watchRevision, revision.toString().toLongLong() + 1);
    }
}

void EtcdRegistryStore::applyEvent(const QJsonObject &event)
{
    const auto kv = event.value(QStringLiteral("kv")).toObject();
    const auto key = QString::fromUtf8(unb64(kv.value(QStringLiteral("key")))).mid(m_prefix.size());
    const bool deleted = event.value(QStringLiteral("type")).toString() == QLatin1String("DELETE");
    if (key.startsWith(QLatin1String("instances/"))) {
        const auto id = key.mid(QStringLiteral("instances/").size());
        if (deleted) {
            // Our own removals are already applied; a lease that ran out or another registry removed it.
            if (instance(id)) {
                m_leases.remove(id);
                applyInstanceRemoval(id);
                Q_EMIT remoteChangeApplied();
            }
            return;
        }
        const auto value = QJsonDocument::fromJson(unb64(kv.value(QStringLiteral("value")))).object();
        if (value.value(QStringLiteral("writer")).toString() == m_writer)
            return;
        RegistryInstance remote;
        if (!InstanceCodec::fromJson(value, &remote))
            return;
        remote.remote = true;
        remote.lastHeartbeatMs = QDateTime::currentMSecsSinceEpoch();
        applyInstance(remote);
        Q_EMIT remoteChangeApplied();
    } else if (key.startsWith(QLatin1String("kv/")) && !deleted) {
        const auto value = QJsonDocument::fromJson(unb64(kv.value(QStringLiteral("value")))).object();
        if (value.value(QStringLiteral("writer")).toString() == m_writer)
            return;
        KvRevision revision;
        if (!InstanceCodec::revisionFromJson(value, &revision))
            return;
        const auto history = kvHistory(revision.key);
        revision.version = history.isEmpty() ? 1 : history.last().version + 1;
        revision.modifyIndex = bumpIndex();
        const auto current = kvGet(revision.key);
        applyKvRevision(revision, current ? current->createIndex : revision.modifyIndex);
        Q_EMIT changed(revision.modifyIndex);
        Q_EMIT remoteChangeApplied();
    }
}
