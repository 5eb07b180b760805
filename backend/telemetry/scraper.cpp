#include "scraper.h"

#include "client/instancesource.h"
#include "scrapeworker.h"

#include <QThread>

Scraper::Scraper(TimeSeriesStore *store, Options options, QObject *parent)
    : QObject(parent)
    , m_store(store)
    , m_options(options)
{
    m_thread = new QThread(this);
    m_thread->setObjectName(QStringLiteral("scraper"));
    m_worker = new ScrapeWorker(m_store, m_options.intervalMs, m_options.timeoutMs, m_options.fineBuckets);
    m_worker->moveToThread(m_thread);
    connect(m_thread, &QThread::finished, m_worker, &QObject::deleteLater);
    connect(m_worker, &ScrapeWorker::roundFinished, this, &Scraper::roundFinished);
    m_thread->start();
}

Scraper::Scraper(TimeSeriesStore *store, QObject *parent)
    : Scraper(store, Options {}, parent)
{ }

Scraper::~Scraper()
{
    stop();
    m_thread->quit();
    m_thread->wait();
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
    QMetaObject::invokeMethod(m_worker, [worker = m_worker, targets] { worker->setTargets(targets); });
}

void Scraper::start()
{
    if (m_running)
        return;
    m_running = true;
    refreshTargets();
    QMetaObject::invokeMethod(m_worker, [worker = m_worker] { worker->begin(); });
}

void Scraper::stop()
{
    if (!m_running)
        return;
    m_running = false;
    // Blocking so that no scrape touches the store after stop() returns.
    QMetaObject::invokeMethod(
        m_worker, [worker = m_worker] { worker->end(); }, Qt::BlockingQueuedConnection);
}

void Scraper::scrapeNow()
{
    QMetaObject::invokeMethod(m_worker, [worker = m_worker] { worker->scrapeRound(); });
}
