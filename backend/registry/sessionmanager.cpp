#include "sessionmanager.h"

#include "consuljson.h"
#include "core/logging.h"
#include "registrystore.h"

#include <QDateTime>
#include <QTimer>
#include <QUuid>
#include <spdlog/spdlog.h>

namespace {

constexpr auto kSerfHealth = "serfHealth";

struct CheckState
{
    HealthState state = HealthState::Passing;
    QString node;
};

// Every check the registry knows, by (node, CheckID). The registry's own node has no Serf gossip to fail,
// so its "serfHealth" (the default check of every session) is always passing: the registry answering is
// the node being alive, as /v1/health/node shows. Catalog-registered nodes have no agent and so no
// serfHealth, exactly as in Consul, where a session on such a node must name its checks.
QHash<QString, CheckState> knownChecks(const RegistryStore &store)
{
    QHash<QString, CheckState> checks;
    checks.insert(QLatin1String(ConsulJson::kNodeName) + QLatin1Char('/') + QLatin1String(kSerfHealth),
        { HealthState::Passing, QLatin1String(ConsulJson::kNodeName) });
    store.forEachInstance([&](const RegistryInstance &instance) {
        if (instance.hasCheck())
            checks.insert(
                instance.nodeName() + QLatin1Char('/') + instance.checkId(), { instance.state, instance.nodeName() });
    });
    return checks;
}

bool nodeExists(const RegistryStore &store, const QString &node)
{
    if (node == QLatin1String(ConsulJson::kNodeName))
        return true;
    bool found = false;
    store.forEachInstance([&](const RegistryInstance &instance) { found = found || instance.node == node; });
    return found;
}

} // namespace

SessionManager::SessionManager(RegistryStore &store, SessionOptions options, QObject *parent)
    : QObject(parent)
    , m_store(store)
    , m_options(options)
    , m_ttlTimer(new QTimer(this))
{
    connect(m_ttlTimer, &QTimer::timeout, this, &SessionManager::expireTtls);
    // Any change may be a check turning critical or going away; the sweep runs once per burst of changes.
    connect(&m_store, &RegistryStore::changed, this, &SessionManager::scheduleHealthSweep);
}

SessionManager::~SessionManager() = default;

void SessionManager::start()
{
    const auto now = QDateTime::currentMSecsSinceEpoch();
    for (const auto &session : m_store.sessions()) {
        if (session.ttlMs > 0)
            m_deadlines.insert(session.id, now + session.ttlMs * m_options.ttlMultiplier);
    }
    if (m_options.releaseOrphanLocks) {
        for (const auto &entry : m_store.kvList(QString())) {
            if (!entry.session.isEmpty() && !m_store.session(entry.session))
                m_store.kvUnlock(entry.key, entry.session);
        }
    }
    m_ttlTimer->start(kTtlSweepMs);
    // Checks may have changed while the registry was down (or be gone after a restart).
    scheduleHealthSweep();
}

bool SessionManager::create(RegistrySession *session, Failure *failure)
{
    if (session->node.isEmpty())
        session->node = QLatin1String(ConsulJson::kNodeName);
    // Consul answers these with 500: they are conflicts with the catalog, found on the server.
    if (!nodeExists(m_store, session->node)) {
        *failure = { 500, QStringLiteral("Missing node registration") };
        return false;
    }
    const auto checks = knownChecks(m_store);
    for (const auto &id : session->checks()) {
        const auto it = checks.constFind(session->node + QLatin1Char('/') + id);
        if (it == checks.cend()) {
            *failure = { 500, QStringLiteral("Missing check '%1' registration").arg(id) };
            return false;
        }
        if (it->state == HealthState::Critical) {
            *failure = { 500, QStringLiteral("Check '%1' is in critical state").arg(id) };
            return false;
        }
    }
    session->id = QUuid::createUuid().toString(QUuid::WithoutBraces);
    m_store.putSession(*session);
    if (session->ttlMs > 0)
        m_deadlines.insert(session->id, QDateTime::currentMSecsSinceEpoch() + session->ttlMs * m_options.ttlMultiplier);
    Logging::get("registry")
        ->info("session {} created on {} ({} check(s), ttl {} ms)", session->id.toStdString(),
            session->node.toStdString(), session->checks().size(), session->ttlMs);
    return true;
}

bool SessionManager::destroy(const QString &id)
{
    const auto session = m_store.session(id);
    if (!session)
        return false;
    invalidate(*session, "destroyed");
    return true;
}

std::optional<RegistrySession> SessionManager::renew(const QString &id)
{
    auto session = m_store.session(id);
    if (session && session->ttlMs > 0)
        m_deadlines.insert(id, QDateTime::currentMSecsSinceEpoch() + session->ttlMs * m_options.ttlMultiplier);
    return session;
}

qint64 SessionManager::lockDelayRemainingMs(const QString &key) const
{
    const auto it = m_lockDelays.constFind(key);
    if (it == m_lockDelays.cend())
        return 0;
    return std::max<qint64>(0, *it - QDateTime::currentMSecsSinceEpoch());
}

void SessionManager::invalidate(const RegistrySession &session, const char *reason)
{
    const auto now = QDateTime::currentMSecsSinceEpoch();
    // Lost locks refuse a new holder for the lock-delay: the old holder may not yet know it lost the lock.
    // Lapsed delays are dropped here, so the table holds at most the keys of recent invalidations.
    m_lockDelays.removeIf([now](QHash<QString, qint64>::iterator it) { return it.value() <= now; });
    const auto keys = m_store.kvHeldBy(session.id);
    for (const auto &key : keys) {
        if (session.behavior == RegistrySession::Behavior::Delete)
            m_store.kvDelete(key, false);
        else
            m_store.kvUnlock(key, session.id);
        if (session.lockDelayMs > 0)
            m_lockDelays.insert(key, std::max(m_lockDelays.value(key), now + session.lockDelayMs));
    }
    m_store.removeSession(session.id);
    m_deadlines.remove(session.id);
    Logging::get("registry")
        ->info("session {} invalidated ({}): {} lock(s) {}", session.id.toStdString(), reason, keys.size(),
            session.behavior == RegistrySession::Behavior::Delete ? "deleted" : "released");
}

void SessionManager::scheduleHealthSweep()
{
    if (m_sweepScheduled)
        return;
    m_sweepScheduled = true;
    QTimer::singleShot(0, this, [this] {
        m_sweepScheduled = false;
        healthSweep();
    });
}

void SessionManager::healthSweep()
{
    const auto sessions = m_store.sessions();
    if (sessions.isEmpty())
        return;
    // Sessions that only name the registry's own serfHealth (the default) cannot fail a check: skip the walk
    // over every instance for them, the common case.
    const auto serf = QStringList { QLatin1String(kSerfHealth) };
    const bool local = std::all_of(sessions.cbegin(), sessions.cend(), [&](const auto &session) {
        return session.node == QLatin1String(ConsulJson::kNodeName)
            && (session.checks().isEmpty() || session.checks() == serf);
    });
    if (local)
        return;
    const auto checks = knownChecks(m_store);
    for (const auto &session : sessions) {
        if (!nodeExists(m_store, session.node)) {
            invalidate(session, "node deregistered");
            continue;
        }
        for (const auto &id : session.checks()) {
            const auto it = checks.constFind(session.node + QLatin1Char('/') + id);
            if (it == checks.cend() || it->state == HealthState::Critical) {
                invalidate(session, it == checks.cend() ? "check deregistered" : "check critical");
                break;
            }
        }
    }
}

void SessionManager::expireTtls()
{
    if (m_deadlines.isEmpty())
        return;
    const auto now = QDateTime::currentMSecsSinceEpoch();
    QStringList expired;
    for (auto it = m_deadlines.cbegin(); it != m_deadlines.cend(); ++it) {
        if (it.value() <= now)
            expired.append(it.key());
    }
    for (const auto &id : expired) {
        m_deadlines.remove(id);
        if (const auto session = m_store.session(id))
            invalidate(*session, "TTL expired");
    }
}
