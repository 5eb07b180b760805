#pragma once

#include <QByteArray>

#include <cstdint>

// Protection every service instance applies before a request reaches a handler. QHttpServer 6.4 has none
// of these, so ConnectionGuard enforces them on the raw socket.
struct HttpLimits
{
    qint64 maxBodyBytes = 1024 * 1024;    // larger bodies get 413 before they are read
    qint64 maxHeaderBytes = 16 * 1024;    // request line + headers; larger get 431
    int requestTimeoutMs = 10'000;        // a request must arrive completely within this time (408)
    int idleTimeoutMs = 60'000;           // keep-alive connections without traffic are closed
    int maxConnections = 1024;            // further connections get 503 and are closed
    int drainTimeoutMs = 5'000;           // graceful stop waits this long for in-flight requests
};

// Who may call write and control routes. With an empty token everybody may (loopback-only services);
// services bound to anything but loopback must have one.
struct HttpAccessPolicy
{
    QByteArray token;
};
