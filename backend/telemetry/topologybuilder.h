#pragma once

#include "timeseriesstore.h"
#include "topologysnapshot.h"

#include <QObject>

// Derives the fleet's topology from recorded metrics, the way a service mesh console does: services and
// instances from the scrape targets, edges from the caller/callee labels of client call metrics wherever
// traffic flowed in the window. Node health comes from the registry and the scrapes. Rates are the store's
// (WindowTraffic::rps: over the covered part of the window), the same definition the charts use.
// build() is a pure read of the store and may run on any thread; rebuild() emits the result as a value,
// so receivers on other threads get it through a queued connection and apply it in one step.
class TopologyBuilder : public QObject
{
    Q_OBJECT
public:
    struct Options
    {
        qint64 windowMs = kLiveWindowMs;
        qint64 staleAfterMs = 5'000; // an instance not scraped for this long counts as down
        double warningErrorRatio = 0.05;
    };

    explicit TopologyBuilder(const TimeSeriesStore *store, QObject *parent = nullptr);
    TopologyBuilder(const TimeSeriesStore *store, Options options, QObject *parent = nullptr);

    TopologySnapshot build(qint64 atMs) const;
    void rebuild(qint64 atMs);

Q_SIGNALS:
    void snapshotReady(const TopologySnapshot &snapshot);

private:
    const TimeSeriesStore *m_store;
    Options m_options;
};
