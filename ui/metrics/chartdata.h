#pragma once

#include <functional>
#include <QList>
#include <QMetaType>
#include <QString>
#include <QVector>

// What the metrics panel asks for and gets back. Providers run on a worker thread and must not touch widgets.
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
    QString name; // legend text, e.g. "p95"
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
};
Q_DECLARE_METATYPE(ChartData)

using ChartProvider = std::function<ChartData(const ChartRequest &)>;
