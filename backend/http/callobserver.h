#pragma once

#include <QByteArray>
#include <QString>

// Receives one call per outgoing request a service makes to another service (client side), on the
// calling thread. Telemetry turns these into request metrics labelled caller/callee, which is what the
// topology's edges are derived from. status is 0 when no HTTP answer arrived (refused, reset, timeout).
class CallObserver
{
public:
    virtual ~CallObserver() = default;
    virtual void callFinished(
        const QString &callee, const QString &route, const QByteArray &method, int status, double seconds)
        = 0;
};
