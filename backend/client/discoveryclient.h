#pragma once

#include "instancesource.h"

#include <QElapsedTimer>
#include <QHash>
#include <QUrl>

class QNetworkAccessManager;
class QNetworkReply;

// An InstanceSource fed by the registry: for every watched service it keeps one blocking query on
// /v1/health/service/{name}?passing open, so a change reaches clients as soon as the registry sees it.
// Only passing, undrained instances are reported, with the weights, tags and metadata they registered.
// When the registry is down it keeps the last known instances and retries with backoff. A registry that
// comes back (or resets its index) without state answers "nobody" until the agents have registered again;
// for a settling period after such a gap an empty answer does not replace a list that had instances, so an
// outage never leaves clients with nothing to call. Lives on the thread of the client that owns it.
//
// With Listing::Registered it reports every instance the registry lists that is expected to answer: failing
// ones too (ServiceInstance::healthy says which pass), drained ones (maintenance) not. That is what the alert
// engine needs to tell a dead instance, still registered, from one deregistered or drained on purpose.
class DiscoveryClient : public InstanceSource
{
    Q_OBJECT
public:
    enum class Listing { Passing, Registered };

    explicit DiscoveryClient(QUrl registry, QObject *parent = nullptr);
    DiscoveryClient(QUrl registry, Listing listing, QObject *parent = nullptr);
    ~DiscoveryClient() override;

    // Starts watching a service (idempotent). instances() is empty until the first answer arrives.
    void watch(const QString &service);
    QList<ServiceInstance> instances(const QString &service) const override;
    // True when the last query for the service got an answer (false while the registry is unreachable).
    bool isFresh(const QString &service) const;

    void setWaitSeconds(int seconds) { m_waitSeconds = seconds; }
    // How long after a registry gap an empty answer is distrusted; agents re-register within a TTL/3.
    void setSettleMs(int ms) { m_settleMs = ms; }

Q_SIGNALS:
    void registryError(const QString &service, const QString &reason);

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

    QUrl m_registry;
    Listing m_listing = Listing::Passing;
    QNetworkAccessManager *m_network = nullptr;
    QHash<QString, Watch> m_watches;
    int m_waitSeconds = 30;
    int m_settleMs = 5000;
    QElapsedTimer m_clock;
};
