#include "monitor.h"

#include "alerting/alertengine.h"
#include "alerting/defaultrules.h"
#include "client/discoveryclient.h"
#include "core/logging.h"
#include "telemetry/loghub.h"
#include "telemetry/scraper.h"
#include "telemetry/timeseriesstore.h"
#include "telemetry/topologybuilder.h"

#include <QDir>

#include <spdlog/spdlog.h>

Monitor::Monitor(Options options, QObject *parent)
    : QObject(parent)
    , m_options(std::move(options))
    , m_logHub(std::make_shared<LogHub>(50'000))
{
    // Attached first, so the records of everything that starts later are kept.
    Logging::addSink(m_logHub);
}

Monitor::~Monitor()
{
    stop();
    Logging::removeSink(m_logHub);
}

QString Monitor::historyPath(const QString &dataDir)
{
    return dataDir.isEmpty() ? QString() : QDir(dataDir).filePath(QStringLiteral("metrics-history.bin"));
}

bool Monitor::start(QString *error)
{
    if (m_running)
        return true;
    TimeSeriesStore::Options storeOptions;
    storeOptions.path = historyPath(m_options.dataDir);
    m_store = std::make_unique<TimeSeriesStore>(storeOptions);
    QString storeError;
    if (!m_store->open(&storeError)) {
        // Losing history is bad, refusing to monitor is worse: keep going in memory and say so.
        Logging::get("monitor")->error("metric history unavailable ({}); recording in memory only", storeError.toStdString());
        m_store = std::make_unique<TimeSeriesStore>();
        m_store->open();
    }

    Scraper::Options scrapeOptions;
    scrapeOptions.intervalMs = m_options.scrapeIntervalMs;
    scrapeOptions.timeoutMs = std::max(200, m_options.scrapeIntervalMs * 9 / 10);
    m_scraper = std::make_unique<Scraper>(m_store.get(), scrapeOptions);
    m_scraper->setStaticTargets(m_options.staticTargets);
    if (m_options.registryUrl.isValid()) {
        m_discovery = std::make_unique<DiscoveryClient>(m_options.registryUrl);
        for (const auto &service : std::as_const(m_options.services))
            m_discovery->watch(service);
        m_scraper->setInstanceSource(m_discovery.get(), m_options.services);
    }

    m_topologyBuilder = std::make_unique<TopologyBuilder>(m_store.get());
    connect(m_topologyBuilder.get(), &TopologyBuilder::snapshotReady, this, [this](const TopologySnapshot &snapshot) {
        m_topology = snapshot;
        Q_EMIT topologyChanged(snapshot);
    });
    connect(m_scraper.get(), &Scraper::roundFinished, this, [this](qint64 timeMs, int targets, int up) {
        m_topologyBuilder->rebuild(timeMs);
        Q_EMIT scrapeRoundFinished(timeMs, targets, up);
    });

    m_alerts = std::make_unique<AlertEngine>(m_options.dataDir, m_store.get());
    m_alerts->setDefaultRules(DefaultRules::create({m_options.cartInstances}));
    m_alerts->setTargetProvider([this] {
        QList<AlertTarget> targets;
        for (const auto &node : std::as_const(m_topology.nodes)) {
            targets.append({node.service, {}});
            for (const auto &instance : node.instances)
                targets.append({node.service, instance.id});
        }
        return targets;
    });
    QString alertError;
    if (!m_alerts->load(&alertError))
        Logging::get("alerts")->error("alert rules: {}", alertError.toStdString());
    connect(m_alerts.get(), &AlertEngine::alertFiring, this, [](const AlertEvent &event) {
        Logging::get("alerts")->warn("FIRING {} on {} (value {})", event.ruleName.toStdString(),
                                     (event.instance.isEmpty() ? event.service : event.instance).toStdString(),
                                     event.value ? *event.value : 0.0);
    });
    connect(m_alerts.get(), &AlertEngine::alertResolved, this, [](const AlertEvent &event) {
        Logging::get("alerts")->info("resolved {} on {}", event.ruleName.toStdString(),
                                     (event.instance.isEmpty() ? event.service : event.instance).toStdString());
    });

    m_scraper->start();
    m_alerts->start();
    m_running = true;
    if (error)
        error->clear();
    return true;
}

void Monitor::stop()
{
    if (!m_running)
        return;
    m_running = false;
    m_alerts->stop();
    m_scraper->stop();
}
