#pragma once

#include "httplimits.h"
#include "httpreply.h"
#include "router.h"

#include <functional>
#include <QAbstractHttpServer>
#include <QHostAddress>

class AccessLog;
class ConnectionGuard;
class HttpObserver;
struct HttpRequest;
struct HttpResponse;

// An HTTP/1.1 server for one service instance, living on that instance's thread. QtHttpServer parses the
// requests; this class adds what QHttpServer 6.4 lacks: limits (through ConnectionGuard), routing with
// path parameters and per-route metrics labels, access tokens for write routes, "Connection: close",
// HEAD, and a graceful drain.
class HttpServer : public QAbstractHttpServer
{
    Q_OBJECT
public:
    using SyncHandler = std::function<HttpResponse(const HttpRequest &)>;

    explicit HttpServer(const HttpLimits &limits = {}, QObject *parent = nullptr);
    ~HttpServer() override;

    // Listens on address:port (0 = ephemeral). Returns the bound port, or 0 with a reason in error.
    quint16 listen(const QHostAddress &address, quint16 port, QString *error);
    quint16 port() const { return m_port; }

    void route(
        const QByteArray &method, const QString &pattern, SyncHandler handler, RouteAccess access = RouteAccess::Read);
    void routeAsync(const QByteArray &method, const QString &pattern, Router::Handler handler,
        RouteAccess access = RouteAccess::Read);

    void setAccessPolicy(const HttpAccessPolicy &policy) { m_access = policy; }
    void setObserver(HttpObserver *observer) { m_observer = observer; }
    HttpObserver *observer() const { return m_observer; }
    void setFaults(const FaultInjection &faults) { m_faults = faults; }
    // Writes an access line per answered request as the instance (AccessLog), sampled as the limits say.
    void enableAccessLog(const QString &instanceId);
    AccessLog *accessLog() const { return m_accessLog; }
    const FaultInjection &faults() const { return m_faults; }

    // Stops accepting connections and emits drained() once every in-flight request has been answered.
    void beginDrain();
    void abortAll();
    int openConnections() const;
    int inFlightRequests() const;

    // Used by HttpReply; writes the response and applies keep-alive rules.
    void writeReply(HttpReply::State &state, const HttpResponse &response);

Q_SIGNALS:
    // Emitted when a drain begins, so long-polling handlers (blocking queries) can answer at once.
    void draining();
    void drained();

protected:
    bool handleRequest(const QHttpServerRequest &request, QTcpSocket *socket) override;
    void missingHandler(const QHttpServerRequest &request, QTcpSocket *socket) override;

private:
    bool authorized(const HttpRequest &request) const;

    HttpLimits m_limits;
    HttpAccessPolicy m_access;
    FaultInjection m_faults;
    Router m_router;
    ConnectionGuard *m_guard = nullptr;
    HttpObserver *m_observer = nullptr;
    AccessLog *m_accessLog = nullptr;
    quint16 m_port = 0;
};
