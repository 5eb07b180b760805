#include "blockingresponse.h"

#include "consulfilter.h"
#include "consuljson.h"

namespace BlockingResponse {

void serve(BlockingQueries &queries, const HttpRequest &request, const HttpReply &reply, qint64 maxWaitMs,
    BlockingQueries::IndexFn index, const std::function<HttpResponse()> &build)
{
    auto answer = [reply, index, build] {
        if (!reply.isConnected())
            return;
        auto response = build();
        // Consul never reports index 0: clients treat it as "no blocking support".
        response.withHeader("X-Consul-Index", QByteArray::number(std::max<quint64>(1, index())));
        response.withHeader("X-Consul-KnownLeader", "true");
        response.withHeader("X-Consul-LastContact", "0");
        reply.send(response);
    };
    if (!request.hasQueryItem(QStringLiteral("index"))) {
        answer();
        return;
    }
    bool ok = false;
    const quint64 minIndex = request.queryValue(QStringLiteral("index")).toULongLong(&ok);
    if (!ok) {
        reply.send(HttpResponse::error(400, QStringLiteral("bad_index"), QStringLiteral("index must be a number")));
        return;
    }
    qint64 waitMs = 5 * 60 * 1000;
    if (request.hasQueryItem(QStringLiteral("wait"))
        && !ConsulJson::parseDuration(request.queryValue(QStringLiteral("wait")), &waitMs)) {
        reply.send(HttpResponse::error(
            400, QStringLiteral("bad_wait"), QStringLiteral("wait must be a duration such as \"30s\" or \"500ms\"")));
        return;
    }
    waitMs = std::clamp<qint64>(waitMs, 0, maxWaitMs);
    // A parked query answers when the index moves or its wait runs out: how long that took is the fleet's
    // quiet time, not the registry's latency. An index that already moved answers at once, like any read.
    if (queries.wait(minIndex, waitMs, std::move(index), std::move(answer)))
        reply.markLongPoll();
}

void serveFiltered(BlockingQueries &queries, const HttpRequest &request, const HttpReply &reply, qint64 maxWaitMs,
    BlockingQueries::IndexFn index, const std::function<HttpResponse(const ConsulFilter &)> &build)
{
    auto filter = std::make_shared<ConsulFilter>();
    QString error;
    if (!filter->parse(request.queryValue(QStringLiteral("filter")), &error)) {
        reply.send(HttpResponse::error(400, QStringLiteral("bad_filter"), error));
        return;
    }
    serve(queries, request, reply, maxWaitMs, std::move(index), [filter, build] { return build(*filter); });
}

} // namespace BlockingResponse
