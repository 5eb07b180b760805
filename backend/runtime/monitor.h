#pragma once

#include "client/serviceinstance.h"
#include "telemetry/topologysnapshot.h"

#include <QObject>
#include <QStringList>
#include <QUrl>

#include <memory>

class AlertEngine;
class DiscoveryClient;
class LogHub;
class Scraper;
class TimeSeriesStore;
class TopologyBuilder;

// The console's view of a fleet, the same for an embedded and an external one: discovery through the
// registry, scraping of every instance's /metrics into the time-series store (persisted in the data dir),
// the topology derived from it, the alert engine evaluating the store, and the log hub collecting every
// logger's records. Lives on the main thread; the scraper runs on its own thread.
class Monitor : public QObject
{
    Q_OBJECT
public:
    struct Options
    {
        QString dataDir;
        QUrl registryUrl;                         // discovery; empty = static targets only
        QStringList services;                     // services to discover and scrape
        QList<ServiceInstance> staticTargets;     // scraped in addition (e.g. the registry itself)
        int cartInstances = 3;                    // for the default alert rules
        int scrapeIntervalMs = 1000;
    };

    explicit Monitor(Options options, QObject *parent = nullptr);
    ~Monitor() override;

    // Targets scraped besides the discovered ones; takes effect at start().
    void setStaticTargets(const QList<ServiceInstance> &targets) { m_options.staticTargets = targets; }
    bool start(QString *error = nullptr);
    void stop();

    // Where the metric history of a data dir lives; reports read the same file.
    static QString historyPath(const QString &dataDir);

    TimeSeriesStore *store() const { return m_store.get(); }
    AlertEngine *alerts() const { return m_alerts.get(); }
    LogHub *logHub() const { return m_logHub.get(); }
    DiscoveryClient *discovery() const { return m_discovery.get(); }
    Scraper *scraper() const { return m_scraper.get(); }
    const TopologySnapshot &topology() const { return m_topology; }

Q_SIGNALS:
    void topologyChanged(const TopologySnapshot &snapshot);
    void scrapeRoundFinished(qint64 timeMs, int targets, int up);

private:
    Options m_options;
    std::shared_ptr<LogHub> m_logHub;
    std::unique_ptr<TimeSeriesStore> m_store;
    std::unique_ptr<DiscoveryClient> m_discovery;
    std::unique_ptr<Scraper> m_scraper;
    std::unique_ptr<TopologyBuilder> m_topologyBuilder;
    std::unique_ptr<AlertEngine> m_alerts;
    TopologySnapshot m_topology;
    bool m_running = false;
};
