#pragma once

#include "servicehost.h"

#include <QList>
#include <QObject>

// The embedded fleet: every service instance the app runs, started in order and stopped in reverse.
class Fleet : public QObject
{
    Q_OBJECT
public:
    explicit Fleet(QObject *parent = nullptr);
    ~Fleet() override;

    // Adds an instance; the fleet owns it. Not started until start() or startAll().
    ServiceHost *add(const ServiceHostConfig &config, ServiceFactory factory);

    // Starts every instance not running yet; stops at the first failure and reports it.
    bool startAll(QString *error = nullptr);
    void stopAll();

    QList<ServiceHost *> hosts() const { return m_hosts; }
    QList<ServiceHost *> hostsOf(const QString &serviceName) const;
    ServiceHost *host(const QString &instanceId) const;
    int runningCount() const;

Q_SIGNALS:
    void instanceStarted(const QString &instanceId, quint16 port);
    void instanceStopped(const QString &instanceId);

private:
    QList<ServiceHost *> m_hosts;
};

class Scraper;
// Scrapes every instance the fleet has started (also the killed ones, which then show as down), following
// starts and stops, for a fleet watched without a registry (a registry's InstanceSource replaces this).
void scrapeFleet(Scraper &scraper, Fleet &fleet);
