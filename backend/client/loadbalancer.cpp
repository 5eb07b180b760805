#include "loadbalancer.h"

#include <algorithm>

int LoadBalancer::pick(const QList<Candidate> &candidates)
{
    const int n = int(candidates.size());
    if (n == 0)
        return -1;
    switch (m_strategy) {
    case BalancingStrategy::RoundRobin:
        return int(m_next++ % quint64(n));
    case BalancingStrategy::LeastOutstanding: {
        // Scan from a rotating start so equally loaded instances share the calls instead of the first
        // one taking every call while the others idle.
        const int start = int(m_next++ % quint64(n));
        int best = start;
        for (int k = 1; k < n; ++k) {
            const int i = (start + k) % n;
            if (candidates[i].outstanding < candidates[best].outstanding)
                best = i;
        }
        return best;
    }
    case BalancingStrategy::Weighted:
        return pickWeighted(candidates);
    }
    return 0;
}

int LoadBalancer::pickWeighted(const QList<Candidate> &candidates)
{
    // nginx's smooth weighted round robin: over sum(weights) picks each instance is chosen exactly weight
    // times, and the choices are spread out rather than bunched.
    qint64 total = 0;
    int best = -1;
    for (int i = 0; i < candidates.size(); ++i) {
        const qint64 weight = std::max(0, candidates[i].weight);
        total += weight;
        auto &current = m_currentWeight[candidates[i].id];
        current += weight;
        if (weight > 0 && (best < 0 || current > m_currentWeight.value(candidates[best].id)))
            best = i;
    }
    if (best < 0)
        return int(m_next++ % quint64(candidates.size())); // every weight is zero: fall back to round robin
    m_currentWeight[candidates[best].id] -= total;
    return best;
}

void LoadBalancer::retain(const QSet<QString> &ids)
{
    m_currentWeight.removeIf([&ids](const auto &entry) { return !ids.contains(entry.key()); });
}
