#include "healthmonitor.h"

#include "core/logging.h"
#include "registrystore.h"

#include <QDateTime>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSslConfiguration>
#include <QTcpSocket>
#include <QTimer>
#include <QUrl>
#include <spdlog/spdlog.h>

HealthMonitor::HealthMonitor(RegistryStore &store, QObject *parent)
    : QObject(parent)
    , m_store(store)
    , m_network(new QNetworkAccessManager(this))
    , m_sweepTimer(new QTimer(this))
    , m_checkTimer(new QTimer(this))
{
    connect(m_sweepTimer, &QTimer::timeout, this, &HealthMonitor::sweep);
    connect(m_checkTimer, &QTimer::timeout, this, &HealthMonitor::runDueChecks);
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
    const auto sockets = findChildren<QTcpSocket *>();
    for (auto *socket : sockets)
        socket->disconnect(this);
}

void HealthMonitor::start()
{
    m_sweepTimer->start(kSweepIntervalMs);
    m_checkTimer->start(50);
    sweep();
}

void HealthMonitor::checkSoon(const QString &id)
{
    auto &state = m_active[id];
    state.nextDueMs = 0;
    QTimer::singleShot(0, this, &HealthMonitor::runDueChecks);
}

void HealthMonitor::forget(const QString &id)
{
    m_active.remove(id);
}

void HealthMonitor::sweep()
{
    const auto now = QDateTime::currentMSecsSinceEpoch();
    QHash<QString, ActiveCheckState> active;
    // First find what has to change without copying anything (10 000 instances, four times a second), then
    // change it: the store may not be modified while it is being visited.
    QList<RegistryInstance> expired;
    QStringList removals;
    m_store.forEachInstance([&](const RegistryInstance &instance) {
        if (instance.remote || instance.external)
            return; // the registry that owns it checks it, or (catalog registrations) nobody does
        const auto &check = instance.check;
        if (check.isActive())
            active.insert(instance.id, m_active.value(instance.id));
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
        active.remove(id);
    }
    // Keeps the in-flight flags of checks still running; drops state of instances that are gone.
    m_active.swap(active);
}

void HealthMonitor::runDueChecks()
{
    const auto now = QDateTime::currentMSecsSinceEpoch();
    QStringList due;
    for (auto it = m_active.begin(); it != m_active.end(); ++it) {
        if (!it->inFlight && it->nextDueMs <= now)
            due.append(it.key());
    }
    for (const auto &id : due)
        runCheck(id);
}

void HealthMonitor::runCheck(const QString &id)
{
    const auto instance = m_store.instance(id);
    if (!instance || !instance->check.isActive()) {
        m_active.remove(id);
        return;
    }
    auto &state = m_active[id];
    state.inFlight = true;
    state.nextDueMs = QDateTime::currentMSecsSinceEpoch() + instance->check.intervalMs;
    if (instance->check.kind == HealthCheck::Kind::Http)
        runHttpCheck(id, instance->check);
    else
        runTcpCheck(id, instance->check);
}

void HealthMonitor::runHttpCheck(const QString &id, const HealthCheck &check)
{
    QNetworkRequest request { QUrl(check.httpUrl) };
    request.setTransferTimeout(int(check.timeoutMs));
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::ManualRedirectPolicy);
    for (auto it = check.httpHeaders.cbegin(); it != check.httpHeaders.cend(); ++it)
        request.setRawHeader(it.key().toUtf8(), it->join(QStringLiteral(", ")).toUtf8());
    if (check.tlsSkipVerify && request.url().scheme() == QLatin1String("https")) {
        auto tls = request.sslConfiguration();
        tls.setPeerVerifyMode(QSslSocket::VerifyNone);
        request.setSslConfiguration(tls);
    }
    QNetworkReply *reply = m_network->sendCustomRequest(request, check.httpMethod.toLatin1());
    const auto what = QStringLiteral("HTTP %1 %2").arg(check.httpMethod, check.httpUrl);
    connect(reply, &QNetworkReply::finished, this, [this, reply, id, what] {
        reply->deleteLater();
        const auto status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        // Consul's rule: 2xx is passing, 429 is warning, anything else (or no answer) is critical.
        HealthState result = HealthState::Critical;
        if (status >= 200 && status < 300)
            result = HealthState::Passing;
        else if (status == 429)
            result = HealthState::Warning;
        recordResult(id, result,
            status > 0 ? QStringLiteral("%1: %2").arg(what).arg(status)
                       : QStringLiteral("%1: %2").arg(what, reply->errorString()));
    });
}

void HealthMonitor::runTcpCheck(const QString &id, const HealthCheck &check)
{
    const QUrl target(QStringLiteral("tcp://") + check.tcpAddress);
    auto *socket = new QTcpSocket(this);
    auto *deadline = new QTimer(socket);
    deadline->setSingleShot(true);
    const auto what = QStringLiteral("TCP connect %1").arg(check.tcpAddress);
    // One outcome per attempt: whichever of connected, error or the deadline comes first.
    auto finish = [this, socket, id, what](HealthState result, const QString &detail) {
        socket->disconnect(this);
        socket->abort();
        socket->deleteLater();
        recordResult(id, result, QStringLiteral("%1: %2").arg(what, detail));
    };
    connect(
        socket, &QTcpSocket::connected, this, [finish] { finish(HealthState::Passing, QStringLiteral("Success")); });
    connect(socket, &QTcpSocket::errorOccurred, this,
        [finish, socket](QAbstractSocket::SocketError) { finish(HealthState::Critical, socket->errorString()); });
    connect(deadline, &QTimer::timeout, this, [finish, timeoutMs = check.timeoutMs] {
        finish(HealthState::Critical, QStringLiteral("no connection within %1 ms").arg(timeoutMs));
    });
    deadline->start(int(check.timeoutMs));
    socket->connectToHost(target.host(), quint16(target.port()));
}

void HealthMonitor::recordResult(const QString &id, HealthState target, const QString &output)
{
    const auto it = m_active.find(id);
    if (it == m_active.end())
        return; // deregistered while the check ran
    it->inFlight = false;
    auto instance = m_store.instance(id);
    if (!instance)
        return;
    const auto now = QDateTime::currentMSecsSinceEpoch();
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
