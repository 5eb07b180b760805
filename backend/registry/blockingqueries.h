#pragma once

#include <functional>
#include <QHash>
#include <QObject>

// Consul-style blocking queries without blocking a thread: a query that asks for ?index=X parks here until
// the index of what it reads moves past X, or its wait runs out; then it answers with whatever is current.
// Parked queries are re-evaluated once per event-loop turn after a store change, so a burst of changes
// wakes each query once.
class BlockingQueries : public QObject
{
    Q_OBJECT
public:
    using IndexFn = std::function<quint64()>;
    using AnswerFn = std::function<void()>;

    using QObject::QObject;
    ~BlockingQueries() override;

    // Answers at once when currentIndex() > minIndex; otherwise parks the query for up to waitMs and returns
    // true: the answer comes later.
    bool wait(quint64 minIndex, qint64 waitMs, IndexFn currentIndex, AnswerFn answer);
    // A store change: wake the queries whose index moved (on the next event-loop turn).
    void notifyChanged();
    // Answers every parked query now (the server is draining).
    void releaseAll();
    int parked() const { return int(m_waiters.size()); }

private:
    struct Waiter
    {
        quint64 minIndex = 0;
        IndexFn currentIndex;
        AnswerFn answer;
        class QTimer *timer = nullptr;
    };
    void wake();
    void finish(quint64 id);

    QHash<quint64, Waiter> m_waiters;
    quint64 m_nextId = 1;
    bool m_wakeScheduled = false;
};
