#pragma once

#include <QHash>
#include <QObject>

struct HealthCheck;
enum class HealthState;
class QNetworkAccessManager;
class QTimer;
class RegistryStore;

// Decides instance health on the registry thread: expires TTL leases (passing → critical), runs the active
// checks (HTTP requests, TCP connects) with Consul's anti-flap counting, and removes instances that stayed
// critical longer than their deregister-after time. Changes go through the store, so blocking queries see them.
class HealthMonitor : public QObject
{
    Q_OBJECT
public:
    explicit HealthMonitor(RegistryStore &store, QObject *parent = nullptr);
    ~HealthMonitor() override;

    void start();
    // Runs an instance's active check soon (after a registration), instead of after a full interval.
    void checkSoon(const QString &id);
    // Forgets check state of a removed or re-registered instance.
    void forget(const QString &id);

    static constexpr int kSweepIntervalMs = 250;

private:
    struct ActiveCheckState
    {
        qint64 nextDueMs = 0;
        int failures = 0;
        int successes = 0;
        bool inFlight = false;
    };

    void sweep();
    void runDueChecks();
    void runCheck(const QString &id);
    void runHttpCheck(const QString &id, const HealthCheck &check);
    void runTcpCheck(const QString &id, const HealthCheck &check);
    void recordResult(const QString &id, HealthState result, const QString &output);

    RegistryStore &m_store;
    QNetworkAccessManager *m_network = nullptr;
    QTimer *m_sweepTimer = nullptr;
    QTimer *m_checkTimer = nullptr;
    QHash<QString, ActiveCheckState> m_active;
};
