#pragma once

#include "http/callobserver.h"
#include "http/httpobserver.h"
#include "metricsregistry.h"

class HttpServer;
struct HttpResponse;

// The metrics of one service instance: server-side request metrics per route pattern, method and status,
// client-side call metrics labelled caller/callee (what the topology's edges come from), and the
// /metrics route that exposes them. Created and used on the instance thread.
//
// The exposition carries no "instance" or "job" label: like any Prometheus target, the scraper attaches
// those itself. flightdeck_instance_info names the service and instance for tools that want them.
class InstanceTelemetry : public HttpObserver, public CallObserver
{
public:
    InstanceTelemetry(const QString &serviceName, const QString &instanceId);

    void requestStarted(const QString &route) override;
    // Long polls count in http_requests_total and http_long_polls_total, never in a duration histogram.
    void requestFinished(const QString &route, const QByteArray &method, int status, double seconds,
        Timing timing = Timing::Latency) override;
    void callFinished(
        const QString &callee, const QString &route, const QByteArray &method, int status, double seconds) override;

    // Registers GET /metrics on the server. By default histograms carry only their stable coarse buckets,
    // as Prometheus users expect; GET /metrics?buckets=fine adds the bounds of every non-empty 1 % bucket,
    // which the console's scraper asks for so that its percentiles are within 1 % of the raw latencies.
    void addMetricsRoute(HttpServer &server);
    HttpResponse metricsResponse(bool fineBuckets = false) const;

    MetricsRegistry &registry() { return m_registry; }
    const MetricsRegistry &registry() const { return m_registry; }

private:
    QString m_service;
    QString m_instance;
    MetricsRegistry m_registry;
};
