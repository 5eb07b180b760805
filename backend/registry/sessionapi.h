#pragma once

#include <QtGlobal>

class BlockingQueries;
class HttpServer;
class RegistryStore;
class SessionManager;
struct HttpRequest;
struct HttpResponse;
class HttpReply;

// Consul's /v1/session/ API: create (Name, Node, Checks/NodeChecks/ServiceChecks, LockDelay, Behavior, TTL,
// field names in any case), destroy, renew, and the info, list and node reads with blocking queries.
// Errors are plain text with Consul's status codes and wording: client libraries show the body as the
// reason (python-consul raises it, node's consul puts it in the error message).
class SessionApi
{
public:
    // A session body is a few hundred bytes; anything this large is not one.
    static constexpr qint64 kMaxBodyBytes = 64 * 1024;

    SessionApi(RegistryStore &store, BlockingQueries &blocking, SessionManager &sessions, qint64 maxWaitMs);
    void addRoutes(HttpServer &server);

private:
    HttpResponse create(const HttpRequest &request);
    HttpResponse destroy(const HttpRequest &request);
    HttpResponse renew(const HttpRequest &request);

    RegistryStore &m_store;
    BlockingQueries &m_blocking;
    SessionManager &m_sessions;
    qint64 m_maxWaitMs;
};
