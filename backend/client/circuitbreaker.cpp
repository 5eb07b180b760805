#include "circuitbreaker.h"

CircuitBreaker::State CircuitBreaker::state(qint64 nowMs) const
{
    if (m_state == State::Open && nowMs - m_openedAtMs >= m_options.openMs)
        return State::HalfOpen;
    return m_state;
}

bool CircuitBreaker::canAttempt(qint64 nowMs) const
{
    switch (state(nowMs)) {
    case State::Closed:
        return true;
    case State::Open:
        return false;
    case State::HalfOpen:
        return !m_trialInFlight;
    }
    return false;
}

bool CircuitBreaker::tryAcquire(qint64 nowMs)
{
    if (!canAttempt(nowMs))
        return false;
    if (state(nowMs) == State::HalfOpen) {
        m_state = State::HalfOpen;
        m_trialInFlight = true;
    }
    return true;
}

void CircuitBreaker::recordSuccess()
{
    m_state = State::Closed;
    m_failures = 0;
    m_trialInFlight = false;
}

void CircuitBreaker::recordFailure(qint64 nowMs)
{
    ++m_failures;
    // A failed trial reopens at once; a closed breaker opens after enough failures in a row.
    if (m_state == State::HalfOpen || m_failures >= m_options.failureThreshold) {
        m_state = State::Open;
        m_openedAtMs = nowMs;
    }
    m_trialInFlight = false;
}

const char *circuitStateName(CircuitBreaker::State state)
{
    switch (state) {
    case CircuitBreaker::State::Closed:
        return "closed";
    case CircuitBreaker::State::Open:
        return "open";
    case CircuitBreaker::State::HalfOpen:
        return "half-open";
    }
    return "unknown";
}
