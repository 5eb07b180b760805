#pragma once

#include "telemetry/metricquery.h"

#include <atomic>
#include <cmath>
#include <QHash>
#include <QMap>
#include <QString>
#include <QThread>

// Test input for the alert engine: a MetricQuery whose answers a test writes down in advance, per metric
// kind, service and instance, as a step function over time. evaluate() answers the value of the latest
// point at or before the asked time; a NaN point (or nothing yet) means "no data". Answers may be asked from
// any thread (the engine reads on a worker), as long as the script is written before.
class ScriptedMetricQuery : public MetricQuery
{
public:
    void set(MetricKind kind, const QString &service, const QString &instance, qint64 atMs, double value)
    {
        m_points[key(kind, service, instance)].insert(atMs, value);
    }
    void gap(MetricKind kind, const QString &service, const QString &instance, qint64 atMs)
    {
        set(kind, service, instance, atMs, std::nan(""));
    }

    std::optional<double> evaluate(const MetricSelector &selector, qint64 atMs) const override
    {
        ++m_calls;
        if (QThread::currentThread() != m_owner)
            ++m_foreignCalls;
        const auto points = m_points.constFind(key(selector.kind, selector.service, selector.instance));
        if (points == m_points.constEnd())
            return std::nullopt;
        auto it = points->upperBound(atMs);
        if (it == points->constBegin())
            return std::nullopt;
        --it;
        if (std::isnan(it.value()))
            return std::nullopt;
        return it.value();
    }

    int calls() const { return m_calls; }
    // Of those, the ones asked on a thread other than the one that created the query.
    int foreignCalls() const { return m_foreignCalls; }

private:
    static QString key(MetricKind kind, const QString &service, const QString &instance)
    {
        return QString::number(int(kind)) + QLatin1Char('/') + service + QLatin1Char('/') + instance;
    }

    QHash<QString, QMap<qint64, double>> m_points;
    QThread *m_owner = QThread::currentThread();
    mutable std::atomic<int> m_calls = 0;
    mutable std::atomic<int> m_foreignCalls = 0;
};
