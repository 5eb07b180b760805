#include "healthmonitor.h"

#include "core/logging.h"
#include "registrystore.h"

#include <QDateTime>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QTimer>
#include <spdlog/spdlog.h>

HealthMonitor::HealthMonitor(RegistryStore &store, QObject *parent)
    : QObject(parent)
    , m_store(store)
    , m_network(new QNetworkAccessManager(this))
    , m_sweepTimer(new QTimer(this))
    , m_httpTimer(new QTimer(this))
{
    connect(m_sweepTimer, &QTimer::timeout, this, &HealthMonitor::sweep);
    connect(m_httpTimer, &QTimer::timeout, this, &HealthMonitor::runDueHttpChecks);
}

HealthMonitor::~HealthMonitor()
{
    // Checks still running must not report into a half-destroyed monitor.
    const auto replies = m_network->findChildren<QNetworkReply *>();
    for (auto *reply : replies) {
        reply->disconnect(this);
        reply->abort();
    }
    delete m_network;
}

void HealthMonitor::start()
{
    m_sweepTimer->start(kSweepIntervalMs);
    m_httpTimer->start(50);
    sweep();
}

void HealthMonitor::checkSoon(const QString &id)
{
    auto &state = m_http[id];
    state.nextDueMs = 0;
    QTimer::singleShot(0, this, &HealthMonitor::runDueHttpChecks);
}

void HealthMonitor::forget(const QString &id)
{
    m_http.remove(id);
}

void HealthMonitor::sweep()
{
    const auto now = QDateTime::currentMSecsSinceEpoch();
    QHash<QString, HttpCheckState> http;
    // First find what has to change without copying anything (10 000 instances, four times a second), then
    // change it: the store may not be modified while it is being visited.
    QList<RegistryInstance> expired;
    QStringList removals;
    m_store.forEachInstance([&](const RegistryInstance &instance) {
        if (instance.remote)
            return; // the registry that owns it checks it and publishes the result
        const auto &check = instance.check;
        if (check.kind == HealthCheck::Kind::Http)
            http.insert(instance.id, m_http.value(instance.id));
        else if (instance.state != HealthState::Critical && now - instance.lastHeartbeatMs > check.ttlMs)
            expired.append(instance);
        if (instance.state == HealthState::Critical && check.deregisterCriticalAfterMs > 0
            && instance.criticalSinceMs > 0 && now - instance.criticalSinceMs >= check.deregisterCriticalAfterMs)
            removals.append(instance.id);
    });
    for (auto instance : expired) {
        Logging::get("registry")
            ->info("{} missed its TTL of {} ms: critical", instance.id.toStdString(), instance.check.ttlMs);
        instance.output = QStringLiteral("TTL expired: no heartbeat for %1 ms").arg(now - instance.lastHeartbeatMs);
        instance.state = HealthState::Critical;
        instance.criticalSinceMs = now;
        m_store.putInstance(instance);
    }
    for (const auto &id : removals) {
        Logging::get("registry")->info("{} stayed critical past its deregister-after time: removed", id.toStdString());
        m_store.removeInstance(id);
        http.remove(id);
    }
    // Keeps the in-flight flags of checks still running; drops state of instances that are gone.
    m_http.swap(http);
}

void HealthMonitor::runDueHttpChecks()
{
    const auto now = QDateTime::currentMSecsSinceEpoch();
    QStringList due;
    for (auto it = m_http.begin(); it != m_http.end(); ++it) {
        if (!it->inFlight && it->nextDueMs <= now)
            due.append(it.key());
    }
    for (const auto &id : due)
        runHttpCheck(id);
}

void HealthMonitor::runHttpCheck(const QString &id)
{
    const auto instance = m_store.instance(id);
    if (!instance || instance->check.kind != HealthCheck::Kind::Http) {
        m_http.remove(id);
        return;
    }
    auto &state = m_http[id];
    state.inFlight = true;
    state.nextDueMs = QDateTime::currentMSecsSinceEpoch() + instance->check.intervalMs;
    QNetworkRequest request { QUrl(instance->check.httpUrl) };
    request.setTransferTimeout(int(instance->check.timeoutMs));
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::ManualRedirectPolicy);
    QNetworkReply *reply = m_network->get(request);
    const auto url = instance->check.httpUrl;
    connect(reply, &QNetworkReply::finished, this, [this, reply, id, url] {
        reply->deleteLater();
        const auto status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        const auto output = status > 0 ? QStringLiteral("HTTP GET %1: %2").arg(url).arg(status)
                                       : QStringLiteral("HTTP GET %1: %2").arg(url, reply->errorString());
        recordResult(id, status, output);
    });
}

void HealthMonitor::recordResult(const QString &id, int status, const QString &output)
{
    const auto it = m_http.find(id);
    if (it == m_http.end())
        return; // deregistered while the check ran
    it->inFlight = false;
    auto instance = m_store.instance(id);
    if (!instance)
        return;
    const auto now = QDateTime::currentMSecsSinceEpoch();
    // Consul's rule: 2xx is passing, 429 is warning, anything else (or no answer) is critical.
    HealthState target = HealthState::Critical;
    if (status >= 200 && status < 300)
        target = HealthState::Passing;
    else if (status == 429)
        target = HealthState::Warning;
    if (target == HealthState::Critical) {
        ++it->failures;
        it->successes = 0;
        if (it->failures < instance->check.failuresBeforeCritical && instance->state != HealthState::Critical)
            return; // anti-flap: not enough consecutive failures yet
    } else {
        ++it->successes;
        it->failures = 0;
        if (it->successes < instance->check.successesBeforePassing && instance->state == HealthState::Critical)
            return; // anti-flap: not enough consecutive successes yet
    }
    m_store.renewLease(id, now);
    if (instance->state == target)
        return;
    Logging::get("registry")
        ->info("{}: {} → {} ({})", id.toStdString(), healthStateName(instance->state).toStdString(),
            healthStateName(target).toStdString(), output.toStdString());
    instance->state = target;
    instance->output = output;
    instance->criticalSinceMs = target == HealthState::Critical ? now : 0;
    m_store.putInstance(*instance);
}
