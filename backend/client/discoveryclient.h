#pragma once

#include "instancesource.h"

#include <QElapsedTimer>
#include <QHash>
#include <QUrl>

class QNetworkAccessManager;
class QNetworkReply;

// An InstanceSource fed by the registry: for every watched service it keeps one blocking query on
// /v1/health/service/{name}?passing open, so a change reaches clients as soon as the registry sees it.
// By default only passing, undrained instances are reported, with the weights, tags and metadata they
// registered. With setIncludeOutOfService(true) (the console's monitor) every registered instance is reported,
// with its registryState (passing, warning, critical, drained, maintenance) and healthy only when passing and
// in service, so load balancing still skips the others while the console can show what each one is.
// When the registry is down it keeps the last known instances and retries with backoff. A registry that
// comes back (or resets its index) without state answers "nobody" until the agents have registered again;
// for a settling period after such a gap an empty answer does not replace a list that had instances, so an
// outage never leaves clients with nothing to call. Lives on the thread of the client that owns it.
class DiscoveryClient : public InstanceSource
{
    Q_OBJECT
public:
    explicit DiscoveryClient(QUrl registry, QObject *parent = nullptr);
    ~DiscoveryClient() override;

    // Starts watching a service (idempotent). instances() is empty until the first answer arrives.
    void watch(const QString &service);
    // Follows the registry's list of services (/v1/catalog/services, a blocking query): every service that
    // appears is watched from then on, and servicesChanged reports the list. This is how the console monitors
    // whatever registers, in any language, instead of a list in code.
    void watchAllServices();
    // The registry's services at its last answer (watchAllServices), sorted; the last known list while the
    // registry is unreachable.
    QStringList services() const { return m_catalog.services; }
    QList<ServiceInstance> instances(const QString &service) const override;
    // True when the last query for the service got an answer (false while the registry is unreachable).
    bool isFresh(const QString &service) const;

    void setWaitSeconds(int seconds) { m_waitSeconds = seconds; }
    // Before the first watch(): list failing and out-of-service instances too (healthy = false).
    void setIncludeOutOfService(bool include) { m_includeOutOfService = include; }
    // How long after a registry gap an empty answer is distrusted; agents re-register within a TTL/3.
    void setSettleMs(int ms) { m_settleMs = ms; }

Q_SIGNALS:
    void registryError(const QString &service, const QString &reason);
    void servicesChanged(const QStringList &services);

private:
    struct Watch
    {
        QList<ServiceInstance> instances;
        quint64 index = 0;
        QNetworkReply *reply = nullptr;
        int failures = 0;
        bool fresh = false;
        bool recovering = false; // the registry failed or reset since the last answer
        qint64 settleUntilMs = 0;
        QList<ServiceInstance> reported; // the registry's last answer, which instances may lag while settling
    };

    void query(const QString &service);
    void handleReply(const QString &service, QNetworkReply *reply);
    void retryLater(const QString &service);
    void adopt(const QString &service, const QList<ServiceInstance> &instances);
    void queryCatalog();
    void handleCatalogReply(QNetworkReply *reply);

    QUrl m_registry;
    QNetworkAccessManager *m_network = nullptr;
    QHash<QString, Watch> m_watches;
    struct CatalogWatch
    {
        bool active = false;
        quint64 index = 0;
        QNetworkReply *reply = nullptr;
        int failures = 0;
        QStringList services;
    } m_catalog;
    int m_waitSeconds = 30;
    bool m_includeOutOfService = false;
    int m_settleMs = 5000;
    QElapsedTimer m_clock;
};
