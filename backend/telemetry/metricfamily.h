#pragma once

#include <optional>
#include <QList>
#include <QPair>
#include <QString>

// The data model of the Prometheus text exposition format (0.0.4), shared by the writer (what /metrics
// serves), the parser (what the scraper reads) and the store (what it keeps).
enum class MetricType { Counter, Gauge, Histogram, Summary, Untyped };

// Label pairs in the order they were given; the writer keeps that order, the store sorts for identity.
using MetricLabels = QList<QPair<QString, QString>>;

struct MetricSample
{
    QString name; // full sample name, e.g. "http_request_duration_seconds_bucket"
    MetricLabels labels;
    double value = 0;
    std::optional<qint64> timestampMs;

    QString label(const QString &key) const
    {
        for (const auto &[labelName, labelValue] : labels) {
            if (labelName == key)
                return labelValue;
        }
        return {};
    }
};

struct MetricFamily
{
    QString name;
    MetricType type = MetricType::Untyped;
    QString help;
    QList<MetricSample> samples;
};

QString metricTypeName(MetricType type);
std::optional<MetricType> metricTypeFromName(const QString &name);
