#include "httpserver.h"

#include "accesslog.h"
#include "connectionguard.h"
#include "httpobserver.h"
#include "httpreplystate.h"
#include "httprequest.h"
#include "httpresponse.h"

#include <QDateTime>
#include <QHttpServerRequest>
#include <QRandomGenerator>
#include <QTcpSocket>
#include <QTimer>

namespace {

// Compares secrets in time independent of where they differ.
bool constantTimeEquals(const QByteArray &a, const QByteArray &b)
{
    unsigned char difference = a.size() == b.size() ? 0 : 1;
    const auto n = std::max(a.size(), b.size());
    for (qsizetype i = 0; i < n; ++i) {
        const auto x = i < a.size() ? static_cast<unsigned char>(a.at(i)) : 0;
        const auto y = i < b.size() ? static_cast<unsigned char>(b.at(i)) : 0;
        difference |= static_cast<unsigned char>(x ^ y);
    }
    return difference == 0;
}

} // namespace

HttpServer::HttpServer(const HttpLimits &limits, QObject *parent)
    : QAbstractHttpServer(parent)
    , m_limits(limits)
{ }

HttpServer::~HttpServer() = default;

quint16 HttpServer::listen(const QHostAddress &address, quint16 port, QString *error)
{
    auto *guard = new ConnectionGuard(m_limits, this);
    guard->setParserContext(this);
    if (!guard->listen(address, port)) {
        if (error)
            *error = QStringLiteral("cannot listen on %1:%2: %3")
                         .arg(address.toString())
                         .arg(port)
                         .arg(guard->errorString());
        delete guard;
        return 0;
    }
    bind(guard);
    m_guard = guard;
    connect(guard, &ConnectionGuard::drained, this, &HttpServer::drained);
    m_port = guard->serverPort();
    return m_port;
}

void HttpServer::route(const QByteArray &method, const QString &pattern, SyncHandler handler, RouteAccess access)
{
    m_router.add(
        method, pattern,
        [handler = std::move(handler)](
            const HttpRequest &request, const HttpReply &reply) { reply.send(handler(request)); },
        access);
}

void HttpServer::routeAsync(
    const QByteArray &method, const QString &pattern, Router::Handler handler, RouteAccess access)
{
    m_router.add(method, pattern, std::move(handler), access);
}

bool HttpServer::authorized(const HttpRequest &request) const
{
    if (m_access.token.isEmpty())
        return true;
    QByteArray presented = request.header("x-consul-token");
    const auto authorization = request.header("authorization");
    if (authorization.startsWith("Bearer "))
        presented = authorization.mid(7).trimmed();
    return !presented.isEmpty() && constantTimeEquals(presented, m_access.token);
}

bool HttpServer::handleRequest(const QHttpServerRequest &serverRequest, QTcpSocket *socket)
{
    auto request = HttpRequest::fromServerRequest(serverRequest);
    auto state = std::make_shared<HttpReply::State>();
    state->timer.start();
    state->server = this;
    state->socket = socket;
    state->method = request.method;
    state->requestId = request.header("x-request-id").left(128);
    if (m_accessLog)
        state->caller = request.header("x-flightdeck-caller").left(128);
    state->keepAlive = m_guard ? m_guard->takeRequestMeta(socket).keepAlive : true;

    if (m_guard && m_guard->isDraining()) {
        state->keepAlive = false;
        HttpReply(state).send(HttpResponse::error(
            503, QStringLiteral("shutting_down"), QStringLiteral("this instance is shutting down")));
        return true;
    }
    const auto match = m_router.match(request.method, request.path);
    state->route = match.kind == Router::Match::Kind::Found ? match.pattern : QStringLiteral("(unmatched)");
    if (m_observer)
        m_observer->requestStarted(state->route);
    HttpReply reply(state);
    switch (match.kind) {
    case Router::Match::Kind::NotFound:
        reply.send(HttpResponse::error(404, QStringLiteral("not_found"),
            QStringLiteral("no route for %1 %2").arg(QString::fromLatin1(request.method), request.path)));
        break;
    case Router::Match::Kind::MethodNotAllowed: {
        auto response = HttpResponse::error(405, QStringLiteral("method_not_allowed"),
            QStringLiteral("%1 is not allowed on %2").arg(QString::fromLatin1(request.method), request.path));
        response.withHeader("Allow", match.allowedMethods.join(", "));
        reply.send(response);
        break;
    }
    case Router::Match::Kind::Found:
        if (match.access == RouteAccess::Write && !authorized(request)) {
            const bool presented
                = !request.header("authorization").isEmpty() || !request.header("x-consul-token").isEmpty();
            reply.send(presented
                    ? HttpResponse::error(403, QStringLiteral("forbidden"), QStringLiteral("the token is not valid"))
                    : HttpResponse::error(401, QStringLiteral("unauthorized"),
                        QStringLiteral("this endpoint needs 'Authorization: Bearer <token>'"))
                          .withHeader("WWW-Authenticate", "Bearer"));
            break;
        }
        request.pathParams = match.params;
        if (m_faults.activeAt(QDateTime::currentMSecsSinceEpoch()) && match.pattern != QLatin1String("/health")
            && match.pattern != QLatin1String("/metrics")) {
            if (m_faults.errorRatio > 0 && QRandomGenerator::global()->generateDouble() < m_faults.errorRatio) {
                reply.send(HttpResponse::error(503, QStringLiteral("injected_fault"),
                    QStringLiteral("an operator injected errors into this instance")));
                break;
            }
            if (m_faults.extraLatencyMs > 0) {
                const Router::Handler handler = *match.handler;
                QTimer::singleShot(
                    m_faults.extraLatencyMs, this, [handler, request, reply] { handler(request, reply); });
                break;
            }
        }
        (*match.handler)(request, reply);
        break;
    }
    return true;
}

void HttpServer::missingHandler(const QHttpServerRequest &request, QTcpSocket *socket)
{
    // Only reached if handleRequest declines, which it never does; answer anyway rather than hang.
    auto state = std::make_shared<HttpReply::State>();
    state->timer.start();
    state->server = this;
    state->socket = socket;
    state->route = QStringLiteral("(unmatched)");
    HttpReply(state).send(HttpResponse::error(
        404, QStringLiteral("not_found"), QStringLiteral("no route for %1").arg(request.url().path())));
}

void HttpServer::writeReply(HttpReply::State &state, const HttpResponse &response)
{
    QTcpSocket *socket = state.socket;
    if (!socket || socket->state() != QAbstractSocket::ConnectedState)
        return;
    QByteArray out;
    out.reserve(160 + response.body.size());
    out += "HTTP/1.1 " + QByteArray::number(response.status) + ' ' + HttpResponse::reasonPhrase(response.status);
    if (!response.contentType.isEmpty())
        out += "\r\nContent-Type: " + response.contentType;
    out += "\r\nContent-Length: " + QByteArray::number(response.body.size());
    if (!state.keepAlive)
        out += "\r\nConnection: close";
    if (!state.requestId.isEmpty())
        out += "\r\nX-Request-Id: " + state.requestId;
    for (const auto &[name, value] : response.headers)
        out += "\r\n" + name + ": " + value;
    out += "\r\n\r\n";
    if (state.method != "HEAD")
        out += response.body;
    socket->write(out);
    if (m_observer)
        m_observer->requestFinished(state.route, state.method, response.status,
            double(state.timer.nsecsElapsed()) / 1e9,
            state.longPoll ? HttpObserver::Timing::LongPoll : HttpObserver::Timing::Latency);
    if (m_accessLog && m_accessLog->admit(response.status, state.route)) {
        // Who called: the instance that says so (our clients do), else where the connection came from.
        const QString caller = !state.caller.isEmpty()
            ? QString::fromUtf8(state.caller)
            : socket->peerAddress().toString() + QLatin1Char(':') + QString::number(socket->peerPort());
        m_accessLog->write(state.method, state.route, response.status, double(state.timer.nsecsElapsed()) / 1e9, caller,
            state.requestId, state.longPoll);
    }
    if (m_guard)
        m_guard->responseWritten(socket, !state.keepAlive);
    else if (!state.keepAlive)
        socket->disconnectFromHost();
}

void HttpServer::enableAccessLog(const QString &instanceId)
{
    if (!m_accessLog)
        m_accessLog = new AccessLog(instanceId, m_limits.accessLogPerSecond, this);
}

void HttpServer::beginDrain()
{
    Q_EMIT draining();
    if (m_guard)
        m_guard->beginDrain();
    else
        Q_EMIT drained();
}

void HttpServer::abortAll()
{
    if (m_guard)
        m_guard->abortAll();
}

int HttpServer::openConnections() const
{
    return m_guard ? m_guard->openConnections() : 0;
}

int HttpServer::inFlightRequests() const
{
    return m_guard ? m_guard->inFlightRequests() : 0;
}
