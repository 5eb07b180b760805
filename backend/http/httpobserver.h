#pragma once

#include <QByteArray>
#include <QString>

// Receives one call per request, on the server's thread. Telemetry implements it to count requests per
// route, method and status; the route is the pattern ("/carts/{id}"), never the raw path, so the number of
// series stays bounded.
class HttpObserver
{
public:
    // How long an answer took means something only for answers that were prepared as fast as possible. A long
    // poll (a Consul blocking query, a watch, a stream) is held open on purpose until something changes or its
    // wait runs out: it is a request, but its duration is not a latency. The handler says which it was
    // (HttpReply::markLongPoll()), so every observer applies one rule instead of guessing from routes.
    enum class Timing { Latency, LongPoll };

    virtual ~HttpObserver() = default;
    virtual void requestStarted(const QString &route) = 0;
    virtual void requestFinished(
        const QString &route, const QByteArray &method, int status, double seconds, Timing timing = Timing::Latency)
        = 0;
};
