#include "latestonly.h"

#include <QMetaObject>
#include <QThreadPool>

// What the pool thread and the owner share: whether a job still runs, so the destructor can wait for it
// before the receiver (and whatever the job reads) goes away.
struct LatestOnlyBase::Shared
{
    std::mutex mutex;
    std::condition_variable idle;
    int running = 0; // jobs started and not yet done (a finished job's successor can start before it is)
};

LatestOnlyBase::LatestOnlyBase()
    : m_shared(std::make_shared<Shared>())
    , m_receiver(std::make_unique<QObject>())
{ }

LatestOnlyBase::~LatestOnlyBase()
{
    std::unique_lock lock(m_shared->mutex);
    m_shared->idle.wait(lock, [this] { return m_shared->running == 0; });
    // The job's answer may already be queued to the receiver: destroying it removes the queued call.
}

void LatestOnlyBase::cancel()
{
    m_requests.invalidate();
    m_waiting.reset();
}

void LatestOnlyBase::submit(Job job)
{
    const quint64 generation = m_requests.next();
    if (m_inFlight) {
        m_waiting = std::move(job); // asked when the one in flight is done; replaces an older waiting one
        return;
    }
    start(std::move(job), generation);
}

void LatestOnlyBase::start(Job job, quint64 generation)
{
    m_inFlight = true;
    {
        const std::lock_guard lock(m_shared->mutex);
        ++m_shared->running;
    }
    QThreadPool::globalInstance()->start(
        [shared = m_shared, receiver = m_receiver.get(), job = std::move(job), generation, this] {
            const auto apply = job();
            // Queued to the owner's thread. `this` is only touched there, and only while the receiver (a
            // member) lives: the destructor waits below before the receiver and its queued calls go.
            QMetaObject::invokeMethod(
                receiver, [this, apply, generation] { finished(apply, generation); }, Qt::QueuedConnection);
            const std::lock_guard lock(shared->mutex);
            --shared->running;
            shared->idle.notify_all();
        });
}

void LatestOnlyBase::finished(const std::function<void()> &apply, quint64 generation)
{
    m_inFlight = false;
    if (m_waiting) {
        // A newer question came in while this one ran: its answer is the one to show.
        auto next = std::move(*m_waiting);
        m_waiting.reset();
        start(std::move(next), m_requests.latest());
        return;
    }
    if (!m_requests.isLatest(generation))
        return; // cancelled
    m_applied = generation;
    apply();
}
