#pragma once

#include "reportdata.h"

#include <optional>

class TimeSeriesStore;
struct KvRevision;

// Computes a report's numbers from recorded metrics. Range figures (requests, error rate, percentiles) are
// evaluated once over the whole range, the way a Prometheus `increase()` / `histogram_quantile()` over the
// range would, not averaged from the chart points. Pure reads: runs on any thread.
class ReportBuilder
{
public:
    explicit ReportBuilder(const TimeSeriesStore &store);

    void setAlertEvents(const QList<AlertEvent> &events) { m_alerts = events; }
    void setOperatorEvents(const QList<OperatorEvent> &events) { m_operator = events; }
    // Every KV revision of the registry (the config history); without it the report says changes are unknown.
    void setConfigHistory(const QList<KvRevision> &history);

    // Nothing (with a reason) for an empty range, an unknown service or a range without recorded metrics.
    std::optional<ReportData> build(const ReportRequest &request, QString *error) const;

    // A step that gives charts of roughly 60 to 150 points, on a round number of seconds.
    static qint64 stepFor(qint64 rangeMs);

private:
    ServiceReport serviceReport(
        const QString &service, const QStringList &instances, const ReportRequest &request, qint64 stepMs) const;
    TopologySnapshot topology(const ReportData &data, const ReportRequest &request) const;

    const TimeSeriesStore &m_store;
    QList<AlertEvent> m_alerts;
    QList<OperatorEvent> m_operator;
    bool m_configAvailable = false;
    QList<ConfigChange> m_config;
};
