#pragma once

#include "blockingqueries.h"
#include "http/httpreply.h"
#include "http/httprequest.h"
#include "http/httpresponse.h"

// Answers a read route the Consul way: with X-Consul-Index, and parked as a blocking query when the
// request carries ?index= (with ?wait=, default 5 minutes, capped at maxWaitMs).
class ConsulFilter;

namespace BlockingResponse {

void serve(BlockingQueries &queries, const HttpRequest &request, const HttpReply &reply, qint64 maxWaitMs,
    BlockingQueries::IndexFn index, const std::function<HttpResponse()> &build);

// The same for a route that takes ?filter=: a filter that does not parse is a 400 naming the reason; build
// gets the parsed one (matching everything when none was given).
void serveFiltered(BlockingQueries &queries, const HttpRequest &request, const HttpReply &reply, qint64 maxWaitMs,
    BlockingQueries::IndexFn index, const std::function<HttpResponse(const ConsulFilter &)> &build);

} // namespace BlockingResponse
