#include "scraper.h"

#include "client/instancesource.h"
#include "scrapeworker.h"

Scraper::Scraper(TimeSeriesStore *store, Options options, QObject *parent)
    : QObject(parent)
    , m_store(store)
    , m_options(options)
{
    m_worker = std::make_unique<WorkerThread<ScrapeWorker>>(
        QStringLiteral("scraper"), m_store, m_options.intervalMs, m_options.timeoutMs, m_options.fineBuckets);
    connect(m_worker->object(), &ScrapeWorker::roundFinished, this, &Scraper::roundFinished);
}

Scraper::Scraper(TimeSeriesStore *store, QObject *parent)
    : Scraper(store, Options {}, parent)
{ }

Scraper::~Scraper()
{
    stop();
}

void Scraper::setStaticTargets(const QList<ServiceInstance> &targets)
{
    m_static = targets;
    refreshTargets();
}

void Scraper::setInstanceSource(InstanceSource *source, const QStringList &services)
{
    if (m_source)
        disconnect(m_source, nullptr, this, nullptr);
    m_source = source;
    m_services = services;
    if (source)
        connect(source, &InstanceSource::changed, this, [this] { refreshTargets(); });
    refreshTargets();
}

void Scraper::refreshTargets()
{
    QList<ServiceInstance> targets = m_static;
    if (m_source) {
        for (const auto &service : std::as_const(m_services))
            targets += m_source->instances(service);
    }
    pushTargets(targets);
}

void Scraper::pushTargets(const QList<ServiceInstance> &targets)
{
    m_worker->post([targets](ScrapeWorker &worker) { worker.setTargets(targets); });
}

void Scraper::start()
{
    if (m_running)
        return;
    m_running = true;
    refreshTargets();
    m_worker->post([](ScrapeWorker &worker) { worker.begin(); });
}

void Scraper::stop()
{
    if (!m_running)
        return;
    m_running = false;
    // Blocking so that no scrape touches the store after stop() returns.
    m_worker->call([](ScrapeWorker &worker) { worker.end(); });
}

void Scraper::scrapeNow()
{
    m_worker->post([](ScrapeWorker &worker) { worker.scrapeRound(); });
}
