#pragma once

#include "registrytypes.h"

#include <optional>
#include <QHash>
#include <QObject>

class QTimer;
class RegistryStore;

// Consul's limits on sessions, and how strictly a TTL is kept.
struct SessionOptions
{
    qint64 minTtlMs = 10'000;
    qint64 maxTtlMs = 86'400'000;
    qint64 maxLockDelayMs = 60'000;
    // Consul invalidates a TTL session only after TTL × 2: its docs promise invalidation "after" the TTL,
    // and the slack covers a renewal in flight. Kept the same, so a client tuned against Consul (renewing
    // at TTL/2, or late) sees the same outcome here.
    int ttlMultiplier = 2;
    // At start, release locks whose session the store does not know (the session was lost with a crash
    // between writes). Off for a shared store (etcd), where such a lock may be another registry's.
    bool releaseOrphanLocks = true;
};

// Keeps the session contract on the registry thread: sessions live in the store (persisted like KV), while
// what Consul also keeps only in the leader's memory lives here: TTL deadlines (a restarted registry gives
// every session a fresh TTL, as a new Consul leader does) and lock-delays. A session is invalidated when its
// TTL runs out, one of its checks goes critical or is deregistered, or its node goes; its locks are then
// released (or its keys deleted), and each released key refuses acquisition for the session's lock-delay.
class SessionManager : public QObject
{
    Q_OBJECT
public:
    // Why a session could not be created: the HTTP status (Consul's) and its plain-text message.
    struct Failure
    {
        int status = 400;
        QString message;
    };

    SessionManager(RegistryStore &store, SessionOptions options, QObject *parent = nullptr);
    ~SessionManager() override;

    void start();
    const SessionOptions &options() const { return m_options; }

    // Stores a new session after checking its node and checks exist and none is critical; fills its ID.
    bool create(RegistrySession *session, Failure *failure);
    // Invalidates the session (locks released or keys deleted, lock-delays set). False if unknown.
    bool destroy(const QString &id);
    // Restarts a TTL session's clock. nullopt when the session is unknown.
    std::optional<RegistrySession> renew(const QString &id);
    // How long key still refuses to be acquired after a lock on it was lost (0 = not at all).
    qint64 lockDelayRemainingMs(const QString &key) const;

    static constexpr int kTtlSweepMs = 100;

private:
    void invalidate(const RegistrySession &session, const char *reason);
    void scheduleHealthSweep();
    void healthSweep();
    void expireTtls();

    RegistryStore &m_store;
    SessionOptions m_options;
    QTimer *m_ttlTimer = nullptr;
    QHash<QString, qint64> m_deadlines; // session id -> ms since epoch when it is invalidated
    QHash<QString, qint64> m_lockDelays; // key -> ms since epoch until which it cannot be acquired
    bool m_sweepScheduled = false;
};
