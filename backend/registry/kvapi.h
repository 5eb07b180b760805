#pragma once

#include <optional>
#include <QString>
#include <QtGlobal>

class BlockingQueries;
class HttpServer;
class RegistryStore;
class SessionManager;
struct HttpRequest;
struct HttpResponse;
class HttpReply;

// The config center's HTTP face: Consul's /v1/kv/{key} (GET raw/JSON, ?recurse, ?keys, PUT with ?cas=,
// ?flags=, and the session locks ?acquire= and ?release=, DELETE) with blocking queries, and Flightdeck's
// history, diff and rollback of a key's versions.
class KvApi
{
public:
    // Consul's limit for one value.
    static constexpr qint64 kMaxValueBytes = 512 * 1024;

    KvApi(RegistryStore &store, BlockingQueries &blocking, SessionManager &sessions, qint64 maxWaitMs);
    void addRoutes(HttpServer &server);

private:
    void get(const HttpRequest &request, const HttpReply &reply);
    HttpResponse put(const HttpRequest &request);
    HttpResponse lockedPut(const HttpRequest &request, const QString &key, const QByteArray &value, quint64 flags,
        std::optional<quint64> cas);
    HttpResponse remove(const HttpRequest &request);
    HttpResponse history(const HttpRequest &request);
    HttpResponse diff(const HttpRequest &request);
    HttpResponse rollback(const HttpRequest &request);

    RegistryStore &m_store;
    BlockingQueries &m_blocking;
    SessionManager &m_sessions;
    qint64 m_maxWaitMs;
};
