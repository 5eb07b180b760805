#include "senderlimiter.h"

#include <algorithm>

void SenderLimiter::refill(Bucket &bucket, qint64 nowMs) const
{
    const qint64 elapsed = std::max<qint64>(0, nowMs - bucket.updatedMs);
    bucket.tokens = std::min(m_options.burst, bucket.tokens + double(elapsed) * m_options.ratePerSecond / 1000.0);
    bucket.updatedMs = nowMs;
}

bool SenderLimiter::allow(const QString &sender, qint64 nowMs)
{
    auto it = m_buckets.find(sender);
    if (it == m_buckets.end()) {
        if (m_buckets.size() >= m_options.maxSenders) {
            refill(m_overflow, nowMs);
            if (m_overflow.tokens < 1)
                return false;
            m_overflow.tokens -= 1;
            return true;
        }
        it = m_buckets.insert(sender, Bucket { m_options.burst, nowMs });
    }
    refill(*it, nowMs);
    if (it->tokens < 1)
        return false;
    it->tokens -= 1;
    return true;
}

void SenderLimiter::sweep(qint64 nowMs)
{
    for (auto it = m_buckets.begin(); it != m_buckets.end();) {
        refill(*it, nowMs);
        it = it->tokens >= m_options.burst ? m_buckets.erase(it) : std::next(it);
    }
}
