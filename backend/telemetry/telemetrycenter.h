#pragma once

#include "loghub.h"
#include "scraper.h"
#include "timeseriesstore.h"
#include "topologybuilder.h"

#include <memory>
#include <QObject>

// Everything the console runs for telemetry, assembled in one place: the log hub (attached to every
// logger), the time-series store with its history file in the data dir, the scraper, and the topology
// builder on its own thread, rebuilding after every scrape round. Lives on the console's main thread.
class TelemetryCenter : public QObject
{
    Q_OBJECT
public:
    struct Options
    {
        QString historyFile; // empty: metrics are kept in memory only
        TimeSeriesStore::Options store;
        Scraper::Options scrape;
        TopologyBuilder::Options topology;
        size_t logCapacity = 20'000;
    };

    explicit TelemetryCenter(Options options, QObject *parent = nullptr);
    ~TelemetryCenter() override;

    // Opens the history and starts scraping. False with a reason when the history cannot be opened; scraping
    // then still runs, with history in memory only.
    bool start(QString *error = nullptr);
    void stop();

    TimeSeriesStore &store() { return *m_store; }
    Scraper &scraper() { return *m_scraper; }
    const std::shared_ptr<LogHub> &logHub() const { return m_logHub; }
    TopologySnapshot latestTopology() const { return m_latest; }

Q_SIGNALS:
    void topologyChanged(const TopologySnapshot &snapshot);

private:
    Options m_options;
    std::shared_ptr<LogHub> m_logHub;
    std::unique_ptr<TimeSeriesStore> m_store;
    std::unique_ptr<Scraper> m_scraper;
    std::unique_ptr<WorkerThread<TopologyBuilder>> m_topology;
    TopologySnapshot m_latest;
};
