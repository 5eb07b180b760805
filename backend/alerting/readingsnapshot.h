#pragma once

#include "alertevent.h"
#include "alertrule.h"
#include "telemetry/metricquery.h"

#include <QHash>
#include <QList>

// What one evaluation round needs from the recorded metrics, read in one go: for every enabled rule and every
// target it applies to, the rule's value and the instances answering, at one moment. Taking it reads the
// store (on a worker thread); evaluating the rules against it reads nothing but this, so the state machine
// can run where its owner lives (the GUI thread) without ever waiting for the store.
class ReadingSnapshot : public MetricQuery
{
public:
    ReadingSnapshot() = default;
    static ReadingSnapshot take(
        const MetricQuery &source, const QList<AlertRule> &rules, const QList<AlertTarget> &targets, qint64 atMs);

    // The value read for this selector at the snapshot's moment; nothing for any other moment or selector.
    std::optional<double> evaluate(const MetricSelector &selector, qint64 atMs) const override;

    qint64 atMs() const { return m_atMs; }
    const QList<AlertTarget> &targets() const { return m_targets; }
    qsizetype size() const { return m_values.size(); }

private:
    static QString key(const MetricSelector &selector);
    void read(const MetricQuery &source, const MetricSelector &selector);

    qint64 m_atMs = 0;
    QList<AlertTarget> m_targets;
    QHash<QString, std::optional<double>> m_values;
};
