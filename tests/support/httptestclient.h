#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QPair>
#include <QUrl>

// Blocking HTTP helpers for tests: each call runs a local event loop with a deadline, so a test can
// never hang on a server that does not answer.
struct TestHttpResponse
{
    int status = 0; // 0 = no HTTP answer (connection refused, reset or timed out)
    QByteArray body;
    QList<QPair<QByteArray, QByteArray>> headers;
    QString errorString;

    QByteArray header(const QByteArray &name) const;
    QJsonObject json() const;
};

namespace TestHttp {

using Headers = QList<QPair<QByteArray, QByteArray>>;

TestHttpResponse request(const QByteArray &method, const QUrl &url, const QByteArray &body = {},
    const Headers &headers = {}, int timeoutMs = 5000);
inline TestHttpResponse get(const QUrl &url, int timeoutMs = 5000)
{
    return request("GET", url, {}, {}, timeoutMs);
}

struct RawOutcome
{
    QByteArray reply; // everything read
    bool closed = false; // the server closed the connection
};
// Sends raw bytes on a fresh loopback connection and reads until the server closes the connection, a
// complete response arrived (when stopAfterResponse), or the timeout passed: a server that keeps the
// connection open after a refusal, or answers twice, shows in the outcome.
RawOutcome rawConversation(quint16 port, const QByteArray &bytes, int timeoutMs = 5000, bool stopAfterResponse = true);
// rawConversation's reply only. Sends raw bytes on a fresh loopback connection and returns everything read until the
// server closes the connection, a complete response arrived (when stopAfterResponse), or the timeout passed.
QByteArray rawExchange(quint16 port, const QByteArray &bytes, int timeoutMs = 3000, bool stopAfterResponse = true);
// Status code of the first response line of a raw reply, 0 if none.
int statusOf(const QByteArray &rawResponse);

// True when something accepts TCP connections on 127.0.0.1:port.
bool canConnect(quint16 port, int timeoutMs = 1000);

} // namespace TestHttp
