#include "monitor.h"

#include "alerting/alertengine.h"
#include "alerting/defaultrules.h"
#include "client/discoveryclient.h"
#include "client/instancedirectory.h"
#include "core/logging.h"
#include "operatorevents.h"
#include "telemetry/loghub.h"
#include "telemetry/scraper.h"
#include "telemetry/telemetrycenter.h"
#include "telemetry/timeseriesstore.h"

#include <algorithm>
#include <QDateTime>
#include <QDir>
#include <QTimer>
#include <spdlog/spdlog.h>

Monitor::Monitor(Options options, QObject *parent)
    : QObject(parent)
    , m_options(std::move(options))
    , m_directory(std::make_shared<InstanceDirectory>())
{
    // Created now (not at start) so the log hub keeps the records of everything that starts later.
    TelemetryCenter::Options telemetry;
    telemetry.historyFile = historyPath(m_options.dataDir);
    telemetry.scrape.intervalMs = m_options.scrapeIntervalMs;
    telemetry.scrape.timeoutMs = std::max(200, m_options.scrapeIntervalMs * 9 / 10);
    telemetry.logCapacity = 50'000;
    telemetry.store.maxSeries = m_options.maxSeries;
    m_telemetry = std::make_unique<TelemetryCenter>(telemetry);
    m_operatorEvents = std::make_unique<OperatorEvents>(m_options.dataDir);
    connect(m_telemetry.get(), &TelemetryCenter::topologyChanged, this, [this](const TopologySnapshot &snapshot) {
        m_topology = snapshot;
        Q_EMIT topologyChanged(snapshot);
    });
    connect(&m_telemetry->scraper(), &Scraper::roundFinished, this, &Monitor::scrapeRoundFinished);
}

Monitor::~Monitor()
{
    stop();
}

QString Monitor::historyPath(const QString &dataDir)
{
    return dataDir.isEmpty() ? QString() : TimeSeriesStore::defaultPath(dataDir);
}

TimeSeriesStore *Monitor::store() const
{
    return &m_telemetry->store();
}

LogHub *Monitor::logHub() const
{
    return m_telemetry->logHub().get();
}

std::shared_ptr<LogHub> Monitor::sharedLogHub() const
{
    return m_telemetry->logHub();
}

Scraper *Monitor::scraper() const
{
    return &m_telemetry->scraper();
}

bool Monitor::start(QString *error)
{
    if (m_running)
        return true;
    auto &scraper = m_telemetry->scraper();
    scraper.setStaticTargets(m_options.staticTargets);
    QHash<QString, QList<ServiceInstance>> staticByService;
    for (const auto &target : std::as_const(m_options.staticTargets))
        staticByService[target.service].append(target);
    for (auto it = staticByService.constBegin(); it != staticByService.constEnd(); ++it)
        m_directory->setInstances(it.key(), it.value());
    if (m_options.registryUrl.isValid()) {
        m_discovery = std::make_unique<DiscoveryClient>(m_options.registryUrl);
        // The console scrapes and shows every registered instance, drained and failing ones too; its own
        // calls (the carts panel) still only go to healthy ones.
        m_discovery->setIncludeOutOfService(true);
        if (m_options.services.isEmpty()) {
            // Whatever registers is monitored: a service that appears is scraped and drawn within one
            // blocking-query round trip.
            connect(m_discovery.get(), &DiscoveryClient::servicesChanged, this, &Monitor::followServices);
            m_discovery->watchAllServices();
        }
        followServices(m_options.services);
        connect(m_discovery.get(), &InstanceSource::changed, this, [this](const QString &service) {
            const auto listed = m_discovery->instances(service);
            m_directory->setInstances(service, listed);
            QSet<QString> ids;
            for (const auto &instance : listed)
                ids.insert(instance.id);
            noteDepartures(service, ids);
            for (auto it = m_leaving.begin(); it != m_leaving.end();) {
                const bool gone = it.value() == service
                    && std::none_of(listed.begin(), listed.end(), [&](const auto &i) { return i.id == it.key(); });
                if (gone)
                    store()->forgetTarget(it.key());
                it = gone ? m_leaving.erase(it) : std::next(it);
            }
        });
    }
    QString storeError;
    if (!m_telemetry->start(&storeError)) // keeps scraping, in memory only
        Logging::get("monitor")->error(
            "metric history unavailable ({}); recording in memory only", storeError.toStdString());

    m_alerts = std::make_unique<AlertEngine>(m_options.dataDir, store());
    m_alerts->setDefaultRules(DefaultRules::create({ m_options.cartInstances }));
    m_alerts->setTargetProvider([this] { return alertTargets(); });
    QString alertError;
    if (!m_alerts->load(&alertError))
        Logging::get("alerts")->error("alert rules: {}", alertError.toStdString());
    // Silences are operator actions too: created, edited or expired, they join kills and drains in the log
    // view, the operator history and reports.
    connect(m_alerts.get(), &AlertEngine::silenceAction, this,
        [this](SilenceAction action, const Silence &silence, const QString &author) {
            QStringList matchers;
            QString service;
            for (const auto &matcher : silence.matchers) {
                matchers << matcher.name + QLatin1Char('=') + matcher.value;
                if (matcher.name == QLatin1String("service"))
                    service = matcher.value;
            }
            OperatorEvent event;
            event.action = action == SilenceAction::Created ? QStringLiteral("silence-create")
                : action == SilenceAction::Edited           ? QStringLiteral("silence-edit")
                                                            : QStringLiteral("silence-expire");
            event.service = service;
            event.target = silence.id;
            event.detail = QStringLiteral("%1 until %2 by %3: %4")
                               .arg(matchers.join(QStringLiteral(", ")),
                                   QDateTime::fromMSecsSinceEpoch(silence.endsAtMs).toString(Qt::ISODate), author,
                                   silence.comment);
            m_operatorEvents->record(event);
        });
    connect(m_alerts.get(), &AlertEngine::alertFiring, this, [](const AlertEvent &event) {
        // A value that is missing (a rule firing on no data) is said so, never printed as 0.
        Logging::get("alerts")->warn("FIRING {} on {} ({})", event.ruleName.toStdString(),
            (event.instance.isEmpty() ? event.service : event.instance).toStdString(),
            event.value ? "value " + QString::number(*event.value).toStdString() : std::string("no data"));
    });
    connect(m_alerts.get(), &AlertEngine::alertResolved, this, [](const AlertEvent &event) {
        Logging::get("alerts")->info("resolved {} on {}", event.ruleName.toStdString(),
            (event.instance.isEmpty() ? event.service : event.instance).toStdString());
    });

    m_alerts->start();
    m_running = true;
    if (error)
        error->clear();
    return true;
}

void Monitor::followServices(const QStringList &services)
{
    for (const auto &service : services)
        m_discovery->watch(service);
    if (services == m_services && !services.isEmpty())
        return;
    // A service that left the registry's list took its instances with it.
    for (const auto &gone : std::as_const(m_services)) {
        if (!services.contains(gone)) {
            m_directory->removeService(gone);
            noteDepartures(gone, {});
        }
    }
    m_services = services;
    m_telemetry->scraper().setInstanceSource(m_discovery.get(), m_services);
    Q_EMIT servicesChanged(m_services);
}

void Monitor::noteDepartures(const QString &service, const QSet<QString> &listed)
{
    // Long enough to be seen on the graph and in Details; short enough that the graph does not fill up with
    // instances that are not coming back (a restart registers again and is scraped at once).
    constexpr int kGoneShownMs = 10'000;
    auto &known = m_listed[service];
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    for (const auto &id : std::as_const(known)) {
        if (listed.contains(id) || m_leaving.contains(id))
            continue;
        Logging::get("monitor")->info(
            "{} left the registry: shown as gone, then no longer monitored", id.toStdString());
        store()->markGone(id, now);
        QTimer::singleShot(kGoneShownMs, this, [this, service, id] {
            if (!m_listed.value(service).contains(id))
                store()->forgetTarget(id);
        });
    }
    // Back in the registry (a restart registers again): no longer gone.
    for (const auto &id : listed) {
        if (!known.contains(id))
            store()->markGone(id, 0);
    }
    known = listed;
    if (known.isEmpty())
        m_listed.remove(service);
}

void Monitor::forgetWhenDeregistered(const QString &service, const QString &instanceId)
{
    m_leaving.insert(instanceId, service);
}

QList<AlertTarget> Monitor::alertTargets() const
{
    // The instances of discovered services are the ones the registry lists (in any health), not the ones
    // scraped lately: "the registry no longer lists it" is what ends an instance's alerts. Static targets
    // (the registry itself) come from the topology.
    QList<AlertTarget> targets;
    for (const auto &node : std::as_const(m_topology.nodes)) {
        targets.append({ node.service, {} });
        if (m_discovery && m_services.contains(node.service))
            continue;
        for (const auto &instance : node.instances)
            targets.append({ node.service, instance.id });
    }
    if (m_discovery) {
        for (const auto &service : std::as_const(m_services)) {
            const auto listed = m_discovery->instances(service);
            if (!listed.isEmpty() && !targets.contains(AlertTarget { service, {} }))
                targets.append({ service, {} });
            for (const auto &instance : listed) {
                // Drained or in maintenance: out of service on purpose, nobody expects it to answer.
                if (instance.registryState != QLatin1String("drained")
                    && instance.registryState != QLatin1String("maintenance"))
                    targets.append({ service, instance.id });
            }
        }
    }
    return targets;
}

void Monitor::stop()
{
    if (!m_running)
        return;
    m_running = false;
    m_alerts->stop();
    m_telemetry->stop();
}
