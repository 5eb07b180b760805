#pragma once

#include <QByteArray>
#include <QString>

// Receives one call per request, on the server's thread. Telemetry implements it to count requests per
// route, method and status; the route is the pattern ("/carts/{id}"), never the raw path, so the number of
// series stays bounded.
class HttpObserver
{
public:
    virtual ~HttpObserver() = default;
    virtual void requestStarted(const QString &route) = 0;
    virtual void requestFinished(const QString &route, const QByteArray &method, int status, double seconds) = 0;
};
