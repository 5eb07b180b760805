#pragma once

#include "httplimits.h"

#include <QElapsedTimer>
#include <QHash>
#include <QList>
#include <QTcpServer>
#include <QTimer>

class QTcpSocket;

// The listening socket of an HttpServer, and the gatekeeper in front of QHttpServer's parser.
//
// QHttpServer 6.4 reads any body into memory, ignores "Connection: close", never times out idle or slow
// clients and has no connection cap. The guard looks at every byte before the parser does (its readyRead
// slot is connected first and only peeks), so it can refuse a request on its headers alone: oversized
// bodies (413), oversized headers (431), chunked bodies (411), malformed request lines and any request whose
// framing two readers could see differently (400, see RequestFraming: a repeated or malformed Content-Length,
// Transfer-Encoding with Content-Length, obsolete line folding, a bare LF...), too many connections (503),
// trickling clients (408). A refusal closes the connection: nothing after it is parsed as a next request. It also
// tracks in-flight requests per connection, which is what a graceful stop waits for.
class ConnectionGuard : public QTcpServer
{
    Q_OBJECT
public:
    struct RequestMeta
    {
        bool keepAlive = true;
    };

    explicit ConnectionGuard(const HttpLimits &limits, QObject *parent = nullptr);

    // The object QHttpServer uses as context for its socket connections; cut off from rejected sockets.
    void setParserContext(QObject *context) { m_parserContext = context; }

    // Called when a parsed request reaches the server: returns what the guard learned from its headers.
    RequestMeta takeRequestMeta(QTcpSocket *socket);
    // Called after a response was written; closes the connection when asked or when draining.
    void responseWritten(QTcpSocket *socket, bool close);
    // Writes an error reply directly and closes the connection (used for refusals).
    void refuse(QTcpSocket *socket, int status, const QString &code, const QString &message);

    // Stops accepting; idle connections close now, busy ones after their response. Emits drained().
    void beginDrain();
    bool isDraining() const { return m_draining; }
    // Closes every connection at once, without waiting (fault injection, forced stop).
    void abortAll();

    int openConnections() const { return int(m_connections.size()); }
    int inFlightRequests() const;

Q_SIGNALS:
    void drained();
    void refused(int status, const QString &reason);

protected:
    void incomingConnection(qintptr socketDescriptor) override;

private:
    struct Connection
    {
        QByteArray headerBuffer; // header bytes of a request not complete yet
        qint64 bodyRemaining = 0; // body bytes of the current request still to arrive
        QList<RequestMeta> pending; // requests fully announced but not answered yet
        qint64 requestStartedMs = -1;
        qint64 lastActivityMs = 0;
        bool refused = false;
    };

    void onReadyRead(QTcpSocket *socket);
    // Returns false when the request was refused.
    bool acceptHeaderBlock(QTcpSocket *socket, Connection &connection, const QByteArray &block);
    void sweep();
    void checkDrained();

    HttpLimits m_limits;
    QObject *m_parserContext = nullptr;
    QHash<QTcpSocket *, Connection> m_connections;
    QElapsedTimer m_clock;
    QTimer m_sweepTimer;
    bool m_draining = false;
    bool m_drainedEmitted = false;
};
