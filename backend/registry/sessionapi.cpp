#include "sessionapi.h"

#include "blockingresponse.h"
#include "consuljson.h"
#include "consulkeys.h"
#include "http/httpserver.h"
#include "registrystore.h"
#include "sessionmanager.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace {

HttpResponse plain(int status, const QString &message)
{
    return HttpResponse::text(message.toUtf8(), "text/plain; charset=utf-8", status);
}

QString seconds(qint64 ms)
{
    return QStringLiteral("%1s").arg(double(ms) / 1000.0);
}

// Reads a session definition the way Consul decodes it; false with the reason (a 400) when a field has the
// wrong type or value.
class SessionReader
{
public:
    SessionReader(const QJsonObject &body, const SessionOptions &options, QString *error)
        : m_body(body)
        , m_options(options)
        , m_error(error)
    { }

    bool read(RegistrySession *session) const
    {
        if (!text("Name", &session->name, 256) || !text("Node", &session->node, 128))
            return false;
        const auto legacy = m_body.value(QStringLiteral("Checks"));
        const auto node = m_body.value(QStringLiteral("NodeChecks"));
        const auto service = m_body.value(QStringLiteral("ServiceChecks"));
        if (!strings("Checks", &session->nodeChecks) || !strings("NodeChecks", &session->nodeChecks)
            || !serviceChecks(&session->serviceChecks))
            return false;
        // No checks named at all: the node's health check, as in Consul. An empty list means "none".
        auto absent = [](const QJsonValue &value) { return value.isUndefined() || value.isNull(); };
        if (absent(legacy) && absent(node) && absent(service))
            session->nodeChecks = QStringList { QStringLiteral("serfHealth") };
        session->nodeChecks.removeDuplicates();
        session->serviceChecks.removeDuplicates();
        if (session->checks().size() > 64)
            return fail(QStringLiteral("Request decode failed: at most 64 checks per session"));
        return lockDelay(&session->lockDelayMs) && behavior(&session->behavior) && ttl(&session->ttlMs);
    }

private:
    bool fail(const QString &reason) const
    {
        *m_error = reason;
        return false;
    }

    bool text(const char *field, QString *out, qsizetype maxLength) const
    {
        const auto value = m_body.value(QLatin1String(field));
        if (value.isUndefined() || value.isNull())
            return true;
        if (!value.isString() || value.toString().size() > maxLength)
            return fail(QStringLiteral("Request decode failed: %1 must be a string of at most %2 characters")
                            .arg(QLatin1String(field))
                            .arg(maxLength));
        *out = value.toString();
        return true;
    }

    bool strings(const char *field, QStringList *out) const
    {
        const auto value = m_body.value(QLatin1String(field));
        if (value.isUndefined() || value.isNull())
            return true;
        if (!value.isArray())
            return fail(
                QStringLiteral("Request decode failed: %1 must be an array of check IDs").arg(QLatin1String(field)));
        const QJsonArray items = value.toArray();
        for (const auto &item : items) {
            if (!item.isString() || item.toString().isEmpty() || item.toString().size() > 256)
                return fail(QStringLiteral("Request decode failed: %1 must be an array of check IDs")
                                .arg(QLatin1String(field)));
            out->append(item.toString());
        }
        return true;
    }

    bool serviceChecks(QStringList *out) const
    {
        const auto value = m_body.value(QStringLiteral("ServiceChecks"));
        if (value.isUndefined() || value.isNull())
            return true;
        const auto reason = QStringLiteral("Request decode failed: ServiceChecks must be an array of {\"ID\": ...}");
        if (!value.isArray())
            return fail(reason);
        const QJsonArray items = value.toArray();
        for (const auto &item : items) {
            const auto id = item.toObject().value(QStringLiteral("ID"));
            if (!item.isObject() || !id.isString() || id.toString().isEmpty() || id.toString().size() > 256)
                return fail(reason);
            out->append(id.toString());
        }
        return true;
    }

    bool lockDelay(qint64 *ms) const
    {
        const auto value = m_body.value(QStringLiteral("LockDelay"));
        if (value.isUndefined() || value.isNull())
            return true;
        if (value.isDouble()) {
            // A number is Go's time.Duration in nanoseconds; Consul reads numbers below 1000 as seconds,
            // which older clients send.
            const double number = value.toDouble();
            if (!(number >= 0 && number <= 1e12))
                return fail(QStringLiteral("Request decode failed: LockDelay must be a duration"));
            *ms = number < 1000 ? qint64(number * 1000) : qint64(number / 1e6);
        } else if (!value.isString() || !ConsulJson::parseDuration(value.toString(), ms)) {
            return fail(QStringLiteral("Request decode failed: LockDelay must be a duration such as \"15s\""));
        }
        if (*ms > m_options.maxLockDelayMs)
            return fail(QStringLiteral("Invalid LockDelay, must be at most %1").arg(seconds(m_options.maxLockDelayMs)));
        return true;
    }

    bool behavior(RegistrySession::Behavior *out) const
    {
        const auto value = m_body.value(QStringLiteral("Behavior"));
        if (value.isUndefined() || value.isNull() || value == QJsonValue(QString()))
            return true;
        if (value == QJsonValue(QStringLiteral("release")))
            *out = RegistrySession::Behavior::Release;
        else if (value == QJsonValue(QStringLiteral("delete")))
            *out = RegistrySession::Behavior::Delete;
        else
            return fail(QStringLiteral("Invalid Behavior setting '%1'").arg(value.toVariant().toString().left(64)));
        return true;
    }

    bool ttl(qint64 *ms) const
    {
        const auto value = m_body.value(QStringLiteral("TTL"));
        if (value.isUndefined() || value.isNull() || value == QJsonValue(QString()))
            return true;
        if (!value.isString() || !ConsulJson::parseDuration(value.toString(), ms))
            return fail(QStringLiteral("Request decode failed: TTL must be a duration such as \"10s\""));
        if (*ms == 0)
            return true; // "0s": no TTL, as in Consul
        if (*ms < m_options.minTtlMs || *ms > m_options.maxTtlMs)
            return fail(QStringLiteral("Invalid Session TTL '%1', must be between [%2=%3]")
                            .arg(value.toString().left(32), seconds(m_options.minTtlMs), seconds(m_options.maxTtlMs)));
        return true;
    }

    const QJsonObject &m_body;
    const SessionOptions &m_options;
    QString *m_error;
};

QJsonArray sessionArray(const QList<RegistrySession> &sessions)
{
    QJsonArray list;
    for (const auto &session : sessions)
        list.append(ConsulJson::sessionObject(session));
    return list;
}

} // namespace

SessionApi::SessionApi(RegistryStore &store, BlockingQueries &blocking, SessionManager &sessions, qint64 maxWaitMs)
    : m_store(store)
    , m_blocking(blocking)
    , m_sessions(sessions)
    , m_maxWaitMs(maxWaitMs)
{ }

void SessionApi::addRoutes(HttpServer &server)
{
    server.route(
        "PUT", QStringLiteral("/v1/session/create"), [this](const HttpRequest &request) { return create(request); },
        RouteAccess::Write);
    server.route(
        "PUT", QStringLiteral("/v1/session/destroy/{id}"),
        [this](const HttpRequest &request) { return destroy(request); }, RouteAccess::Write);
    server.route(
        "PUT", QStringLiteral("/v1/session/renew/{id}"), [this](const HttpRequest &request) { return renew(request); },
        RouteAccess::Write);
    auto index = [this] { return m_store.sessionIndex(); };
    // Unknown sessions and nodes answer [], as in Consul: a watcher may wait for one to appear.
    server.routeAsync("GET", QStringLiteral("/v1/session/info/{id}"),
        [this, index](const HttpRequest &request, const HttpReply &reply) {
            const auto id = request.pathParam(QStringLiteral("id"));
            BlockingResponse::serve(m_blocking, request, reply, m_maxWaitMs, index, [this, id] {
                const auto session = m_store.session(id);
                return HttpResponse::json(session ? sessionArray({ *session }) : QJsonArray {});
            });
        });
    server.routeAsync(
        "GET", QStringLiteral("/v1/session/list"), [this, index](const HttpRequest &request, const HttpReply &reply) {
            BlockingResponse::serve(m_blocking, request, reply, m_maxWaitMs, index,
                [this] { return HttpResponse::json(sessionArray(m_store.sessions())); });
        });
    server.routeAsync("GET", QStringLiteral("/v1/session/node/{node}"),
        [this, index](const HttpRequest &request, const HttpReply &reply) {
            const auto node = request.pathParam(QStringLiteral("node"));
            BlockingResponse::serve(m_blocking, request, reply, m_maxWaitMs, index, [this, node] {
                QList<RegistrySession> onNode;
                for (const auto &session : m_store.sessions()) {
                    if (session.node == node)
                        onNode.append(session);
                }
                return HttpResponse::json(sessionArray(onNode));
            });
        });
}

HttpResponse SessionApi::create(const HttpRequest &request)
{
    if (request.body.size() > kMaxBodyBytes)
        return plain(413, QStringLiteral("Request body too large: a session is at most %1 bytes").arg(kMaxBodyBytes));
    // The body is optional: an empty one is a session with every default.
    QJsonObject body;
    if (!request.body.trimmed().isEmpty()) {
        QJsonParseError parseError;
        const auto document = QJsonDocument::fromJson(request.body, &parseError);
        if (parseError.error != QJsonParseError::NoError || !document.isObject())
            return plain(400, QStringLiteral("Request decode failed: the body must be a JSON object"));
        body = ConsulKeys::canonical(document.object());
    }
    RegistrySession session;
    QString error;
    if (!SessionReader(body, m_sessions.options(), &error).read(&session))
        return plain(400, error);
    SessionManager::Failure failure;
    if (!m_sessions.create(&session, &failure))
        return plain(failure.status, failure.message);
    return HttpResponse::json(QJsonObject { { QStringLiteral("ID"), session.id } });
}

HttpResponse SessionApi::destroy(const HttpRequest &request)
{
    // Destroying a session that is already gone succeeds, as in Consul: the outcome is the same.
    m_sessions.destroy(request.pathParam(QStringLiteral("id")));
    return HttpResponse::text("true", "application/json");
}

HttpResponse SessionApi::renew(const HttpRequest &request)
{
    const auto id = request.pathParam(QStringLiteral("id"));
    const auto session = m_sessions.renew(id);
    if (!session)
        return plain(404, QStringLiteral("Session id '%1' not found").arg(id));
    return HttpResponse::json(sessionArray({ *session }));
}
