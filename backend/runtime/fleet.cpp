#include "fleet.h"

#include "telemetry/scraper.h"

#include <algorithm>

Fleet::Fleet(QObject *parent)
    : QObject(parent)
{ }

Fleet::~Fleet()
{
    stopAll();
}

ServiceHost *Fleet::add(const ServiceHostConfig &config, ServiceFactory factory)
{
    auto *host = new ServiceHost(config, std::move(factory), this);
    connect(host, &ServiceHost::started, this,
        [this, host](quint16 port) { Q_EMIT instanceStarted(host->instanceId(), port); });
    connect(host, &ServiceHost::stopped, this, [this, host] { Q_EMIT instanceStopped(host->instanceId()); });
    m_hosts.append(host);
    return host;
}

bool Fleet::startAll(QString *error)
{
    for (auto *host : std::as_const(m_hosts)) {
        if (!host->isRunning() && !host->start(error))
            return false;
    }
    return true;
}

void Fleet::stopAll()
{
    for (auto it = m_hosts.rbegin(); it != m_hosts.rend(); ++it)
        (*it)->stop();
}

QList<ServiceHost *> Fleet::hostsOf(const QString &serviceName) const
{
    QList<ServiceHost *> result;
    std::copy_if(m_hosts.begin(), m_hosts.end(), std::back_inserter(result),
        [&](ServiceHost *host) { return host->serviceName() == serviceName; });
    return result;
}

ServiceHost *Fleet::host(const QString &instanceId) const
{
    const auto it = std::find_if(
        m_hosts.begin(), m_hosts.end(), [&](ServiceHost *host) { return host->instanceId() == instanceId; });
    return it == m_hosts.end() ? nullptr : *it;
}

int Fleet::runningCount() const
{
    return int(std::count_if(m_hosts.begin(), m_hosts.end(), [](ServiceHost *host) { return host->isRunning(); }));
}

void scrapeFleet(Scraper &scraper, Fleet &fleet)
{
    auto refresh = [&scraper, &fleet] {
        QList<ServiceInstance> targets;
        for (const ServiceHost *host : fleet.hosts()) {
            // A stopped host forgets its port; a fixed one is still worth asking (and recording as down).
            const quint16 port = host->port() != 0 ? host->port() : host->config().port;
            if (port == 0)
                continue;
            targets.append(ServiceInstance { host->instanceId(), host->serviceName(), host->config().address.toString(),
                port, 1, host->isRunning() });
        }
        scraper.setStaticTargets(targets);
    };
    QObject::connect(&fleet, &Fleet::instanceStarted, &scraper, refresh);
    QObject::connect(&fleet, &Fleet::instanceStopped, &scraper, refresh);
    refresh();
}
