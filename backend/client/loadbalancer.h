#pragma once

#include <QHash>
#include <QList>
#include <QSet>
#include <QString>

enum class BalancingStrategy { RoundRobin, LeastOutstanding, Weighted };

// Picks which instance gets the next call. Candidates are the instances that may be called right now
// (healthy, breaker not open, not already tried for this call); the balancer only chooses among them.
class LoadBalancer
{
public:
    struct Candidate
    {
        QString id;
        int weight = 1;
        int outstanding = 0; // calls sent and not yet answered
    };

    explicit LoadBalancer(BalancingStrategy strategy = BalancingStrategy::RoundRobin)
        : m_strategy(strategy)
    { }

    // Index into candidates, or -1 when there are none.
    int pick(const QList<Candidate> &candidates);
    BalancingStrategy strategy() const { return m_strategy; }
    // Forgets the state of instances outside ids (discovery no longer reports them), so one that returns
    // later starts afresh instead of with a weight owed from before.
    void retain(const QSet<QString> &ids);

private:
    int pickWeighted(const QList<Candidate> &candidates);

    BalancingStrategy m_strategy;
    quint64 m_next = 0;
    // Smooth weighted round robin state per instance id, so weights hold even when the candidate set changes.
    QHash<QString, qint64> m_currentWeight;
};
