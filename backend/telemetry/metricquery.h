#pragma once

#include <optional>
#include <QString>

// The questions alert rules, charts and reports ask of recorded metrics. The time-series store answers
// them; keeping the interface here lets the alert engine be built and tested on its own.
enum class MetricKind {
    RequestRate, // requests per second over the window
    ErrorRatio, // share of 5xx (and failed) requests over the window, 0..1
    LatencyQuantile, // latency quantile over the window, in milliseconds
    Gauge, // last value of a named gauge in the window
    InstancesUp, // number of instances of the service that were scraped successfully
};

struct MetricSelector
{
    MetricKind kind = MetricKind::RequestRate;
    QString service; // empty = every service
    QString instance; // empty = every instance of the service
    double quantile = 0.99; // for LatencyQuantile
    QString gaugeName; // for Gauge
    qint64 windowMs = 60'000; // look-back window
};

class MetricQuery
{
public:
    virtual ~MetricQuery() = default;
    // The value at time atMs (milliseconds since the epoch), or nothing when no data covers the window.
    virtual std::optional<double> evaluate(const MetricSelector &selector, qint64 atMs) const = 0;
};
