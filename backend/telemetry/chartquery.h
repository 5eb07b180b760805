#pragma once

#include <functional>
#include <QList>
#include <QMetaType>
#include <QString>
#include <QStringList>
#include <QVector>

class TimeSeriesStore;

// What the metrics charts ask the store for and get back: plain values, computed on a worker thread.
struct ChartRequest
{
    QString service; // empty = whole fleet
    QString instance; // empty = all instances of the service
    qint64 fromMs = 0;
    qint64 toMs = 0;
    qint64 stepMs = 1000;
};

struct ChartSeries
{
    // What the series is: "rate", "errors", "p50", "p95", "p99". The view turns it into legend text.
    QString name;
    QVector<double> keys; // seconds since the epoch (QCustomPlot's date-time axis unit)
    QVector<double> values;
};

struct ChartData
{
    QList<ChartSeries> requestRate; // requests per second
    QList<ChartSeries> errorRate; // percent
    QList<ChartSeries> latency; // milliseconds: p50, p95, p99
    QStringList services; // choices for the service selector
    QStringList instances; // instances of the requested service
    // How much of the requested range the recording covers (TimeSeriesStore::coverage of the service, or
    // of the fleet): less than the range while warming up or after a gap. Zero when nothing is recorded.
    qint64 coveredMs = 0;
    qint64 requestedMs = 0;
};
Q_DECLARE_METATYPE(ChartData)

using ChartProvider = std::function<ChartData(const ChartRequest &)>;

namespace ChartQuery {

// The charts' figures for the request: request rate, error ratio in percent and latency quantiles, each over
// at least the topology's live window (so the newest points read what the graph shows), wider when the step
// is. Thread safe, as the store is.
ChartData run(const TimeSeriesStore &store, const ChartRequest &request);

} // namespace ChartQuery
