#include "metricsregistry.h"

#include "promwriter.h"

void MetricsRegistry::describe(
    const QString &name, MetricType type, const QString &help, const QList<double> &bucketBounds, Page page)
{
    std::lock_guard lock(m_mutex);
    auto &family = m_families[name];
    family.type = type;
    family.help = help;
    family.bounds = bucketBounds;
    family.page = page;
}

QString MetricsRegistry::keyOf(const MetricLabels &labels)
{
    QString key;
    for (const auto &[name, value] : labels) {
        key += name;
        key += QChar(0x1f);
        key += value;
        key += QChar(0x1e);
    }
    return key;
}

MetricsRegistry::Series &MetricsRegistry::seriesFor(const QString &name, MetricType type, const MetricLabels &labels)
{
    auto [familyIt, created] = m_families.try_emplace(name);
    auto &family = familyIt->second;
    if (created) {
        family.type = type;
        family.bounds = LatencyHistogram::defaultBounds();
    }
    auto [seriesIt, newSeries] = family.series.try_emplace(keyOf(labels));
    if (newSeries) {
        seriesIt->second.labels = labels;
        if (family.type == MetricType::Histogram)
            seriesIt->second.histogram = std::make_unique<LatencyHistogram>(family.bounds);
    }
    return seriesIt->second;
}

void MetricsRegistry::increment(const QString &name, const MetricLabels &labels, double delta)
{
    if (!(delta >= 0)) // counters only go up
        return;
    std::lock_guard lock(m_mutex);
    seriesFor(name, MetricType::Counter, labels).value += delta;
}

void MetricsRegistry::setGauge(const QString &name, const MetricLabels &labels, double value)
{
    std::lock_guard lock(m_mutex);
    seriesFor(name, MetricType::Gauge, labels).value = value;
}

void MetricsRegistry::addGauge(const QString &name, const MetricLabels &labels, double delta)
{
    std::lock_guard lock(m_mutex);
    seriesFor(name, MetricType::Gauge, labels).value += delta;
}

void MetricsRegistry::observe(const QString &name, const MetricLabels &labels, double value)
{
    std::lock_guard lock(m_mutex);
    auto &series = seriesFor(name, MetricType::Histogram, labels);
    if (series.histogram)
        series.histogram->observe(value);
}

double MetricsRegistry::value(const QString &name, const MetricLabels &labels) const
{
    std::lock_guard lock(m_mutex);
    const auto family = m_families.find(name);
    if (family == m_families.end())
        return 0;
    const auto series = family->second.series.find(keyOf(labels));
    return series == family->second.series.end() ? 0 : series->second.value;
}

std::optional<LatencyHistogram> MetricsRegistry::histogram(const QString &name, const MetricLabels &labels) const
{
    std::lock_guard lock(m_mutex);
    const auto family = m_families.find(name);
    if (family == m_families.end())
        return std::nullopt;
    const auto series = family->second.series.find(keyOf(labels));
    if (series == family->second.series.end() || !series->second.histogram)
        return std::nullopt;
    return *series->second.histogram;
}

QList<MetricFamily> MetricsRegistry::collect(bool fineBuckets) const
{
    std::lock_guard lock(m_mutex);
    QList<MetricFamily> out;
    out.reserve(qsizetype(m_families.size()));
    for (const auto &[name, family] : m_families) {
        const bool fine = family.page == Page::FinePageOnly;
        if (fine && !fineBuckets)
            continue;
        MetricFamily exported { name, family.type, family.help, {} };
        for (const auto &[key, series] : family.series) {
            if (!series.histogram) {
                exported.samples.append(MetricSample { name, series.labels, series.value, std::nullopt });
                continue;
            }
            const auto &histogram = *series.histogram;
            const QString bucketName = name + QLatin1String("_bucket");
            for (const auto &bucket : histogram.exportBuckets(fine)) {
                MetricLabels labels = series.labels;
                // Shortest text that reads back as the same double, so a reader can key and sort by it.
                labels.append(
                    { QStringLiteral("le"), QString::fromLatin1(PromWriter::formatValue(bucket.upperBound)) });
                exported.samples.append(
                    MetricSample { bucketName, labels, double(bucket.cumulativeCount), std::nullopt });
            }
            exported.samples.append(
                MetricSample { name + QLatin1String("_sum"), series.labels, histogram.sum(), std::nullopt });
            exported.samples.append(MetricSample {
                name + QLatin1String("_count"), series.labels, double(histogram.count()), std::nullopt });
        }
        out.append(std::move(exported));
    }
    return out;
}
