#pragma once

#include <QList>
#include <QMetaType>
#include <QString>

// A complete picture of the fleet's topology at one moment, built off the GUI thread and applied by the
// console in one step. Health: "passing", "warning", "critical", "idle" (no traffic), or, taken out of
// service by an operator while still answering, "drained" or "maintenance"; "gone": it left the registry
// (deregistered) and is shown for a short while before it is dropped.
struct TopologyInstance
{
    QString id;
    QString address;
    quint16 port = 0;
    QString health;
    double rps = 0;
    double errorRatio = 0;
    bool answering = true; // its last scrape answered in time (false: dead, hung or unreachable)
    bool metricsOff = false; // metrics=off: never scraped, health is the registry's
    int droppedSeries = 0; // its series the store refused at its cap: its figures are incomplete
};

struct TopologyNode
{
    QString service;
    QList<TopologyInstance> instances;
    QString health;
    double rps = 0;
    double errorRatio = 0;
    double p95Ms = 0;
    // False when no instance exports request metrics the console reads (http_requests_total): rps, errors
    // and p95 are then unknown, not zero. requests: how many the window held (0: ratio and p95 undefined).
    bool hasTraffic = false;
    double requests = 0;
    bool hasLatency = false; // p95Ms is measured (false: counts without latency buckets, or no requests)
    QString convention {}; // whose metric names its instances export (MetricConventions); empty: none matched
    bool metricsOff = false; // every instance registered with metrics=off: no metrics by choice
};

struct TopologyEdge
{
    QString caller;
    QString callee;
    double rps = 0;
    double errorRatio = 0;
    double p95Ms = 0;
};

struct TopologySnapshot
{
    qint64 timestampMs = 0;
    // The look-back window the rates, ratios and p95 are over, and how much of it the scrapes covered: until
    // the first scrapes are a window old (or after a gap) the figures are over coveredMs only ("warming up").
    qint64 windowMs = 0;
    qint64 coveredMs = 0;
    bool warmingUp = false;
    // The store's series cap and how many distinct series it refused (0: every series is recorded).
    int maxSeries = 0;
    int droppedSeries = 0;
    QList<TopologyNode> nodes;
    QList<TopologyEdge> edges;
};
Q_DECLARE_METATYPE(TopologySnapshot)
