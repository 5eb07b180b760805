#include "blockingqueries.h"

#include <QTimer>

BlockingQueries::~BlockingQueries()
{
    // Whatever is still parked gets its answer rather than a dropped connection.
    releaseAll();
}

bool BlockingQueries::wait(quint64 minIndex, qint64 waitMs, IndexFn currentIndex, AnswerFn answer)
{
    if (minIndex == 0 || currentIndex() > minIndex || waitMs <= 0) {
        answer();
        return false;
    }
    const auto id = m_nextId++;
    auto *timer = new QTimer(this);
    timer->setSingleShot(true);
    connect(timer, &QTimer::timeout, this, [this, id] { finish(id); });
    timer->start(int(waitMs));
    m_waiters.insert(id, Waiter { minIndex, std::move(currentIndex), std::move(answer), timer });
    return true;
}

void BlockingQueries::notifyChanged()
{
    if (m_wakeScheduled || m_waiters.isEmpty())
        return;
    m_wakeScheduled = true;
    QTimer::singleShot(0, this, &BlockingQueries::wake);
}

void BlockingQueries::wake()
{
    m_wakeScheduled = false;
    QList<quint64> ready;
    for (auto it = m_waiters.cbegin(); it != m_waiters.cend(); ++it) {
        if (it->currentIndex() > it->minIndex)
            ready.append(it.key());
    }
    for (const auto id : ready)
        finish(id);
}

void BlockingQueries::finish(quint64 id)
{
    auto it = m_waiters.find(id);
    if (it == m_waiters.end())
        return;
    auto waiter = std::move(*it);
    m_waiters.erase(it);
    waiter.timer->deleteLater();
    waiter.answer();
}

void BlockingQueries::releaseAll()
{
    const auto ids = m_waiters.keys();
    for (const auto id : ids)
        finish(id);
}
