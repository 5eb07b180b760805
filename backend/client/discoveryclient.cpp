#include "discoveryclient.h"

#include "core/logging.h"

#include <algorithm>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QTimer>
#include <QUrlQuery>
#include <spdlog/spdlog.h>

namespace {

// The registry's word on an instance from the checks of its health entry: Consul shows maintenance mode as a
// check "_service_maintenance:<id>" (the Flightdeck registry notes "drained" on it); otherwise the worst check.
QString registryStateOf(const QJsonArray &checks)
{
    int worst = 0;
    for (const auto &value : checks) {
        const auto check = value.toObject();
        if (check.value(QStringLiteral("CheckID")).toString().startsWith(QLatin1String("_service_maintenance")))
            return check.value(QStringLiteral("Notes")).toString() == QLatin1String("drained")
                ? QStringLiteral("drained")
                : QStringLiteral("maintenance");
        const auto status = check.value(QStringLiteral("Status")).toString();
        worst = std::max(worst, status == QLatin1String("critical") ? 2 : status == QLatin1String("warning") ? 1 : 0);
    }
    return worst == 2 ? QStringLiteral("critical") : worst == 1 ? QStringLiteral("warning") : QStringLiteral("passing");
}

// One entry of /v1/health/service/{name}: the instance as it registered itself.
ServiceInstance instanceFrom(const QJsonObject &entry)
{
    const auto svc = entry.value(QStringLiteral("Service")).toObject();
    ServiceInstance instance;
    instance.id = svc.value(QStringLiteral("ID")).toString();
    instance.service = svc.value(QStringLiteral("Service")).toString();
    instance.address = svc.value(QStringLiteral("Address")).toString();
    if (instance.address.isEmpty())
        instance.address = entry.value(QStringLiteral("Node")).toObject().value(QStringLiteral("Address")).toString();
    instance.port = quint16(svc.value(QStringLiteral("Port")).toInt());
    instance.weight
        = std::max(1, svc.value(QStringLiteral("Weights")).toObject().value(QStringLiteral("Passing")).toInt(1));
    // With ?passing the registry already left out failing and drained instances; without, the checks tell.
    instance.registryState = registryStateOf(entry.value(QStringLiteral("Checks")).toArray());
    instance.healthy = instance.registryState == QLatin1String("passing");
    const QJsonArray tagsJson = svc.value(QStringLiteral("Tags")).toArray();
    for (const auto &tag : tagsJson)
        instance.tags.append(tag.toString());
    const auto meta = svc.value(QStringLiteral("Meta")).toObject();
    for (auto m = meta.constBegin(); m != meta.constEnd(); ++m)
        instance.meta.insert(m.key(), m.value().toString());
    return instance;
}

} // namespace

DiscoveryClient::DiscoveryClient(QUrl registry, QObject *parent)
    : InstanceSource(parent)
    , m_registry(std::move(registry))
    , m_network(new QNetworkAccessManager(this))
{
    m_clock.start();
}

DiscoveryClient::~DiscoveryClient()
{
    if (m_catalog.reply) {
        m_catalog.reply->disconnect(this);
        m_catalog.reply->abort();
        delete m_catalog.reply;
    }
    for (auto &watch : m_watches) {
        if (watch.reply) {
            watch.reply->disconnect(this);
            watch.reply->abort();
            delete watch.reply;
        }
    }
}

void DiscoveryClient::watch(const QString &service)
{
    if (m_watches.contains(service))
        return;
    m_watches.insert(service, Watch {});
    query(service);
}

void DiscoveryClient::watchAllServices()
{
    if (m_catalog.active)
        return;
    m_catalog.active = true;
    queryCatalog();
}

void DiscoveryClient::queryCatalog()
{
    if (m_catalog.reply)
        return;
    QUrl url = m_registry;
    url.setPath(QStringLiteral("/v1/catalog/services"));
    if (m_catalog.index > 0) {
        QUrlQuery query;
        query.addQueryItem(QStringLiteral("index"), QString::number(m_catalog.index));
        query.addQueryItem(QStringLiteral("wait"), QStringLiteral("%1s").arg(m_waitSeconds));
        url.setQuery(query);
    }
    QNetworkRequest request(url);
    request.setTransferTimeout((m_waitSeconds + 5) * 1000);
    m_catalog.reply = m_network->get(request);
    connect(m_catalog.reply, &QNetworkReply::finished, this,
        [this, reply = m_catalog.reply] { handleCatalogReply(reply); });
}

void DiscoveryClient::handleCatalogReply(QNetworkReply *reply)
{
    reply->deleteLater();
    m_catalog.reply = nullptr;
    const auto status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    const auto document = QJsonDocument::fromJson(reply->readAll());
    if (status != 200 || !document.isObject()) {
        Q_EMIT registryError(QString(), status ? QStringLiteral("HTTP %1").arg(status) : reply->errorString());
        // Same backoff as a service watch; the last known list stays.
        const int delay = std::min(5000, 250 << std::min(m_catalog.failures, 5));
        ++m_catalog.failures;
        m_catalog.index = 0;
        QTimer::singleShot(delay, this, [this] { queryCatalog(); });
        return;
    }
    m_catalog.failures = 0;
    const quint64 index = reply->rawHeader("X-Consul-Index").toULongLong();
    m_catalog.index = index < m_catalog.index ? 0 : index; // went backwards: the registry was reset
    auto services = document.object().keys();
    std::sort(services.begin(), services.end());
    queryCatalog();
    for (const auto &service : std::as_const(services))
        watch(service);
    if (services != m_catalog.services) {
        m_catalog.services = services;
        Q_EMIT servicesChanged(services);
    }
}

QList<ServiceInstance> DiscoveryClient::instances(const QString &service) const
{
    return m_watches.value(service).instances;
}

bool DiscoveryClient::isFresh(const QString &service) const
{
    return m_watches.value(service).fresh;
}

void DiscoveryClient::query(const QString &service)
{
    auto it = m_watches.find(service);
    if (it == m_watches.end() || it->reply)
        return;
    QUrl url = m_registry;
    url.setPath(QStringLiteral("/v1/health/service/") + service);
    QUrlQuery query;
    if (!m_includeOutOfService)
        query.addQueryItem(QStringLiteral("passing"), QString());
    if (it->index > 0) {
        query.addQueryItem(QStringLiteral("index"), QString::number(it->index));
        query.addQueryItem(QStringLiteral("wait"), QStringLiteral("%1s").arg(m_waitSeconds));
    }
    url.setQuery(query);
    QNetworkRequest request(url);
    // The registry answers by the end of the wait; anything much later means it is gone.
    request.setTransferTimeout((m_waitSeconds + 5) * 1000);
    it->reply = m_network->get(request);
    connect(
        it->reply, &QNetworkReply::finished, this, [this, service, reply = it->reply] { handleReply(service, reply); });
}

void DiscoveryClient::handleReply(const QString &service, QNetworkReply *reply)
{
    reply->deleteLater();
    auto it = m_watches.find(service);
    if (it == m_watches.end())
        return;
    it->reply = nullptr;
    const auto status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    QJsonParseError parseError;
    const auto document = QJsonDocument::fromJson(reply->readAll(), &parseError);
    if (status != 200 || !document.isArray()) {
        it->fresh = false;
        const auto reason = status ? QStringLiteral("HTTP %1").arg(status) : reply->errorString();
        Q_EMIT registryError(service, reason);
        retryLater(service);
        return;
    }
    it->failures = 0;
    it->fresh = true;
    const quint64 index = reply->rawHeader("X-Consul-Index").toULongLong();
    // Consul's rule: an index that went backwards (the registry was reset) restarts from scratch.
    if (index < it->index) {
        it->recovering = true;
        it->index = 0;
    } else {
        it->index = index;
    }
    if (it->recovering) {
        it->recovering = false;
        it->settleUntilMs = m_clock.elapsed() + m_settleMs;
    }
    QList<ServiceInstance> instances;
    const QJsonArray entriesJson = document.array();
    for (const auto &value : entriesJson)
        instances.append(instanceFrom(value.toObject()));
    std::sort(instances.begin(), instances.end(), [](const auto &a, const auto &b) { return a.id < b.id; });
    it->reported = instances;
    const qint64 settleLeftMs = it->settleUntilMs - m_clock.elapsed();
    const bool keepLastKnown = settleLeftMs > 0 && instances.isEmpty() && !it->instances.isEmpty();
    query(service);
    if (keepLastKnown) {
        // Take the registry's word once the agents have had their chance to register again.
        QTimer::singleShot(settleLeftMs, this, [this, service, until = it->settleUntilMs] {
            const auto watch = m_watches.constFind(service);
            if (watch != m_watches.constEnd() && watch->settleUntilMs == until)
                adopt(service, watch->reported);
        });
        return;
    }
    adopt(service, instances);
}

void DiscoveryClient::adopt(const QString &service, const QList<ServiceInstance> &instances)
{
    auto it = m_watches.find(service);
    if (it == m_watches.end() || it->instances == instances)
        return;
    it->instances = instances;
    Q_EMIT InstanceSource::changed(service);
}

void DiscoveryClient::retryLater(const QString &service)
{
    auto it = m_watches.find(service);
    if (it == m_watches.end())
        return;
    // Back off 250 ms, 500 ms, 1 s ... up to 5 s; the last known instances stay in place meanwhile.
    const int delay = std::min(5000, 250 << std::min(it->failures, 5));
    ++it->failures;
    it->index = 0;
    it->recovering = true;
    QTimer::singleShot(delay, this, [this, service] { query(service); });
}
