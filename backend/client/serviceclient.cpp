#include "serviceclient.h"

#include "http/callobserver.h"
#include "instancesource.h"

#include <algorithm>
#include <QNetworkAccessManager>
#include <QNetworkProxy>
#include <QNetworkReply>
#include <QTimer>
#include <utility>

struct ServiceClient::PendingCall
{
    ServiceCall call;
    QPointer<QObject> context;
    bool hasContext = false;
    Callback done;
    int attempts = 0;
    qint64 waitUntilMs = -1; // set when the call first finds no instance known
    QSet<QString> tried;
    ServiceResult last;
};

namespace {

// Errors where the request never reached an instance, so resending cannot apply it twice.
bool notDelivered(QNetworkReply::NetworkError error)
{
    switch (error) {
    case QNetworkReply::ConnectionRefusedError:
    case QNetworkReply::HostNotFoundError:
    case QNetworkReply::UnknownNetworkError:
        return true;
    default:
        return false;
    }
}

} // namespace

ServiceClient::ServiceClient(
    const QString &service, InstanceSource *source, const ServiceClientOptions &options, QObject *parent)
    : QObject(parent)
    , m_service(service)
    , m_source(source)
    , m_options(options)
    , m_manager(new QNetworkAccessManager(this))
    , m_balancer(options.strategy)
    , m_budget(options.retryRatio, options.retryReservePerSecond)
{
    // Instances are reached directly; a proxy from the environment must never sit between services.
    m_manager->setProxy(QNetworkProxy::NoProxy);
    m_clock.start();
    if (source)
        connect(source, &InstanceSource::changed, this, &ServiceClient::onInstancesChanged);
}

ServiceClient::~ServiceClient()
{
    for (auto *reply : std::as_const(m_replies)) {
        reply->disconnect(this);
        reply->abort();
        reply->deleteLater();
    }
}

ServiceClient::InstanceState &ServiceClient::stateOf(const QString &instanceId)
{
    auto it = m_instances.find(instanceId);
    if (it == m_instances.end())
        it = m_instances.insert(instanceId, InstanceState { CircuitBreaker(m_options.breaker), 0 });
    return *it;
}

CircuitBreaker::State ServiceClient::breakerState(const QString &instanceId) const
{
    const auto it = m_instances.constFind(instanceId);
    return it == m_instances.constEnd() ? CircuitBreaker::State::Closed : it->breaker.state(nowMs());
}

int ServiceClient::outstanding(const QString &instanceId) const
{
    return m_instances.value(instanceId).outstanding;
}

void ServiceClient::send(const ServiceCall &call, QObject *context, Callback done)
{
    auto pending = std::make_shared<PendingCall>();
    pending->call = call;
    if (pending->call.route.isEmpty())
        pending->call.route = call.path.section(QLatin1Char('?'), 0, 0);
    pending->context = context;
    pending->hasContext = context != nullptr;
    pending->done = std::move(done);
    m_budget.onCall();
    attempt(pending);
}

void ServiceClient::attempt(const std::shared_ptr<PendingCall> &pending)
{
    const auto all = m_source ? m_source->instances(m_service) : QList<ServiceInstance> {};
    const qint64 now = nowMs();
    // Prefer instances this call has not tried yet (failover); fall back to tried ones if nothing else is
    // left, for a single-instance service answering 503 for a moment.
    QList<ServiceInstance> usable;
    QList<LoadBalancer::Candidate> candidates;
    for (int pass = 0; pass < 2 && candidates.isEmpty(); ++pass) {
        for (const auto &instance : all) {
            if (!instance.healthy || instance.port == 0)
                continue;
            if (pass == 0 && pending->tried.contains(instance.id))
                continue;
            auto &state = stateOf(instance.id);
            if (!state.breaker.canAttempt(now))
                continue;
            usable.append(instance);
            candidates.append({ instance.id, instance.weight, state.outstanding });
        }
    }
    const bool noneKnown
        = std::none_of(all.begin(), all.end(), [](const ServiceInstance &i) { return i.healthy && i.port != 0; });
    if (noneKnown && m_source && waitForInstances(pending))
        return;
    const int index = m_balancer.pick(candidates);
    if (index < 0 || !stateOf(usable[index].id).breaker.tryAcquire(now)) {
        ServiceResult result = pending->last;
        if (result.status == 0 && result.error.isEmpty())
            result.error = all.isEmpty() ? QStringLiteral("no instance of %1 is known").arg(m_service)
                                         : QStringLiteral("no instance of %1 is available").arg(m_service);
        result.attempts = pending->attempts;
        // Deferred, so the callback never runs inside send() itself.
        QTimer::singleShot(0, this, [this, pending, result] { complete(pending, result); });
        return;
    }
    const ServiceInstance instance = usable[index];
    ++pending->attempts;
    pending->tried.insert(instance.id);
    ++stateOf(instance.id).outstanding;

    QUrl url = instance.baseUrl();
    const auto path = pending->call.path;
    // ServiceCall paths are encoded (clients escape their segments), so a % stays an escape here.
    url.setPath(path.section(QLatin1Char('?'), 0, 0), QUrl::TolerantMode);
    if (path.contains(QLatin1Char('?')))
        url.setQuery(path.section(QLatin1Char('?'), 1));
    QNetworkRequest request(url);
    request.setTransferTimeout(m_options.timeoutMs);
    request.setAttribute(QNetworkRequest::Http2AllowedAttribute, false);
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::ManualRedirectPolicy);
    if (!m_options.accessToken.isEmpty())
        request.setRawHeader("Authorization", "Bearer " + m_options.accessToken);
    if (!m_options.caller.isEmpty())
        request.setRawHeader("X-Flightdeck-Caller", m_options.caller);
    for (const auto &[name, value] : pending->call.headers)
        request.setRawHeader(name, value);
    const qint64 startedNs = m_clock.nsecsElapsed();
    QNetworkReply *reply = m_manager->sendCustomRequest(request, pending->call.method, pending->call.body);
    m_replies.insert(reply);
    connect(reply, &QNetworkReply::finished, this,
        [this, pending, reply, instance, startedNs] { onFinished(pending, reply, instance, startedNs); });
}

bool ServiceClient::waitForInstances(const std::shared_ptr<PendingCall> &pending)
{
    const qint64 now = nowMs();
    if (pending->waitUntilMs < 0)
        pending->waitUntilMs = now + m_options.instanceWaitMs;
    const qint64 left = pending->waitUntilMs - now;
    if (left <= 0)
        return false;
    m_waiting.append(pending);
    QTimer::singleShot(left, this, [this, pending] {
        // Still parked: its wait is over, so the next attempt fails with "no instance known".
        if (m_waiting.removeOne(pending))
            attempt(pending);
    });
    return true;
}

void ServiceClient::onInstancesChanged(const QString &service)
{
    if (service != m_service)
        return;
    // Forget per-instance state of instances that are gone (a drained or expired instance that comes back
    // starts with a closed breaker); keep state of any instance a call is still out on.
    const auto all = m_source ? m_source->instances(m_service) : QList<ServiceInstance> {};
    QSet<QString> present;
    for (const auto &instance : all)
        present.insert(instance.id);
    m_instances.removeIf(
        [&present](const auto &entry) { return !present.contains(entry.key()) && entry.value().outstanding == 0; });
    m_balancer.retain(present);
    // Parked calls try again; any that still find nobody park again until their own deadline.
    const auto waiting = std::exchange(m_waiting, {});
    for (const auto &pending : waiting)
        attempt(pending);
}

void ServiceClient::onFinished(const std::shared_ptr<PendingCall> &pending, QNetworkReply *reply,
    const ServiceInstance &instance, qint64 startedNs)
{
    m_replies.remove(reply);
    reply->deleteLater();
    const double seconds = double(m_clock.nsecsElapsed() - startedNs) / 1e9;

    ServiceResult result;
    result.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    result.body = reply->readAll();
    result.headers = reply->rawHeaderPairs();
    result.instanceId = instance.id;
    result.attempts = pending->attempts;
    if (result.status == 0)
        result.error = reply->errorString();

    auto &state = stateOf(instance.id);
    state.outstanding = std::max(0, state.outstanding - 1);
    const bool failed = result.status == 0 || result.status >= 500;
    if (failed)
        state.breaker.recordFailure(nowMs());
    else
        state.breaker.recordSuccess();
    if (m_observer)
        m_observer->callFinished(m_service, pending->call.route, pending->call.method, result.status, seconds);

    const bool retryable
        = result.status == 503 || (result.status == 0 && (notDelivered(reply->error()) || pending->call.idempotent));
    pending->last = result;
    if (retryable && pending->attempts < m_options.maxAttempts && m_budget.tryRetry(nowMs())) {
        // Another instance right away; the same one only after a short pause.
        const auto all = m_source ? m_source->instances(m_service) : QList<ServiceInstance> {};
        const bool freshLeft = std::any_of(all.begin(), all.end(),
            [&](const ServiceInstance &i) { return i.healthy && !pending->tried.contains(i.id); });
        QTimer::singleShot(
            freshLeft ? 0 : m_options.retryBackoffMs * pending->attempts, this, [this, pending] { attempt(pending); });
        return;
    }
    complete(pending, result);
}

void ServiceClient::complete(const std::shared_ptr<PendingCall> &pending, const ServiceResult &result)
{
    if (!pending->done || (pending->hasContext && !pending->context))
        return;
    auto done = std::move(pending->done);
    pending->done = nullptr;
    done(result);
}
