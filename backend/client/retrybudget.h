#pragma once

#include <algorithm>
#include <QtGlobal>

// Caps retries so a struggling service is not buried under them: every call deposits `ratio` tokens,
// every retry spends one, and a small reserve refills over time so rare calls can still retry.
class RetryBudget
{
public:
    RetryBudget(double ratio = 0.2, double reservePerSecond = 10.0, double maxTokens = 100.0)
        : m_ratio(ratio)
        , m_reservePerSecond(reservePerSecond)
        , m_maxTokens(maxTokens)
        , m_tokens(reservePerSecond)
    { }

    void onCall() { m_tokens = std::min(m_maxTokens, m_tokens + m_ratio); }

    bool tryRetry(qint64 nowMs)
    {
        if (m_lastRefillMs >= 0)
            m_tokens = std::min(m_maxTokens, m_tokens + double(nowMs - m_lastRefillMs) / 1000.0 * m_reservePerSecond);
        m_lastRefillMs = nowMs;
        if (m_tokens < 1.0)
            return false;
        m_tokens -= 1.0;
        return true;
    }

    double tokens() const { return m_tokens; }

private:
    double m_ratio;
    double m_reservePerSecond;
    double m_maxTokens;
    double m_tokens;
    qint64 m_lastRefillMs = -1;
};
