#pragma once

#include "client/serviceinstance.h"
#include "telemetry/topologysnapshot.h"

#include <memory>
#include <QHash>
#include <QObject>
#include <QSet>
#include <QStringList>
#include <QUrl>

class AlertEngine;
struct AlertTarget;
class DiscoveryClient;
class InstanceDirectory;
class LogHub;
class OperatorEvents;
class Scraper;
class TelemetryCenter;
class TimeSeriesStore;

// The console's view of a fleet, the same for an embedded and an external one: the telemetry center (log
// hub, scraper, time-series store persisted in the data dir, topology), fed by discovery through the
// registry, and the alert engine evaluating the store. Lives on the main thread.
class Monitor : public QObject
{
    Q_OBJECT
public:
    struct Options
    {
        QString dataDir;
        QUrl registryUrl; // discovery; empty = static targets only
        QStringList services; // services to discover and scrape; empty = every service the registry lists
        QList<ServiceInstance> staticTargets; // scraped in addition (e.g. the registry itself)
        int cartInstances = 3; // for the default alert rules
        int scrapeIntervalMs = 1000;
        int maxSeries = 50'000; // the metric store's series cap (--max-series); beyond it, refusals are shown
        QByteArray accessToken; // what the console's own writes carry (--token)
    };

    explicit Monitor(Options options, QObject *parent = nullptr);
    ~Monitor() override;

    // Targets scraped besides the discovered ones; takes effect at start().
    void setStaticTargets(const QList<ServiceInstance> &targets) { m_options.staticTargets = targets; }
    bool start(QString *error = nullptr);
    void stop();

    // Where the metric history of a data dir lives; reports read the same file.
    static QString historyPath(const QString &dataDir);
    const Options &options() const { return m_options; }
    // The discovered services monitored now: the given list, or the registry's (following it as it changes).
    QStringList services() const { return m_services; }

    TimeSeriesStore *store() const;
    AlertEngine *alerts() const { return m_alerts.get(); }
    LogHub *logHub() const;
    // The same hub, for a writer on another thread that must keep it alive (the log intake).
    std::shared_ptr<LogHub> sharedLogHub() const;
    // The instances discovery reports (and the static targets), for lookups from any thread.
    const std::shared_ptr<InstanceDirectory> &instanceDirectory() const { return m_directory; }
    DiscoveryClient *discovery() const { return m_discovery.get(); }
    Scraper *scraper() const;
    const TopologySnapshot &topology() const { return m_topology; }
    // Where operator actions are recorded (log, <data dir>/operator-events.jsonl, history view, reports).
    OperatorEvents *operatorEvents() const { return m_operatorEvents.get(); }
    // An instance taken away on purpose (scaled down): once discovery stops listing it, the console forgets
    // it instead of showing it as down.
    void forgetWhenDeregistered(const QString &service, const QString &instanceId);

Q_SIGNALS:
    void topologyChanged(const TopologySnapshot &snapshot);
    void servicesChanged(const QStringList &services);
    void scrapeRoundFinished(qint64 timeMs, int targets, int up);

private:
    QList<AlertTarget> alertTargets() const;
    void followServices(const QStringList &services);
    // Instances the registry listed before and no longer does are shown as gone, then forgotten.
    void noteDepartures(const QString &service, const QSet<QString> &listed);

    Options m_options;
    std::unique_ptr<TelemetryCenter> m_telemetry;
    std::unique_ptr<DiscoveryClient> m_discovery;
    std::unique_ptr<AlertEngine> m_alerts;
    std::unique_ptr<OperatorEvents> m_operatorEvents;
    std::shared_ptr<InstanceDirectory> m_directory;
    QHash<QString, QString> m_leaving; // instance id → service, see forgetWhenDeregistered()
    QHash<QString, QSet<QString>> m_listed; // service → the instance ids discovery listed last
    TopologySnapshot m_topology;
    QStringList m_services;
    bool m_running = false;
};
