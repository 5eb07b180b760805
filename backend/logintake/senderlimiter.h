#pragma once

#include <QHash>
#include <QString>

// A token bucket per sender address: each sender may ship ratePerSecond records on average with bursts of up
// to burst, so one service in a logging loop is cut off without the records of the others being touched.
// The map of senders is bounded: idle senders (full buckets) are forgotten by sweep(), and when maxSenders is
// reached anyway a new sender shares one overflow bucket. Used on the intake's thread only.
class SenderLimiter
{
public:
    struct Options
    {
        double ratePerSecond = 2000;
        double burst = 4000;
        int maxSenders = 4096;
    };

    explicit SenderLimiter(Options options)
        : m_options(options)
    { }

    // Takes a token for one record from sender at nowMs; false: the sender is over its rate.
    bool allow(const QString &sender, qint64 nowMs);
    // Forgets senders whose buckets have refilled (they sent nothing for burst/rate seconds).
    void sweep(qint64 nowMs);
    int senders() const { return int(m_buckets.size()); }

private:
    struct Bucket
    {
        double tokens = 0;
        qint64 updatedMs = 0;
    };

    void refill(Bucket &bucket, qint64 nowMs) const;

    Options m_options;
    QHash<QString, Bucket> m_buckets;
    Bucket m_overflow;
};
