#pragma once

#include "latencyhistogram.h"
#include "metricfamily.h"

#include <map>
#include <memory>
#include <mutex>
#include <optional>

// Counters, gauges and histograms with labels, for one service instance. Written on the instance thread,
// read by /metrics on the same thread or by anyone else: one uncontended mutex makes that safe.
// Families are declared once with describe() so the exposition carries HELP and TYPE.
class MetricsRegistry
{
public:
    // Which page a family appears on. FinePageOnly histograms are written only by collect(true), with their
    // fine buckets: they exist for readers that compute percentiles, not for the default page.
    enum class Page { Always, FinePageOnly };

    void describe(const QString &name, MetricType type, const QString &help,
        const QList<double> &bucketBounds = LatencyHistogram::defaultBounds(), Page page = Page::Always);

    void increment(const QString &name, const MetricLabels &labels, double delta = 1);
    void setGauge(const QString &name, const MetricLabels &labels, double value);
    void addGauge(const QString &name, const MetricLabels &labels, double delta);
    void observe(const QString &name, const MetricLabels &labels, double value);

    // Current value of a counter or gauge series; 0 when it does not exist.
    double value(const QString &name, const MetricLabels &labels) const;
    // A copy of one histogram series, or nothing.
    std::optional<LatencyHistogram> histogram(const QString &name, const MetricLabels &labels) const;

    // Every family as the exposition writes it, in name order, with their coarse buckets. With fineBuckets also
    // the FinePageOnly families, carrying the bounds of their non-empty fine buckets too
    // (LatencyHistogram::exportBuckets()).
    QList<MetricFamily> collect(bool fineBuckets = false) const;

private:
    struct Series
    {
        MetricLabels labels;
        double value = 0;
        std::unique_ptr<LatencyHistogram> histogram;
    };
    struct Family
    {
        MetricType type = MetricType::Untyped;
        QString help;
        QList<double> bounds;
        Page page = Page::Always;
        std::map<QString, Series> series; // keyed by the serialised labels, so the output order is stable
    };

    Series &seriesFor(const QString &name, MetricType type, const MetricLabels &labels);
    static QString keyOf(const MetricLabels &labels);

    mutable std::mutex m_mutex;
    std::map<QString, Family> m_families;
};
