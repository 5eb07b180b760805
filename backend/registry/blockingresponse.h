#pragma once

#include "blockingqueries.h"
#include "http/httpreply.h"
#include "http/httprequest.h"
#include "http/httpresponse.h"

// Answers a read route the Consul way: with X-Consul-Index, and parked as a blocking query when the
// request carries ?index= (with ?wait=, default 5 minutes, capped at maxWaitMs).
namespace BlockingResponse {

void serve(BlockingQueries &queries, const HttpRequest &request, const HttpReply &reply, qint64 maxWaitMs,
    BlockingQueries::IndexFn index, const std::function<HttpResponse()> &build);

} // namespace BlockingResponse
