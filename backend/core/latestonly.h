#pragma once

#include "latestrequest.h"

#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <QObject>

// "Compute this off my thread, and show me the answer to the newest question only."
//
// run(job, apply) runs job on the global thread pool and then apply(result) on the thread that owns the
// LatestOnly (the one it was created on, usually the GUI thread), unless a newer run() came in meanwhile:
// an answer to a superseded question is dropped, so a slow query for service A can never overwrite the
// answer for service B the operator switched to. At most one job runs at a time; questions asked while one
// runs wait, and only the newest of them is asked next. The owner's thread never blocks on a job, except in
// the destructor, which waits for the job in flight (jobs usually read something the owner also owns, such
// as a store, that must outlive them).
//
// Not thread safe: call run() and cancel() from the owner's thread only.
class LatestOnlyBase
{
public:
    LatestOnlyBase();
    ~LatestOnlyBase();
    LatestOnlyBase(const LatestOnlyBase &) = delete;
    LatestOnlyBase &operator=(const LatestOnlyBase &) = delete;

    // Drops the answers of every question asked so far (and the one waiting to be asked).
    void cancel();
    bool busy() const { return m_inFlight; }
    // Questions asked and answers applied so far: for tests and for "updating…" hints.
    quint64 asked() const { return m_requests.latest(); }
    quint64 applied() const { return m_applied; }

protected:
    // job computes a value and returns the step that applies it (run on the owner's thread).
    using Job = std::function<std::function<void()>()>;
    void submit(Job job);

private:
    struct Shared;
    void start(Job job, quint64 generation);
    void finished(const std::function<void()> &apply, quint64 generation);

    std::shared_ptr<Shared> m_shared;
    std::unique_ptr<QObject> m_receiver; // lives on the owner's thread; answers are queued calls to it
    std::optional<Job> m_waiting;
    LatestRequest m_requests;
    quint64 m_applied = 0;
    bool m_inFlight = false;
};

template <typename Result> class LatestOnly : public LatestOnlyBase
{
public:
    void run(std::function<Result()> job, std::function<void(const Result &)> apply)
    {
        submit([job = std::move(job), apply = std::move(apply)]() -> std::function<void()> {
            return [apply, result = job()] { apply(result); };
        });
    }
};
