#include "scrapeworker.h"

#include "core/logging.h"
#include "core/metricstarget.h"
#include "metricconventions.h"
#include "promparser.h"
#include "timeseriesstore.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QTimer>
#include <spdlog/spdlog.h>

ScrapeWorker::ScrapeWorker(TimeSeriesStore *store, int intervalMs, int timeoutMs, bool fineBuckets)
    : m_store(store)
    , m_intervalMs(intervalMs)
    , m_timeoutMs(timeoutMs)
    , m_fineBuckets(fineBuckets)
{ }

ScrapeWorker::~ScrapeWorker() = default;

void ScrapeWorker::begin()
{
    if (!m_network)
        m_network = std::make_unique<QNetworkAccessManager>();
    if (!m_timer) {
        m_timer = new QTimer(this);
        m_timer->setTimerType(Qt::PreciseTimer);
        connect(m_timer, &QTimer::timeout, this, &ScrapeWorker::scrapeRound);
    }
    m_timer->start(m_intervalMs);
    scrapeRound();
}

void ScrapeWorker::end()
{
    if (m_timer)
        m_timer->stop();
    // Deleting the manager aborts what is in flight; those replies then report nothing more.
    m_network.reset();
    m_inFlight.clear();
}

void ScrapeWorker::setTargets(const QList<ServiceInstance> &targets)
{
    m_targets = targets;
}

void ScrapeWorker::scrapeRound()
{
    if (!m_network)
        return;
    auto round = std::make_shared<Round>();
    round->timeMs = QDateTime::currentMSecsSinceEpoch();
    QList<ServiceInstance> due;
    for (const auto &target : std::as_const(m_targets)) {
        if (MetricsTarget::of(target.address, target.port, target.meta).enabled) {
            if (!m_inFlight.value(target.id))
                due.append(target);
            continue;
        }
        // metrics=off in its metadata: nothing to scrape, but the instance exists; its health is the
        // registry's, recorded as such so the graph shows it.
        ScrapeTarget unscraped { target.service, target.id, target.address, target.port, target.healthy,
            target.registryState };
        unscraped.metricsOff = true;
        m_store->ingest(unscraped, round->timeMs, true, {});
    }
    round->pending = int(due.size());
    round->targets = int(due.size());
    if (due.isEmpty()) {
        Q_EMIT roundFinished(round->timeMs, 0, 0);
        return;
    }
    for (const auto &instance : std::as_const(due))
        scrapeOne(instance, round, m_fineBuckets && !m_plainOnly.contains(instance.id));
}

void ScrapeWorker::scrapeOne(const ServiceInstance &instance, const std::shared_ptr<Round> &round, bool fine)
{
    // Where the instance's metadata says its metrics are (metrics_path, metrics_port, metrics_scheme).
    QUrl url = MetricsTarget::of(instance.address, instance.port, instance.meta).url();
    // Flightdeck instances then add their fine latency buckets (percentiles within 1 %); most other targets
    // ignore the parameter, and one that refuses it (400) is asked for its plain page from then on.
    if (fine)
        url.setQuery(QStringLiteral("buckets=fine"));
    QNetworkRequest request(url);
    request.setTransferTimeout(m_timeoutMs);
    request.setRawHeader("Accept", "text/plain;version=0.0.4");
    m_inFlight.insert(instance.id, true);
    auto timer = std::make_shared<QElapsedTimer>();
    timer->start();
    QNetworkReply *reply = m_network->get(request);
    // A page over the cap is not read at all: the target is marked as failing instead of filling memory.
    connect(reply, &QNetworkReply::downloadProgress, reply, [reply](qint64 received, qint64 total) {
        if (received > kMaxPageBytes || total > kMaxPageBytes) {
            reply->setProperty("oversized", true);
            reply->abort();
        }
    });
    connect(reply, &QNetworkReply::finished, this, [this, reply, instance, round, timer, fine] {
        reply->deleteLater();
        m_inFlight.remove(instance.id);
        ScrapeTarget target { instance.service, instance.id, instance.address, instance.port, instance.healthy,
            instance.registryState };
        const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        if (fine && status == 400 && m_network) {
            Logging::get("scraper")->info(
                "{} refuses fine buckets; scraping its plain page", instance.id.toStdString());
            m_plainOnly.insert(instance.id);
            scrapeOne(instance, round, false);
            return;
        }
        if (reply->property("oversized").toBool()) {
            Logging::get("scraper")->warn("{}: /metrics is larger than {} MiB: not read, marked as failing",
                instance.id.toStdString(), kMaxPageBytes >> 20);
            m_store->ingest(target, round->timeMs, false, {});
            finishOne(round, false);
            return;
        }
        if (reply->error() != QNetworkReply::NoError || status != 200) {
            Logging::get("scraper")->debug("{}: {}", instance.id.toStdString(), reply->errorString().toStdString());
            m_store->ingest(target, round->timeMs, false, {});
            finishOne(round, false);
            return;
        }
        const auto parsed = PromParser::parse(reply->readAll());
        if (!parsed.ok)
            Logging::get("scraper")->warn(
                "{}: unreadable /metrics: {}", instance.id.toStdString(), parsed.error.toStdString());
        // Whatever library wrote the page, its request metrics are stored in Flightdeck's families.
        auto reading = MetricConventions::read(parsed.families, instance.service,
            [this](const QString &address, const QString &port) { return serviceAt(address, port); });
        target.convention = reading.server;
        m_store->ingest(target, round->timeMs, parsed.ok, reading.families, double(timer->nsecsElapsed()) / 1e9);
        finishOne(round, parsed.ok);
    });
}

QString ScrapeWorker::serviceAt(const QString &address, const QString &port) const
{
    // OpenTelemetry names a callee by server.address and server.port: the registered instance there.
    for (const auto &target : m_targets) {
        if (QString::number(target.port) == port
            && (target.address == address
                || (address == QLatin1String("localhost") && target.address == QLatin1String("127.0.0.1"))))
            return target.service;
    }
    return {};
}

void ScrapeWorker::finishOne(const std::shared_ptr<Round> &round, bool up)
{
    round->up += up ? 1 : 0;
    if (--round->pending == 0)
        Q_EMIT roundFinished(round->timeMs, round->targets, round->up);
}
