#pragma once

#include "client/serviceinstance.h"
#include "core/workerthread.h"

#include <memory>
#include <QObject>
#include <QPointer>
#include <QStringList>

class InstanceSource;
class ScrapeWorker;
class TimeSeriesStore;

// Scrapes /metrics of every known instance once per interval, on its own thread, and feeds the store.
// Targets come from an InstanceSource (the registry's discovery client) for a list of services, or from a
// static list. A target that does not answer within the timeout, or answers with something that is not the
// exposition format, is recorded as down ("up" = 0) for that round.
//
// Lives on (and is driven from) the thread of its InstanceSource, normally the GUI or main thread.
class Scraper : public QObject
{
    Q_OBJECT
public:
    struct Options
    {
        int intervalMs = 1000;
        int timeoutMs = 900;
        // Ask for /metrics?buckets=fine: latency percentiles within 1 % of the raw latencies, at the price
        // of a bigger page and more series (the bounds of every non-empty 1 % bucket). Off: the 16 coarse
        // buckets, where interpolation can be tens of percent off.
        bool fineBuckets = true;
    };

    Scraper(TimeSeriesStore *store, Options options, QObject *parent = nullptr);
    explicit Scraper(TimeSeriesStore *store, QObject *parent = nullptr);
    ~Scraper() override;

    void setStaticTargets(const QList<ServiceInstance> &targets);
    // Follows source for the given services; source must live on this object's thread and outlive it
    // (or be destroyed first: the scraper notices).
    void setInstanceSource(InstanceSource *source, const QStringList &services);

    void start();
    void stop();
    bool isRunning() const { return m_running; }
    // One round now (in addition to the timer), e.g. right after the fleet changed.
    void scrapeNow();

Q_SIGNALS:
    // After every round, once every target has answered or timed out. timeMs is the round's timestamp.
    void roundFinished(qint64 timeMs, int targets, int up);

private:
    void refreshTargets();
    void pushTargets(const QList<ServiceInstance> &targets);

    TimeSeriesStore *m_store;
    Options m_options;
    std::unique_ptr<WorkerThread<ScrapeWorker>> m_worker;
    QPointer<InstanceSource> m_source;
    QStringList m_services;
    QList<ServiceInstance> m_static;
    bool m_running = false;
};
