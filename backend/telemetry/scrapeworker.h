#pragma once

#include "client/serviceinstance.h"

#include <memory>
#include <QHash>
#include <QObject>
#include <QSet>

class QNetworkAccessManager;
class QTimer;
class TimeSeriesStore;

// The part of the Scraper that lives on the scrape thread: owns the network access manager and the timer,
// parses each answer there and hands it to the store.
class ScrapeWorker : public QObject
{
    Q_OBJECT
public:
    // The largest /metrics page read (Prometheus pages of a busy service are well under 1 MiB).
    static constexpr qint64 kMaxPageBytes = 16 << 20;
    ScrapeWorker(TimeSeriesStore *store, int intervalMs, int timeoutMs, bool fineBuckets = true);
    ~ScrapeWorker() override;

    // All of these run on the scrape thread.
    void begin();
    void end();
    void setTargets(const QList<ServiceInstance> &targets);
    void scrapeRound();

Q_SIGNALS:
    void roundFinished(qint64 timeMs, int targets, int up);

private:
    struct Round
    {
        qint64 timeMs = 0;
        int pending = 0;
        int targets = 0;
        int up = 0;
    };
    void finishOne(const std::shared_ptr<Round> &round, bool up);
    void scrapeOne(const ServiceInstance &instance, const std::shared_ptr<Round> &round, bool fine);

    TimeSeriesStore *m_store;
    int m_intervalMs;
    int m_timeoutMs;
    bool m_fineBuckets;
    std::unique_ptr<QNetworkAccessManager> m_network;
    QTimer *m_timer = nullptr;
    QString serviceAt(const QString &address, const QString &port) const;
    QList<ServiceInstance> m_targets;
    QHash<QString, bool> m_inFlight; // by instance id: a slow target is not asked twice at once
    QSet<QString> m_plainOnly; // targets that refused ?buckets=fine (not Flightdeck): asked for the plain page
};
