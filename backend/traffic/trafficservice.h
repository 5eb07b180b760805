#pragma once

#include "http/service.h"

#include <functional>
#include <memory>
#include <QElapsedTimer>
#include <QHash>
#include <QObject>
#include <QRandomGenerator>
#include <QStringList>

class CartClient;
class CatalogClient;
class InstanceSource;
class QTimer;
class ServiceClient;

struct TrafficOptions
{
    double rate = 20.0; // shopper actions per second; 0 pauses
    int shoppers = 8; // each shopper has its own cart, "shopper-N"
    int maxInFlight = 64; // actions beyond this are skipped rather than queued behind a slow fleet
    quint32 seed = 42; // shoppers behave the same on every run
    QByteArray accessToken; // for the cart writes, when the carts require one
    // Where the cart and catalog instances are found; created on the instance thread.
    std::function<std::unique_ptr<InstanceSource>()> instances;
};

// Behaves like shoppers so the console is alive on launch: browse the catalog, look at an item, add to and
// remove from their carts and check them, through the same load-balanced clients any service uses.
// GET /traffic shows the rate and counts, PUT /traffic {"rate": N} changes the rate.
class TrafficService : public QObject, public Service
{
    Q_OBJECT
public:
    explicit TrafficService(TrafficOptions options);
    ~TrafficService() override;

    bool start(ServiceContext &context, QString *error) override;
    void stop() override;

    static constexpr double maxRate = 2000.0;

private:
    void setRate(double rate);
    void tick();
    void act();
    void record(const QString &action, int status);
    QString randomItem();

    TrafficOptions m_options;
    std::unique_ptr<InstanceSource> m_instances;
    CartClient *m_carts = nullptr;
    CatalogClient *m_catalog = nullptr;
    QTimer *m_timer = nullptr;
    QRandomGenerator m_random;
    QStringList m_items; // learnt from browsing the catalog
    QElapsedTimer m_clock;
    double m_owed = 0.0; // actions due but not yet started (rates above the timer's resolution)
    qint64 m_lastTickNs = 0;
    int m_inFlight = 0;
    qint64 m_skipped = 0;
    QHash<QString, qint64> m_sent;
    QHash<QString, qint64> m_ok;
    QHash<QString, qint64> m_failed;
};
