#pragma once

#include <cstdint>
#include <QByteArray>

// Protection every service instance applies before a request reaches a handler. QHttpServer 6.4 has none
// of these, so ConnectionGuard enforces them on the raw socket.
struct HttpLimits
{
    qint64 maxBodyBytes = 1024 * 1024; // larger bodies get 413 before they are read
    qint64 maxHeaderBytes = 16 * 1024; // request line + headers; larger get 431
    int requestTimeoutMs = 10'000; // a request must arrive completely within this time (408)
    int idleTimeoutMs = 60'000; // keep-alive connections without traffic are closed
    int maxConnections = 1024; // further connections get 503 and are closed
    int drainTimeoutMs = 5'000; // graceful stop waits this long for in-flight requests
    // Successful requests written to the access log per second per instance; beyond that they are counted
    // and summarised (AccessLog). Errors are always written. -1: every request.
    int accessLogPerSecond = 20;
};

// Who may call write and control routes. With an empty token everybody may (loopback-only services);
// services bound to anything but loopback must have one.
struct HttpAccessPolicy
{
    QByteArray token;
};

// Faults an operator injects into one instance to see how the fleet copes. Monitoring routes (/health,
// /metrics) are exempt, so the instance stays observable while it misbehaves.
struct FaultInjection
{
    int extraLatencyMs = 0; // added before every request is handled
    double errorRatio = 0; // share of requests answered with 503 "injected_fault"
    bool dropHeartbeats = false; // stop heartbeating to the registry (the lease then expires)
    qint64 untilMs = 0; // ms since the epoch when the faults end by themselves; 0 = until cleared

    bool active() const { return extraLatencyMs > 0 || errorRatio > 0 || dropHeartbeats; }
    bool activeAt(qint64 nowMs) const { return active() && (untilMs == 0 || nowMs < untilMs); }
    bool operator==(const FaultInjection &) const = default;
};
