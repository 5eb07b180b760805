#include "httptestclient.h"

#include <QElapsedTimer>
#include <QEventLoop>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QTcpSocket>
#include <QTimer>

QByteArray TestHttpResponse::header(const QByteArray &name) const
{
    for (const auto &[key, value] : headers) {
        if (key.compare(name, Qt::CaseInsensitive) == 0)
            return value;
    }
    return {};
}

QJsonObject TestHttpResponse::json() const
{
    return QJsonDocument::fromJson(body).object();
}

namespace TestHttp {

TestHttpResponse request(
    const QByteArray &method, const QUrl &url, const QByteArray &body, const Headers &headers, int timeoutMs)
{
    QNetworkAccessManager manager;
    QNetworkRequest request(url);
    request.setTransferTimeout(timeoutMs);
    if (!body.isEmpty())
        request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    for (const auto &[name, value] : headers)
        request.setRawHeader(name, value);
    QNetworkReply *reply = manager.sendCustomRequest(request, method, body);
    QEventLoop loop;
    QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    QTimer::singleShot(timeoutMs + 500, &loop, &QEventLoop::quit);
    loop.exec();
    TestHttpResponse result;
    if (!reply->isFinished()) {
        reply->abort();
        result.errorString = QStringLiteral("timed out");
    }
    result.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    result.body = reply->readAll();
    result.headers = reply->rawHeaderPairs();
    if (result.errorString.isEmpty() && reply->error() != QNetworkReply::NoError && result.status == 0)
        result.errorString = reply->errorString();
    delete reply;
    return result;
}

namespace {
bool responseComplete(const QByteArray &data)
{
    const auto end = data.indexOf("\r\n\r\n");
    if (end < 0)
        return false;
    const auto head = data.left(end).toLower();
    const auto marker = head.indexOf("content-length:");
    if (marker < 0)
        return true;
    const auto lineEnd = head.indexOf("\r\n", marker);
    const auto length = head.mid(marker + 15, lineEnd < 0 ? -1 : lineEnd - marker - 15).trimmed().toLongLong();
    return data.size() >= end + 4 + length;
}
} // namespace

RawOutcome rawConversation(quint16 port, const QByteArray &bytes, int timeoutMs, bool stopAfterResponse)
{
    RawOutcome outcome;
    QTcpSocket socket;
    socket.connectToHost(QHostAddress::LocalHost, port);
    if (!socket.waitForConnected(std::min(timeoutMs, 3000)))
        return outcome;
    socket.write(bytes);
    QElapsedTimer timer;
    timer.start();
    while (timer.elapsed() < timeoutMs) {
        if (socket.bytesToWrite() > 0)
            socket.waitForBytesWritten(20);
        if (socket.waitForReadyRead(20))
            outcome.reply += socket.readAll();
        if (stopAfterResponse && responseComplete(outcome.reply))
            break;
        if (socket.state() == QAbstractSocket::UnconnectedState) {
            outcome.reply += socket.readAll();
            outcome.closed = true;
            break;
        }
    }
    return outcome;
}

QByteArray rawExchange(quint16 port, const QByteArray &bytes, int timeoutMs, bool stopAfterResponse)
{
    return rawConversation(port, bytes, timeoutMs, stopAfterResponse).reply;
}

int statusOf(const QByteArray &rawResponse)
{
    if (!rawResponse.startsWith("HTTP/1."))
        return 0;
    return rawResponse.mid(9, 3).toInt();
}

bool canConnect(quint16 port, int timeoutMs)
{
    QTcpSocket socket;
    socket.connectToHost(QHostAddress::LocalHost, port);
    return socket.waitForConnected(timeoutMs);
}

} // namespace TestHttp
