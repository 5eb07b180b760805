#pragma once

#include "metricfamily.h"

#include <functional>
#include <QString>

// Reads the request metrics a service already exports, whatever library wrote them. One table (kServer and
// kClient in metricconventions.cpp: family, where the count comes from, which labels hold method, status
// and route) maps each instrumentation convention onto Flightdeck's own families, so rates, error ratios,
// percentiles, charts, reports and alerts treat every service alike:
//   Flightdeck            http_requests_total{route,method,status}, http_request_duration_seconds
//   OpenTelemetry HTTP    http_server_request_duration_seconds{http_request_method,http_response_status_code,
//                         http_route}; client http_client_request_duration_seconds{server_address,server_port}
//   Micrometer            http_server_requests_seconds{method,status,uri} (histogram or summary)
//   prometheus_flask_exporter  flask_http_request_duration_seconds{method,status,path}
//   Go promhttp           http_requests_total{code,handler,method}, http_request_duration_seconds{code,handler}
// The families a page already has are kept; the converted ones are added (or replace a same-named family
// whose labels are the other convention's).
namespace MetricConventions {

// Maps a callee's address ("10.0.0.5", "8080") to its service name; empty when unknown.
using ServiceResolver = std::function<QString(const QString &address, const QString &port)>;

struct Reading
{
    QList<MetricFamily> families; // what the store ingests
    QString server; // the convention the instance's own requests were read with; empty: none matched
    QString client; // the convention of its outgoing calls, when it reports any
};

// service: the scraped instance's service (the caller of its outgoing calls).
Reading read(const QList<MetricFamily> &families, const QString &service, const ServiceResolver &resolve = {});

} // namespace MetricConventions
