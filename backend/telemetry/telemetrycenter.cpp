#include "telemetrycenter.h"

#include "core/logging.h"

#include <spdlog/spdlog.h>

TelemetryCenter::TelemetryCenter(Options options, QObject *parent)
    : QObject(parent)
    , m_options(std::move(options))
    , m_logHub(std::make_shared<LogHub>(m_options.logCapacity))
{
    Logging::addSink(m_logHub);
    auto storeOptions = m_options.store;
    storeOptions.path = m_options.historyFile;
    m_store = std::make_unique<TimeSeriesStore>(storeOptions);
    m_scraper = std::make_unique<Scraper>(m_store.get(), m_options.scrape);

    m_topology = std::make_unique<WorkerThread<TopologyBuilder>>(
        QStringLiteral("topology"), m_store.get(), m_options.topology);
    // Built on the topology thread after each round, delivered here as a value.
    auto *topology = m_topology->object();
    connect(
        m_scraper.get(), &Scraper::roundFinished, topology, [topology](qint64 timeMs) { topology->rebuild(timeMs); });
    connect(topology, &TopologyBuilder::snapshotReady, this, [this](const TopologySnapshot &snapshot) {
        m_latest = snapshot;
        Q_EMIT topologyChanged(snapshot);
    });
}

TelemetryCenter::~TelemetryCenter()
{
    stop();
    m_scraper.reset();
    m_topology.reset();
    Logging::removeSink(m_logHub);
}

bool TelemetryCenter::start(QString *error)
{
    // Without a usable history file the store still works in memory: the console keeps its live view.
    const bool opened = m_store->open(error);
    m_scraper->start();
    return opened;
}

void TelemetryCenter::stop()
{
    if (m_scraper)
        m_scraper->stop();
}
