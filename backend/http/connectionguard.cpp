#include "connectionguard.h"

#include "httpresponse.h"
#include "requestframing.h"

#include <algorithm>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTcpSocket>

namespace {

const QByteArray kHeaderEnd = QByteArrayLiteral("\r\n\r\n");

QByteArray serializeError(int status, const QString &code, const QString &message)
{
    const auto body = HttpResponse::error(status, code, message).body;
    QByteArray out;
    out += "HTTP/1.1 " + QByteArray::number(status) + ' ' + HttpResponse::reasonPhrase(status) + "\r\n";
    out += "Content-Type: application/json\r\nConnection: close\r\nContent-Length: " + QByteArray::number(body.size());
    out += "\r\n\r\n" + body;
    return out;
}

} // namespace

ConnectionGuard::ConnectionGuard(const HttpLimits &limits, QObject *parent)
    : QTcpServer(parent)
    , m_limits(limits)
{
    m_clock.start();
    const int shortest = std::min(m_limits.requestTimeoutMs, m_limits.idleTimeoutMs);
    m_sweepTimer.setInterval(std::clamp(shortest / 4, 25, 1000));
    connect(&m_sweepTimer, &QTimer::timeout, this, &ConnectionGuard::sweep);
    m_sweepTimer.start();
}

void ConnectionGuard::incomingConnection(qintptr socketDescriptor)
{
    auto *socket = new QTcpSocket(this);
    if (!socket->setSocketDescriptor(socketDescriptor)) {
        delete socket;
        return;
    }
    socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
    if (m_connections.size() >= m_limits.maxConnections || m_draining) {
        socket->write(serializeError(
            503, QStringLiteral("too_many_connections"), QStringLiteral("connection limit reached, try again later")));
        socket->disconnectFromHost();
        connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
        Q_EMIT refused(503, QStringLiteral("connection limit"));
        return;
    }
    Connection connection;
    connection.lastActivityMs = m_clock.elapsed();
    m_connections.insert(socket, connection);
    // Connected before QHttpServer's own slot, so every byte is checked before it is parsed.
    connect(socket, &QTcpSocket::readyRead, this, [this, socket] { onReadyRead(socket); });
    connect(socket, &QTcpSocket::disconnected, this, [this, socket] {
        m_connections.remove(socket);
        checkDrained();
    });
    connect(socket, &QObject::destroyed, this, [this, socket] {
        m_connections.remove(socket);
        checkDrained();
    });
    addPendingConnection(socket);
}

void ConnectionGuard::onReadyRead(QTcpSocket *socket)
{
    auto it = m_connections.find(socket);
    if (it == m_connections.end())
        return;
    Connection &connection = *it;
    if (connection.refused) {
        socket->readAll(); // drain so the close is not turned into a reset
        return;
    }
    const QByteArray data = socket->peek(socket->bytesAvailable());
    // Stray line breaks alone are not activity: a client sending only those would otherwise hold the
    // connection forever, never starting a request the request timeout could catch.
    const bool onlyLineBreaks = connection.headerBuffer.isEmpty() && connection.bodyRemaining == 0
        && std::all_of(data.cbegin(), data.cend(), [](char c) { return c == '\r' || c == '\n'; });
    if (!onlyLineBreaks)
        connection.lastActivityMs = m_clock.elapsed();
    qsizetype pos = 0;
    while (pos < data.size()) {
        if (connection.bodyRemaining > 0) {
            const auto take = std::min<qint64>(connection.bodyRemaining, data.size() - pos);
            connection.bodyRemaining -= take;
            pos += take;
            if (connection.bodyRemaining == 0)
                connection.requestStartedMs = -1;
            continue;
        }
        if (connection.headerBuffer.isEmpty()) {
            // Stray line breaks between keep-alive requests are allowed and carry nothing.
            while (pos < data.size() && (data.at(pos) == '\r' || data.at(pos) == '\n'))
                ++pos;
            if (pos >= data.size())
                break;
        }
        if (connection.requestStartedMs < 0)
            connection.requestStartedMs = m_clock.elapsed();
        const auto searchFrom = std::max<qsizetype>(0, connection.headerBuffer.size() - 3);
        const auto before = connection.headerBuffer.size();
        connection.headerBuffer.append(data.constData() + pos, data.size() - pos);
        const auto end = connection.headerBuffer.indexOf(kHeaderEnd, searchFrom);
        // A bare LF ends a line for lenient parsers: such a request could be complete for QHttpServer's parser
        // while this guard still waits for CRLF CRLF, and so would pass unchecked.
        const auto headerBytes = end < 0 ? connection.headerBuffer.size() : end + kHeaderEnd.size();
        for (auto i = std::max<qsizetype>(0, before); i < headerBytes; ++i) {
            if (connection.headerBuffer.at(i) == '\n' && (i == 0 || connection.headerBuffer.at(i - 1) != '\r')) {
                refuse(socket, 400, QStringLiteral("bad_line_ending"),
                    QStringLiteral("header lines must end in CRLF, not a bare LF"));
                return;
            }
        }
        if (end < 0) {
            pos = data.size();
            if (connection.headerBuffer.size() > m_limits.maxHeaderBytes) {
                refuse(socket, 431, QStringLiteral("headers_too_large"),
                    QStringLiteral("request headers exceed %1 bytes").arg(m_limits.maxHeaderBytes));
                return;
            }
            break;
        }
        const auto blockSize = end + kHeaderEnd.size();
        pos += blockSize - before;
        const QByteArray block = connection.headerBuffer.left(blockSize);
        connection.headerBuffer.clear();
        if (blockSize > m_limits.maxHeaderBytes) {
            refuse(socket, 431, QStringLiteral("headers_too_large"),
                QStringLiteral("request headers exceed %1 bytes").arg(m_limits.maxHeaderBytes));
            return;
        }
        if (!acceptHeaderBlock(socket, connection, block))
            return;
    }
}

bool ConnectionGuard::acceptHeaderBlock(QTcpSocket *socket, Connection &connection, const QByteArray &block)
{
    const auto framing = RequestFraming::read(block);
    if (!framing.ok) {
        refuse(socket, framing.status, framing.code, framing.message);
        return false;
    }
    if (framing.contentLength > m_limits.maxBodyBytes) {
        refuse(socket, 413, QStringLiteral("body_too_large"),
            QStringLiteral("request body of %1 bytes exceeds the limit of %2 bytes")
                .arg(framing.contentLength)
                .arg(m_limits.maxBodyBytes));
        return false;
    }
    if (framing.expectContinue && framing.contentLength > 0)
        socket->write("HTTP/1.1 100 Continue\r\n\r\n");
    connection.pending.append(RequestMeta { framing.keepAlive });
    connection.bodyRemaining = framing.contentLength;
    if (framing.contentLength == 0)
        connection.requestStartedMs = -1;
    return true;
}

ConnectionGuard::RequestMeta ConnectionGuard::takeRequestMeta(QTcpSocket *socket)
{
    auto it = m_connections.find(socket);
    if (it == m_connections.end() || it->pending.isEmpty())
        return {};
    return it->pending.first();
}

void ConnectionGuard::responseWritten(QTcpSocket *socket, bool close)
{
    auto it = m_connections.find(socket);
    if (it != m_connections.end()) {
        if (!it->pending.isEmpty())
            it->pending.removeFirst();
        it->lastActivityMs = m_clock.elapsed();
        if (m_draining && it->pending.isEmpty() && it->headerBuffer.isEmpty() && it->bodyRemaining == 0)
            close = true;
    }
    if (close)
        socket->disconnectFromHost();
}

void ConnectionGuard::refuse(QTcpSocket *socket, int status, const QString &code, const QString &message)
{
    if (m_parserContext) // the parser must not see the rest of this connection
        QObject::disconnect(socket, &QTcpSocket::readyRead, m_parserContext, nullptr);
    auto it = m_connections.find(socket);
    if (it != m_connections.end()) {
        it->refused = true;
        it->pending.clear();
    }
    socket->readAll();
    socket->write(serializeError(status, code, message));
    socket->disconnectFromHost();
    Q_EMIT refused(status, message);
}

void ConnectionGuard::beginDrain()
{
    m_draining = true;
    close();
    const auto sockets = m_connections.keys();
    for (auto *socket : sockets) {
        const auto &connection = m_connections.value(socket);
        if (connection.pending.isEmpty() && connection.headerBuffer.isEmpty() && connection.bodyRemaining == 0)
            socket->disconnectFromHost();
    }
    checkDrained();
}

void ConnectionGuard::abortAll()
{
    close();
    const auto sockets = m_connections.keys();
    for (auto *socket : sockets)
        socket->abort();
    m_connections.clear();
}

int ConnectionGuard::inFlightRequests() const
{
    int count = 0;
    for (const auto &connection : m_connections)
        count += int(connection.pending.size());
    return count;
}

void ConnectionGuard::sweep()
{
    const auto now = m_clock.elapsed();
    const auto sockets = m_connections.keys();
    for (auto *socket : sockets) {
        auto it = m_connections.find(socket);
        if (it == m_connections.end() || it->refused)
            continue;
        const bool receiving = it->requestStartedMs >= 0;
        if (receiving && now - it->requestStartedMs > m_limits.requestTimeoutMs) {
            refuse(socket, 408, QStringLiteral("request_timeout"),
                QStringLiteral("request not received completely within %1 ms").arg(m_limits.requestTimeoutMs));
        } else if (!receiving && it->pending.isEmpty() && now - it->lastActivityMs > m_limits.idleTimeoutMs) {
            socket->disconnectFromHost();
        }
    }
}

void ConnectionGuard::checkDrained()
{
    if (m_draining && m_connections.isEmpty() && !m_drainedEmitted) {
        m_drainedEmitted = true;
        Q_EMIT drained();
    }
}
