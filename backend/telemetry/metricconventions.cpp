#include "metricconventions.h"

#include "latencyfamilies.h"

#include <algorithm>
#include <map>
#include <QSet>

namespace MetricConventions {

namespace {

// One instrumentation convention: the duration histogram (seconds), the request counter when the library
// writes one (otherwise the histogram's _count is the count), the labels holding method, status and route
// (server side) or callee address and port (client side), and a label only this convention puts on its
// samples, which tells apart families that share a name (promhttp's and our http_requests_total).
struct Convention
{
    const char *name;
    const char *histogram;
    const char *counter; // nullptr: counts from <histogram>_count
    const char *method;
    const char *status;
    const char *route; // server side; nullptr: none
    const char *marker;
    bool native; // Flightdeck's own families: read as they are
    const char *address = nullptr; // client side: the callee's address and port labels
    const char *port = nullptr;
};

constexpr Convention kServer[] = {
    { "Flightdeck", "http_request_duration_seconds", "http_requests_total", "method", "status", "route", "status",
        true },
    { "OpenTelemetry HTTP", "http_server_request_duration_seconds", nullptr, "http_request_method",
        "http_response_status_code", "http_route", "http_request_method", false },
    { "Micrometer (Spring Boot)", "http_server_requests_seconds", nullptr, "method", "status", "uri", "uri", false },
    { "prometheus_flask_exporter", "flask_http_request_duration_seconds", nullptr, "method", "status", "path", "path",
        false },
    { "Go promhttp", "http_request_duration_seconds", "http_requests_total", "method", "code", "handler", "code",
        false },
};

constexpr Convention kClient[] = {
    { "Flightdeck", "http_client_request_duration_seconds", "http_client_requests_total", "method", "status", "route",
        "callee", true },
    { "OpenTelemetry HTTP", "http_client_request_duration_seconds", nullptr, "http_request_method",
        "http_response_status_code", nullptr, "server_address", false, "server_address", "server_port" },
};

QString text(const char *name)
{
    return name ? QString::fromLatin1(name) : QString();
}

bool hasLabel(const MetricSample &sample, const QString &label)
{
    return std::any_of(
        sample.labels.cbegin(), sample.labels.cend(), [&](const auto &pair) { return pair.first == label; });
}

// The convention's samples on the page: counter samples and histogram samples carrying its marker label.
struct Samples
{
    QList<MetricSample> counter, buckets, counts, sums;
    QSet<QString> families; // the families they came from
    bool hasCounter = false; // the convention writes a counter
    // A convention with a counter is recognised by it (its histogram's name may be another convention's).
    bool empty() const { return hasCounter ? counter.isEmpty() : counts.isEmpty(); }
};

Samples collect(const QList<MetricFamily> &families, const Convention &convention)
{
    Samples found;
    found.hasCounter = convention.counter != nullptr;
    const auto histogram = text(convention.histogram);
    const auto counter = text(convention.counter);
    const auto marker = text(convention.marker);
    for (const auto &family : families) {
        for (const auto &sample : family.samples) {
            QList<MetricSample> *into = nullptr;
            if (!counter.isEmpty() && sample.name == counter)
                into = &found.counter;
            else if (sample.name == histogram + QLatin1String("_bucket"))
                into = &found.buckets;
            else if (sample.name == histogram + QLatin1String("_count"))
                into = &found.counts;
            else if (sample.name == histogram + QLatin1String("_sum"))
                into = &found.sums;
            if (!into)
                continue;
            // The counter identifies the convention; a histogram may carry fewer labels (promhttp's often
            // has no code), so it only needs the marker when there is no counter to go by.
            if (!hasLabel(sample, marker) && (into == &found.counter || counter.isEmpty()))
                continue;
            into->append(sample);
            found.families.insert(family.name);
        }
    }
    return found;
}

MetricSample renamed(const MetricSample &sample, const QString &name, const MetricLabels &labels)
{
    MetricSample result;
    result.name = name;
    result.labels = labels;
    result.value = sample.value;
    result.timestampMs = sample.timestampMs;
    return result;
}

MetricLabels withLe(MetricLabels labels, const MetricSample &bucket)
{
    labels.append({ QStringLiteral("le"), bucket.label(QStringLiteral("le")) });
    return labels;
}

// The converted families: requests counter, per-label-set histogram, and the one histogram per instance (or
// per callee) that percentiles are read from. labelsOf gives a sample's labels in Flightdeck's names;
// aggregateKey the labels of the aggregate histogram (nothing, or caller and callee), or nullopt to leave
// the sample out of it (monitoring routes).
template <typename LabelsOf, typename AggregateOf>
QList<MetricFamily> convert(const Samples &samples, const QString &counterName, const QString &histogramName,
    const QString &aggregateName, LabelsOf labelsOf, AggregateOf aggregateOf)
{
    MetricFamily requests { counterName, MetricType::Counter, QStringLiteral("requests (converted)"), {} };
    for (const auto &sample : samples.counter.isEmpty() ? samples.counts : samples.counter)
        requests.samples.append(renamed(sample, counterName, labelsOf(sample)));
    MetricFamily histogram { histogramName, MetricType::Histogram, QStringLiteral("latency (converted)"), {} };
    // Summed per aggregate label set and bound: the libraries use one set of bounds per histogram.
    std::map<QPair<MetricLabels, QString>, double> aggregateBuckets;
    std::map<MetricLabels, QPair<double, double>> aggregateTotals; // count, sum
    for (const auto &bucket : samples.buckets) {
        histogram.samples.append(
            renamed(bucket, histogramName + QLatin1String("_bucket"), withLe(labelsOf(bucket), bucket)));
        if (const auto key = aggregateOf(bucket))
            aggregateBuckets[{ *key, bucket.label(QStringLiteral("le")) }] += bucket.value;
    }
    for (const auto &count : samples.counts) {
        histogram.samples.append(renamed(count, histogramName + QLatin1String("_count"), labelsOf(count)));
        if (const auto key = aggregateOf(count))
            aggregateTotals[*key].first += count.value;
    }
    for (const auto &sum : samples.sums) {
        histogram.samples.append(renamed(sum, histogramName + QLatin1String("_sum"), labelsOf(sum)));
        if (const auto key = aggregateOf(sum))
            aggregateTotals[*key].second += sum.value;
    }
    QList<MetricFamily> result { requests };
    if (samples.buckets.isEmpty())
        return result; // a summary (Micrometer's default): counts, but no buckets to read latency from
    MetricFamily aggregate { aggregateName, MetricType::Histogram, QStringLiteral("latency (converted)"), {} };
    for (const auto &[key, value] : aggregateBuckets) {
        MetricSample sample;
        sample.name = aggregateName + QLatin1String("_bucket");
        sample.labels = key.first;
        sample.labels.append({ QStringLiteral("le"), key.second });
        sample.value = value;
        aggregate.samples.append(sample);
    }
    for (const auto &[labels, totals] : aggregateTotals) {
        aggregate.samples.append({ aggregateName + QLatin1String("_count"), labels, totals.first, std::nullopt });
        aggregate.samples.append({ aggregateName + QLatin1String("_sum"), labels, totals.second, std::nullopt });
    }
    result << histogram << aggregate;
    return result;
}

} // namespace

Reading read(const QList<MetricFamily> &families, const QString &service, const ServiceResolver &resolve)
{
    Reading reading;
    QSet<QString> replaced;
    QList<MetricFamily> added;
    for (const auto &convention : kServer) {
        const auto samples = collect(families, convention);
        if (samples.empty())
            continue;
        reading.server = text(convention.name);
        if (convention.native)
            break;
        replaced += samples.families;
        const auto method = text(convention.method), status = text(convention.status), route = text(convention.route);
        auto labelsOf = [&](const MetricSample &sample) {
            return MetricLabels { { QStringLiteral("route"), sample.label(route) },
                { QStringLiteral("method"), sample.label(method) },
                { QStringLiteral("status"), sample.label(status) } };
        };
        auto aggregateOf = [&](const MetricSample &sample) -> std::optional<MetricLabels> {
            if (LatencyFamilies::isMonitoringRoute(sample.label(route)))
                return std::nullopt;
            return MetricLabels {};
        };
        added += convert(samples, QStringLiteral("http_requests_total"),
            QStringLiteral("http_request_duration_seconds"), LatencyFamilies::server(), labelsOf, aggregateOf);
        break;
    }
    if (reading.server.isEmpty()) {
        // A library declares its families before the first request and writes samples only once it has
        // observed one: a declared, empty family says which convention the service speaks, without traffic.
        for (const auto &convention : kServer) {
            const auto declared = [&](const MetricFamily &family) {
                return family.samples.isEmpty()
                    && (family.name == text(convention.histogram) || family.name == text(convention.counter));
            };
            if (std::any_of(families.cbegin(), families.cend(), declared)) {
                reading.server = text(convention.name);
                break;
            }
        }
    }
    for (const auto &convention : kClient) {
        const auto samples = collect(families, convention);
        if (samples.empty())
            continue;
        reading.client = text(convention.name);
        if (convention.native)
            break;
        replaced += samples.families;
        const auto method = text(convention.method), status = text(convention.status);
        const auto address = text(convention.address), port = text(convention.port);
        // The callee is the registered service at that address, or the address itself (an outside dependency).
        auto calleeOf = [&](const MetricSample &sample) {
            const auto host = sample.label(address), hostPort = sample.label(port);
            const auto known = resolve ? resolve(host, hostPort) : QString();
            return !known.isEmpty() ? known : hostPort.isEmpty() ? host : host + QLatin1Char(':') + hostPort;
        };
        auto labelsOf = [&](const MetricSample &sample) {
            return MetricLabels { { QStringLiteral("caller"), service }, { QStringLiteral("callee"), calleeOf(sample) },
                { QStringLiteral("route"), QString() }, { QStringLiteral("method"), sample.label(method) },
                { QStringLiteral("status"), sample.label(status) } };
        };
        auto aggregateOf = [&](const MetricSample &sample) -> std::optional<MetricLabels> {
            return MetricLabels { { QStringLiteral("caller"), service },
                { QStringLiteral("callee"), calleeOf(sample) } };
        };
        added += convert(samples, QStringLiteral("http_client_requests_total"),
            QStringLiteral("http_client_request_duration_seconds"), LatencyFamilies::client(), labelsOf, aggregateOf);
        break;
    }
    for (const auto &family : families) {
        if (!replaced.contains(family.name))
            reading.families.append(family);
    }
    reading.families += added;
    return reading;
}

} // namespace MetricConventions
