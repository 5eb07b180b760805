#pragma once

#include "alerting/alertevent.h"
#include "runtime/operatorevents.h"
#include "telemetry/topologysnapshot.h"

#include <optional>
#include <QList>
#include <QPointF>
#include <QString>
#include <QStringList>

// What a report covers: a closed time range and a set of services (empty = every recorded service).
struct ReportRequest
{
    qint64 fromMs = 0;
    qint64 toMs = 0;
    QStringList services;
};

// One chart series of one service, sampled at the report's step. x = time in ms since the epoch.
struct ReportSeries
{
    QString name; // request_rate, error_percent, p50_ms, p95_ms, p99_ms
    QString unit; // req/s, %, ms
    QList<QPointF> points;
};

// One instance of a service over the whole range.
struct InstanceReport
{
    QString instance;
    double requests = 0;
    double errors = 0;
    std::optional<double> availability;
    // Share of the registry's recorded word that was drained or maintenance: out of service, not down.
    std::optional<double> outOfServiceShare;
    QString stateAtEnd; // the instance's last recorded state: passing, critical, drained, maintenance ...
    int droppedSeries = 0; // its series the metric store refused at its cap: its figures are incomplete
};

// A service over the whole range. Latencies and availability are absent when nothing was recorded.
struct ServiceReport
{
    QString service;
    QStringList instances;
    double requests = 0;
    double errors = 0; // 5xx and failed requests
    double errorRatio = 0; // errors / requests, 0..1
    std::optional<double> availability; // share of scrapes that found the instances up, 0..1
    double rps = 0; // requests per second over the recorded part of the range (coveredMs)
    qint64 coveredMs = 0; // how much of the range the scrapes of this service covered
    std::optional<double> p50Ms;
    std::optional<double> p95Ms;
    std::optional<double> p99Ms;
    QList<ReportSeries> series;
    QList<InstanceReport> instanceStats; // one per instance, in the order of instances
    int droppedSeries = 0; // over its instances: its figures leave these series out
};

// One configuration change (a KV revision of the registry) inside the range.
struct ConfigChange
{
    QString key;
    quint64 version = 0;
    qint64 timeMs = 0;
    bool deleted = false;
    QString value; // UTF-8 text, shortened for display
};

struct FleetSummary
{
    // How much of the requested range was recorded (scrapes of the chosen services, gaps left out): every rate
    // in the report is over that time, never over the empty rest of the range.
    qint64 coveredMs = 0;
    int services = 0;
    int instances = 0;
    double requests = 0;
    double errors = 0;
    double errorRatio = 0;
    std::optional<double> availability;
    int alertTransitions = 0;
    int configChanges = 0;
    int operatorActions = 0;
    // The metric store's series cap, and the distinct series it refused from droppedSinceMs on, when that is
    // inside the range (0: every series was recorded): the figures of those instances are incomplete.
    int maxSeries = 0;
    int droppedSeries = 0;
    qint64 droppedSinceMs = 0;
};

// Everything one report shows, in every format. A plain value: built on a worker thread, written anywhere.
struct ReportData
{
    qint64 fromMs = 0;
    qint64 toMs = 0;
    qint64 stepMs = 0;
    qint64 generatedMs = 0;
    FleetSummary fleet;
    QList<ServiceReport> services;
    TopologySnapshot topology;
    QList<AlertEvent> alerts;
    QList<OperatorEvent> operatorEvents; // what operators did in the range, beside the alert transitions
    bool configAvailable = false; // false when the data dir has no registry state to read changes from
    QList<ConfigChange> configChanges;
};

// How numbers are printed in the human-readable formats (PDF, HTML); tests read them back the same way.
namespace ReportText {
QString milliseconds(const std::optional<double> &ms); // "12.34" or "–"
QString percent(const std::optional<double> &ratio); // ratio 0..1 → "99.50 %" or "–"
QString count(double value); // "1234"
QString time(qint64 ms); // ISO 8601 UTC, seconds precision
QString duration(qint64 ms); // "45 s", "10 min", "2 h 5 min", "3 d 4 h"
// "data for 10 min of the 60 min requested", or "data for the whole range"
QString coverage(qint64 coveredMs, qint64 rangeMs);
QString seriesTitle(const QString &name);
} // namespace ReportText
