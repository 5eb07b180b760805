#pragma once

#include <QtGlobal>

// Stops sending to an instance that keeps failing, so callers fail over at once instead of waiting on it,
// and probes it again after a cool-down. Closed: calls flow, consecutive failures are counted. Open: no
// calls until openMs passed. Half-open: exactly one trial call; its success closes the breaker, its
// failure opens it again. Time is passed in (milliseconds on any monotonic clock) so tests control it.
struct CircuitBreakerOptions
{
    int failureThreshold = 5; // consecutive failures that open the breaker
    qint64 openMs = 2000; // how long it stays open before one trial call
};

class CircuitBreaker
{
public:
    enum class State { Closed, Open, HalfOpen };
    using Options = CircuitBreakerOptions;

    explicit CircuitBreaker(Options options = {})
        : m_options(options)
    { }

    // Whether a call could go out now, without claiming the half-open trial (for choosing candidates).
    bool canAttempt(qint64 nowMs) const;
    // Claims the right to send one call; in half-open state only the first caller gets it.
    bool tryAcquire(qint64 nowMs);
    void recordSuccess();
    void recordFailure(qint64 nowMs);

    State state(qint64 nowMs) const;
    int consecutiveFailures() const { return m_failures; }

private:
    Options m_options;
    State m_state = State::Closed;
    int m_failures = 0;
    qint64 m_openedAtMs = 0;
    bool m_trialInFlight = false;
};

const char *circuitStateName(CircuitBreaker::State state);
