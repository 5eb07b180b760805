#pragma once

#include <QString>

// The histogram families percentiles are read from. Per-route histograms (http_request_duration_seconds and
// http_client_request_duration_seconds) carry the stable coarse buckets on every page. For percentiles within
// 1 %, every instance also keeps one histogram of all its answers and one per service it calls, written only
// on /metrics?buckets=fine with the bounds of their non-empty 1 % buckets: one such histogram per instance
// instead of one per route, method and status keeps the scraped series few.
namespace LatencyFamilies {

// Every answer of an instance except monitoring traffic. No labels beyond the target's.
inline QString server()
{
    return QStringLiteral("flightdeck_request_duration_seconds");
}
// Every call an instance made, labelled caller and callee.
inline QString client()
{
    return QStringLiteral("flightdeck_call_duration_seconds");
}
// Scrapes and health checks: left out of rates, ratios and percentiles.
inline bool isMonitoringRoute(const QString &route)
{
    return route == QLatin1String("/metrics") || route == QLatin1String("/health");
}

} // namespace LatencyFamilies
