#include "testservice.h"

#include "http/httprequest.h"
#include "http/httpresponse.h"
#include "http/httpserver.h"

#include <QJsonObject>
#include <QTimer>

bool TestService::start(ServiceContext &context, QString *)
{
    HttpServer &server = context.server;
    server.route("POST", QStringLiteral("/echo"),
        [](const HttpRequest &request) { return HttpResponse::text(request.body, "application/octet-stream"); });
    server.routeAsync("GET", QStringLiteral("/slow"), [&server](const HttpRequest &request, HttpReply reply) {
        const int ms = request.queryValue(QStringLiteral("ms")).toInt();
        QTimer::singleShot(ms, &server, [reply] {
            reply.send(HttpResponse::json(QJsonObject { { QStringLiteral("slept"), true } }));
        });
    });
    server.route(
        "POST", QStringLiteral("/write"),
        [](const HttpRequest &) {
            return HttpResponse::json(QJsonObject { { QStringLiteral("written"), true } });
        },
        RouteAccess::Write);
    server.route("GET", QStringLiteral("/items/{id}"), [](const HttpRequest &request) {
        return HttpResponse::json(QJsonObject { { QStringLiteral("id"), request.pathParam(QStringLiteral("id")) } });
    });
    return true;
}
