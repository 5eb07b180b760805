#pragma once

#include "circuitbreaker.h"
#include "loadbalancer.h"
#include "retrybudget.h"
#include "servicecall.h"

#include <functional>
#include <memory>
#include <QElapsedTimer>
#include <QHash>
#include <QObject>
#include <QPointer>
#include <QSet>

class CallObserver;
class InstanceSource;
class QNetworkAccessManager;
class QNetworkReply;
struct ServiceInstance;

struct ServiceClientOptions
{
    BalancingStrategy strategy = BalancingStrategy::RoundRobin;
    int maxAttempts = 3; // first try plus retries
    int timeoutMs = 5000; // per attempt
    int retryBackoffMs = 25; // only when the retry has to reuse an instance already tried
    // How long a call waits for its source to report an instance when none is known at all (a fleet still
    // starting, discovery not answered yet, a registry that came back empty); 0 fails at once.
    int instanceWaitMs = 3000;
    CircuitBreakerOptions breaker;
    double retryRatio = 0.2;
    double retryReservePerSecond = 10.0;
    // Sent as "Authorization: Bearer <token>" on every call when set: instances bound beyond loopback
    // refuse write routes without it.
    QByteArray accessToken;
    // Sent as "X-Flightdeck-Caller" so the callee's access log names the calling instance, not a port.
    QByteArray caller;
};

// Calls one service across its instances without ever blocking the calling thread: QNetworkAccessManager
// underneath, an instance chosen per attempt by the load balancer among those whose circuit breaker lets
// calls through, failover to another instance on connection failures and 503s within a retry budget.
// Every attempt is reported to the CallObserver (caller/callee telemetry). The instance list is read from
// the source on every attempt, so discovery's changes apply to the next call; a call made while no instance
// is known waits (bounded) for the source to report one. Lives on one thread.
class ServiceClient : public QObject
{
    Q_OBJECT
public:
    using Callback = std::function<void(const ServiceResult &)>;

    ServiceClient(const QString &service, InstanceSource *source, const ServiceClientOptions &options = {},
        QObject *parent = nullptr);
    ~ServiceClient() override;

    // done runs on this client's thread, unless context was destroyed meanwhile. Calls still pending when
    // the client is destroyed are dropped without a callback.
    void send(const ServiceCall &call, QObject *context, Callback done);

    void setCallObserver(CallObserver *observer) { m_observer = observer; }
    QString service() const { return m_service; }
    CircuitBreaker::State breakerState(const QString &instanceId) const;
    int outstanding(const QString &instanceId) const;
    // Calls on the wire plus calls waiting for an instance to become known.
    int pendingCalls() const { return int(m_replies.size() + m_waiting.size()); }

private:
    struct PendingCall;
    struct InstanceState
    {
        CircuitBreaker breaker;
        int outstanding = 0;
    };

    void attempt(const std::shared_ptr<PendingCall> &pending);
    // Parks a call until the source reports an instance or its wait is over; false when it is over.
    bool waitForInstances(const std::shared_ptr<PendingCall> &pending);
    void onInstancesChanged(const QString &service);
    void onFinished(const std::shared_ptr<PendingCall> &pending, QNetworkReply *reply, const ServiceInstance &instance,
        qint64 startedNs);
    void complete(const std::shared_ptr<PendingCall> &pending, const ServiceResult &result);
    InstanceState &stateOf(const QString &instanceId);
    qint64 nowMs() const { return m_clock.elapsed(); }

    QString m_service;
    QPointer<InstanceSource> m_source;
    ServiceClientOptions m_options;
    QNetworkAccessManager *m_manager;
    CallObserver *m_observer = nullptr;
    LoadBalancer m_balancer;
    RetryBudget m_budget;
    QHash<QString, InstanceState> m_instances;
    QSet<QNetworkReply *> m_replies;
    QList<std::shared_ptr<PendingCall>> m_waiting;
    QElapsedTimer m_clock;
};
