#pragma once

#include "httpreply.h"

#include <QByteArray>
#include <QElapsedTimer>
#include <QPointer>
#include <QString>
#include <QTcpSocket>

class HttpServer;

// What a reply needs to reach its client; shared by all copies of one HttpReply.
struct HttpReply::State
{
    QPointer<HttpServer> server;
    QPointer<QTcpSocket> socket;
    QString route;
    QByteArray method;
    QByteArray requestId;
    QByteArray caller; // X-Flightdeck-Caller, read only when the access log is on
    bool keepAlive = true;
    bool sent = false;
    bool longPoll = false; // HttpReply::markLongPoll()
    QElapsedTimer timer;

    ~State();
};
