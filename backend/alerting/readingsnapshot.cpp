#include "readingsnapshot.h"

#include "alertevaluator.h"

ReadingSnapshot ReadingSnapshot::take(
    const MetricQuery &source, const QList<AlertRule> &rules, const QList<AlertTarget> &targets, qint64 atMs)
{
    ReadingSnapshot snapshot;
    snapshot.m_atMs = atMs;
    snapshot.m_targets = targets;
    for (const auto &rule : rules) {
        if (!rule.enabled)
            continue;
        for (const auto &target : AlertEvaluator::targetsFor(rule, targets)) {
            MetricSelector selector = rule.metric;
            selector.service = target.service;
            selector.instance = target.instance;
            snapshot.read(source, selector);
            // Asked when the value is missing, to tell "no data" from "scrapes fail".
            selector.kind = MetricKind::InstancesUp;
            snapshot.read(source, selector);
        }
    }
    return snapshot;
}

void ReadingSnapshot::read(const MetricQuery &source, const MetricSelector &selector)
{
    const auto k = key(selector);
    if (!m_values.contains(k))
        m_values.insert(k, source.evaluate(selector, m_atMs));
}

std::optional<double> ReadingSnapshot::evaluate(const MetricSelector &selector, qint64 atMs) const
{
    if (atMs != m_atMs)
        return std::nullopt;
    return m_values.value(key(selector));
}

QString ReadingSnapshot::key(const MetricSelector &selector)
{
    const QChar separator(0x1f); // never part of a name
    return QString::number(int(selector.kind)) + separator + selector.service + separator + selector.instance
        + separator + QString::number(selector.quantile, 'g', 17) + separator + selector.gaugeName + separator
        + QString::number(selector.windowMs);
}
