#include "kvapi.h"

#include "blockingresponse.h"
#include "consuljson.h"
#include "http/httpserver.h"
#include "kvdiff.h"
#include "registrystore.h"
#include "sessionmanager.h"

#include <optional>
#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace {

// The key is the rest of the path; taken from the raw path so a trailing "/" (a prefix) survives.
QString keyOf(const HttpRequest &request, const QString &routePrefix)
{
    return request.path.mid(routePrefix.size());
}

bool validKey(const QString &key, HttpResponse *error)
{
    if (key.isEmpty() || key.size() > 512 || key.startsWith(QLatin1Char('/'))) {
        *error = HttpResponse::error(400, QStringLiteral("bad_key"),
            QStringLiteral("the key must be 1 to 512 characters and not start with '/'"));
        return false;
    }
    return true;
}

bool optionalNumber(const HttpRequest &request, const QString &name, std::optional<quint64> *value, HttpResponse *error)
{
    if (!request.hasQueryItem(name))
        return true;
    bool ok = false;
    *value = request.queryValue(name).toULongLong(&ok);
    if (!ok) {
        *error = HttpResponse::error(
            400, QStringLiteral("bad_%1").arg(name), QStringLiteral("%1 must be a number").arg(name));
        return false;
    }
    return true;
}

HttpResponse boolean(bool value, quint64 index)
{
    return HttpResponse::text(value ? "true" : "false", "application/json")
        .withHeader("X-Consul-Index", QByteArray::number(std::max<quint64>(1, index)));
}

QJsonObject revisionJson(const KvRevision &revision)
{
    return QJsonObject { { QStringLiteral("version"), double(revision.version) },
        { QStringLiteral("modify_index"), double(revision.modifyIndex) },
        { QStringLiteral("deleted"), revision.deleted }, { QStringLiteral("flags"), double(revision.flags) },
        { QStringLiteral("value"), QString::fromLatin1(revision.value.toBase64()) },
        { QStringLiteral("time"),
            QDateTime::fromMSecsSinceEpoch(revision.timeMs, Qt::UTC).toString(Qt::ISODateWithMs) } };
}

// The versions of the key a history route names. False, with the error to answer, when the key is invalid
// or was never written.
bool keyHistory(const RegistryStore &store, const HttpRequest &request, const QString &routePrefix, QString *key,
    QList<KvRevision> *revisions, HttpResponse *error)
{
    *key = keyOf(request, routePrefix);
    if (!validKey(*key, error))
        return false;
    *revisions = store.kvHistory(*key);
    if (revisions->isEmpty()) {
        *error = HttpResponse::error(
            404, QStringLiteral("unknown_key"), QStringLiteral("key \"%1\" was never written").arg(*key));
        return false;
    }
    return true;
}

const QString kKvPrefix = QStringLiteral("/v1/kv/");
const QString kHistoryPrefix = QStringLiteral("/v1/flightdeck/kv-history/");
const QString kDiffPrefix = QStringLiteral("/v1/flightdeck/kv-diff/");
const QString kRollbackPrefix = QStringLiteral("/v1/flightdeck/kv-rollback/");

} // namespace

KvApi::KvApi(RegistryStore &store, BlockingQueries &blocking, SessionManager &sessions, qint64 maxWaitMs)
    : m_store(store)
    , m_blocking(blocking)
    , m_sessions(sessions)
    , m_maxWaitMs(maxWaitMs)
{ }

void KvApi::addRoutes(HttpServer &server)
{
    server.routeAsync("GET", QStringLiteral("/v1/kv/{key...}"),
        [this](const HttpRequest &request, const HttpReply &reply) { get(request, reply); });
    server.route(
        "PUT", QStringLiteral("/v1/kv/{key...}"), [this](const HttpRequest &request) { return put(request); },
        RouteAccess::Write);
    server.route(
        "DELETE", QStringLiteral("/v1/kv/{key...}"), [this](const HttpRequest &request) { return remove(request); },
        RouteAccess::Write);
    server.route("GET", QStringLiteral("/v1/flightdeck/kv-history/{key...}"),
        [this](const HttpRequest &request) { return history(request); });
    server.route("GET", QStringLiteral("/v1/flightdeck/kv-diff/{key...}"),
        [this](const HttpRequest &request) { return diff(request); });
    server.route(
        "PUT", QStringLiteral("/v1/flightdeck/kv-rollback/{key...}"),
        [this](const HttpRequest &request) { return rollback(request); }, RouteAccess::Write);
}

void KvApi::get(const HttpRequest &request, const HttpReply &reply)
{
    const auto key = keyOf(request, kKvPrefix);
    const bool recurse = request.hasQueryItem(QStringLiteral("recurse"));
    const bool keysOnly = request.hasQueryItem(QStringLiteral("keys"));
    const bool raw = request.hasQueryItem(QStringLiteral("raw"));
    HttpResponse error;
    if (!recurse && !keysOnly && !validKey(key, &error)) {
        reply.send(error);
        return;
    }
    BlockingResponse::serve(
        m_blocking, request, reply, m_maxWaitMs,
        [this, key, recurse, keysOnly] {
            if (recurse || keysOnly)
                return m_store.kvIndex();
            // A single key wakes on its own writes, and on a delete (kvIndex moves while the key is gone).
            const auto entry = m_store.kvGet(key);
            return entry ? entry->modifyIndex : m_store.kvIndex();
        },
        [this, key, recurse, keysOnly, raw] {
            if (keysOnly) {
                QJsonArray keys;
                for (const auto &entry : m_store.kvList(key))
                    keys.append(entry.key);
                return keys.isEmpty() ? HttpResponse::empty(404) : HttpResponse::json(keys);
            }
            if (recurse) {
                QJsonArray list;
                for (const auto &entry : m_store.kvList(key))
                    list.append(ConsulJson::kvEntry(entry));
                return list.isEmpty() ? HttpResponse::empty(404) : HttpResponse::json(list);
            }
            const auto entry = m_store.kvGet(key);
            if (!entry)
                return HttpResponse::empty(404); // Consul answers a missing key with an empty 404
            if (raw)
                return HttpResponse::text(entry->value, "application/octet-stream");
            return HttpResponse::json(QJsonArray { ConsulJson::kvEntry(*entry) });
        });
}

HttpResponse KvApi::put(const HttpRequest &request)
{
    const auto key = keyOf(request, kKvPrefix);
    HttpResponse error;
    if (!validKey(key, &error))
        return error;
    if (request.body.size() > kMaxValueBytes)
        return HttpResponse::error(413, QStringLiteral("value_too_large"),
            QStringLiteral("values are limited to %1 bytes").arg(kMaxValueBytes));
    std::optional<quint64> cas;
    std::optional<quint64> flags;
    if (!optionalNumber(request, QStringLiteral("cas"), &cas, &error)
        || !optionalNumber(request, QStringLiteral("flags"), &flags, &error))
        return error;
    // A value is stored as given; an empty body still makes the key exist (with an empty value).
    QByteArray value = request.body;
    if (value.isNull())
        value = QByteArray("");
    if (request.hasQueryItem(QStringLiteral("acquire")) || request.hasQueryItem(QStringLiteral("release")))
        return lockedPut(request, key, value, flags.value_or(0), cas);
    const auto result = m_store.kvPut(key, value, flags.value_or(0), cas);
    return boolean(result.ok, result.index);
}

HttpResponse KvApi::lockedPut(
    const HttpRequest &request, const QString &key, const QByteArray &value, quint64 flags, std::optional<quint64> cas)
{
    const bool acquire = request.hasQueryItem(QStringLiteral("acquire"));
    if (acquire && request.hasQueryItem(QStringLiteral("release")))
        return HttpResponse::error(
            400, QStringLiteral("bad_lock"), QStringLiteral("give one of ?acquire= and ?release=, not both"));
    const auto session = request.queryValue(acquire ? QStringLiteral("acquire") : QStringLiteral("release"));
    // Consul answers an unknown session with a 500; it is the client's mistake, so it is a 400 here.
    if (session.isEmpty() || !m_store.session(session))
        return HttpResponse::error(400, QStringLiteral("unknown_session"),
            QStringLiteral("invalid session \"%1\": create one with /v1/session/create").arg(session.left(64)));
    if (!acquire) {
        const auto result = m_store.kvRelease(key, value, flags, cas, session);
        return boolean(result.ok, result.index);
    }
    // A lock lost by invalidation stays free for the lock-delay, so its old holder can notice it lost it
    // before anyone else acts as the new holder. Like Consul, the refusal is a plain false.
    if (m_sessions.lockDelayRemainingMs(key) > 0)
        return boolean(false, m_store.index());
    const auto result = m_store.kvAcquire(key, value, flags, cas, session);
    return boolean(result.ok, result.index);
}

HttpResponse KvApi::remove(const HttpRequest &request)
{
    const bool recurse = request.hasQueryItem(QStringLiteral("recurse"));
    const auto key = keyOf(request, kKvPrefix);
    HttpResponse error;
    if (!recurse && !validKey(key, &error))
        return error;
    if (recurse && key.isEmpty())
        return HttpResponse::error(400, QStringLiteral("bad_key"), QStringLiteral("refusing to delete every key"));
    std::optional<quint64> cas;
    if (!optionalNumber(request, QStringLiteral("cas"), &cas, &error))
        return error;
    const auto result = m_store.kvDelete(key, recurse, cas);
    return boolean(result.ok, result.index);
}

HttpResponse KvApi::history(const HttpRequest &request)
{
    QString key;
    QList<KvRevision> revisions;
    HttpResponse error;
    if (!keyHistory(m_store, request, kHistoryPrefix, &key, &revisions, &error))
        return error;
    QJsonArray list;
    for (const auto &revision : revisions)
        list.append(revisionJson(revision));
    return HttpResponse::json(QJsonObject { { QStringLiteral("key"), key }, { QStringLiteral("versions"), list } });
}

HttpResponse KvApi::diff(const HttpRequest &request)
{
    QString key;
    QList<KvRevision> revisions;
    HttpResponse error;
    if (!keyHistory(m_store, request, kDiffPrefix, &key, &revisions, &error))
        return error;
    std::optional<quint64> from;
    std::optional<quint64> to;
    if (!optionalNumber(request, QStringLiteral("from"), &from, &error)
        || !optionalNumber(request, QStringLiteral("to"), &to, &error))
        return error;
    const quint64 last = revisions.last().version;
    const quint64 toVersion = to.value_or(last);
    const quint64 fromVersion = from.value_or(toVersion > 1 ? toVersion - 1 : 1);
    auto find = [&](quint64 version) -> const KvRevision * {
        for (const auto &revision : revisions)
            if (revision.version == version)
                return &revision;
        return nullptr;
    };
    const auto *a = find(fromVersion);
    const auto *b = find(toVersion);
    if (!a || !b)
        return HttpResponse::error(404, QStringLiteral("unknown_version"),
            QStringLiteral("key \"%1\" has versions 1 to %2").arg(key).arg(last));
    auto linesOf = [](const KvRevision *revision) {
        return revision->deleted ? QStringList {} : QString::fromUtf8(revision->value).split(QLatin1Char('\n'));
    };
    const auto lines = KvDiff::lines(linesOf(a), linesOf(b));
    return HttpResponse::json(QJsonObject { { QStringLiteral("key"), key },
        { QStringLiteral("from"), double(fromVersion) }, { QStringLiteral("to"), double(toVersion) },
        { QStringLiteral("lines"), lines }, { QStringLiteral("text"), KvDiff::text(lines) } });
}

HttpResponse KvApi::rollback(const HttpRequest &request)
{
    const auto key = keyOf(request, kRollbackPrefix);
    HttpResponse error;
    if (!validKey(key, &error))
        return error;
    bool ok = false;
    const quint64 version = request.queryValue(QStringLiteral("version")).toULongLong(&ok);
    if (!ok)
        return HttpResponse::error(400, QStringLiteral("bad_version"), QStringLiteral("?version=N is required"));
    for (const auto &revision : m_store.kvHistory(key)) {
        if (revision.version != version)
            continue;
        if (revision.deleted)
            return HttpResponse::error(409, QStringLiteral("deleted_version"),
                QStringLiteral("version %1 of \"%2\" is a delete").arg(version).arg(key));
        // A rollback is a new write with the old value: history only grows, and watchers see it.
        const auto result = m_store.kvPut(key, revision.value, revision.flags);
        return HttpResponse::json(
            QJsonObject { { QStringLiteral("key"), key }, { QStringLiteral("restored_version"), double(version) },
                { QStringLiteral("version"), double(result.entry.version) },
                { QStringLiteral("modify_index"), double(result.index) } })
            .withHeader("X-Consul-Index", QByteArray::number(result.index));
    }
    return HttpResponse::error(
        404, QStringLiteral("unknown_version"), QStringLiteral("key \"%1\" has no version %2").arg(key).arg(version));
}
