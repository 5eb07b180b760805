#include "instancetelemetry.h"

#include "http/httprequest.h"
#include "http/httpresponse.h"
#include "http/httpserver.h"
#include "latencyfamilies.h"
#include "promwriter.h"

#include <QDateTime>

InstanceTelemetry::InstanceTelemetry(const QString &serviceName, const QString &instanceId)
    : m_service(serviceName)
    , m_instance(instanceId)
{
    m_registry.describe(QStringLiteral("http_requests_total"), MetricType::Counter,
        QStringLiteral("HTTP requests answered, by route pattern, method and status."));
    m_registry.describe(QStringLiteral("http_request_duration_seconds"), MetricType::Histogram,
        QStringLiteral("Time from a complete request to its written response."));
    m_registry.describe(QStringLiteral("http_long_polls_total"), MetricType::Counter,
        QStringLiteral("Of http_requests_total: long polls (blocking queries) held open until a change or their "
                       "wait ran out; their duration is in no histogram."));
    m_registry.describe(QStringLiteral("http_requests_in_flight"), MetricType::Gauge,
        QStringLiteral("Requests received and not yet answered, by route pattern."));
    m_registry.describe(QStringLiteral("http_client_requests_total"), MetricType::Counter,
        QStringLiteral("Calls this instance made to other services; status 0 means no answer."));
    m_registry.describe(QStringLiteral("http_client_request_duration_seconds"), MetricType::Histogram,
        QStringLiteral("Duration of calls this instance made to other services."));
    m_registry.describe(LatencyFamilies::server(), MetricType::Histogram,
        QStringLiteral("Time to answer, every route but /metrics and /health together (fine buckets)."),
        LatencyHistogram::defaultBounds(), MetricsRegistry::Page::FinePageOnly);
    m_registry.describe(LatencyFamilies::client(), MetricType::Histogram,
        QStringLiteral("Duration of calls to another service, all routes together (fine buckets)."),
        LatencyHistogram::defaultBounds(), MetricsRegistry::Page::FinePageOnly);
    m_registry.describe(QStringLiteral("flightdeck_instance_info"), MetricType::Gauge,
        QStringLiteral("Always 1; names the service and instance behind this endpoint."));
    m_registry.describe(QStringLiteral("flightdeck_instance_start_time_seconds"), MetricType::Gauge,
        QStringLiteral("Start time of this instance since the Unix epoch."));
    m_registry.setGauge(QStringLiteral("flightdeck_instance_info"),
        { { QStringLiteral("service"), m_service }, { QStringLiteral("instance_id"), m_instance } }, 1);
    m_registry.setGauge(QStringLiteral("flightdeck_instance_start_time_seconds"), {},
        double(QDateTime::currentMSecsSinceEpoch()) / 1000.0);
}

void InstanceTelemetry::requestStarted(const QString &route)
{
    m_registry.addGauge(QStringLiteral("http_requests_in_flight"), { { QStringLiteral("route"), route } }, 1);
}

void InstanceTelemetry::requestFinished(
    const QString &route, const QByteArray &method, int status, double seconds, Timing timing)
{
    const QString methodText = QString::fromLatin1(method);
    const MetricLabels labels { { QStringLiteral("route"), route }, { QStringLiteral("method"), methodText },
        { QStringLiteral("status"), QString::number(status) } };
    m_registry.increment(QStringLiteral("http_requests_total"), labels);
    if (timing == Timing::LongPoll) {
        // A wait the client asked for: counted, so the routes' traffic stays visible, but a 30 s wait in a
        // latency histogram would make every percentile of the instance read as the wait.
        m_registry.increment(QStringLiteral("http_long_polls_total"), labels);
    } else {
        m_registry.observe(QStringLiteral("http_request_duration_seconds"), labels, seconds);
        if (!LatencyFamilies::isMonitoringRoute(route))
            m_registry.observe(LatencyFamilies::server(), {}, seconds);
    }
    m_registry.addGauge(QStringLiteral("http_requests_in_flight"), { { QStringLiteral("route"), route } }, -1);
}

void InstanceTelemetry::callFinished(
    const QString &callee, const QString &route, const QByteArray &method, int status, double seconds)
{
    const MetricLabels labels { { QStringLiteral("caller"), m_service }, { QStringLiteral("callee"), callee },
        { QStringLiteral("route"), route }, { QStringLiteral("method"), QString::fromLatin1(method) },
        { QStringLiteral("status"), QString::number(status) } };
    m_registry.increment(QStringLiteral("http_client_requests_total"), labels);
    m_registry.observe(QStringLiteral("http_client_request_duration_seconds"), labels, seconds);
    m_registry.observe(LatencyFamilies::client(),
        { { QStringLiteral("caller"), m_service }, { QStringLiteral("callee"), callee } }, seconds);
}

HttpResponse InstanceTelemetry::metricsResponse(bool fineBuckets) const
{
    return HttpResponse::text(PromWriter::write(m_registry.collect(fineBuckets)), PromWriter::contentType);
}

void InstanceTelemetry::addMetricsRoute(HttpServer &server)
{
    server.route("GET", QStringLiteral("/metrics"), [this](const HttpRequest &request) {
        const QString buckets = request.queryValue(QStringLiteral("buckets"));
        if (!buckets.isEmpty() && buckets != QLatin1String("fine") && buckets != QLatin1String("coarse"))
            return HttpResponse::error(400, QStringLiteral("bad_request"), QStringLiteral("buckets is fine or coarse"));
        return metricsResponse(buckets == QLatin1String("fine"));
    });
}
