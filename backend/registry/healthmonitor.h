#pragma once

#include <QHash>
#include <QObject>

class QNetworkAccessManager;
class QTimer;
class RegistryStore;

// Decides instance health on the registry thread: expires TTL leases (passing → critical), runs active
// HTTP checks with anti-flap counting, and removes instances that stayed critical longer than their
// deregister-after time. Changes go through the store, so blocking queries see them.
class HealthMonitor : public QObject
{
    Q_OBJECT
public:
    explicit HealthMonitor(RegistryStore &store, QObject *parent = nullptr);
    ~HealthMonitor() override;

    void start();
    // Runs an instance's HTTP check soon (after a registration), instead of after a full interval.
    void checkSoon(const QString &id);
    // Forgets check state of a removed or re-registered instance.
    void forget(const QString &id);

    static constexpr int kSweepIntervalMs = 250;

private:
    struct HttpCheckState
    {
        qint64 nextDueMs = 0;
        int failures = 0;
        int successes = 0;
        bool inFlight = false;
    };

    void sweep();
    void runDueHttpChecks();
    void runHttpCheck(const QString &id);
    void recordResult(const QString &id, int status, const QString &output);

    RegistryStore &m_store;
    QNetworkAccessManager *m_network = nullptr;
    QTimer *m_sweepTimer = nullptr;
    QTimer *m_httpTimer = nullptr;
    QHash<QString, HttpCheckState> m_http;
};
