#pragma once

#include <QMetaObject>
#include <QObject>
#include <QThread>
#include <type_traits>
#include <utility>

// One QObject that lives on a thread of its own, for as long as this lives: the object is constructed in
// the thread (so everything it creates belongs there), called into only through post() and call(), and
// deleted in the thread when the thread ends (QThread::finished → deleteLater), before the destructor
// returns. Every long-lived worker of the backend (service instances, the scraper, the topology builder,
// the SQLite writer) runs this way instead of wiring QThread, moveToThread and quit/wait by hand.
template <typename T> class WorkerThread
{
public:
    // Starts a thread called name and constructs T(args...) on it; returns once the object exists.
    template <typename... Args> explicit WorkerThread(const QString &name, Args &&...args)
    {
        m_thread.setObjectName(name);
        m_context = new QObject;
        m_context->moveToThread(&m_thread);
        QObject::connect(&m_thread, &QThread::finished, m_context, &QObject::deleteLater);
        m_thread.start();
        QMetaObject::invokeMethod(
            m_context, [&] { m_object = new T(std::forward<Args>(args)...); }, Qt::BlockingQueuedConnection);
        QObject::connect(&m_thread, &QThread::finished, m_object, &QObject::deleteLater);
    }

    // Ends the thread's event loop and joins it; the object is deleted in its thread on the way out.
    ~WorkerThread()
    {
        if (m_abandoned)
            return;
        m_thread.quit();
        m_thread.wait();
    }

    WorkerThread(const WorkerThread &) = delete;
    WorkerThread &operator=(const WorkerThread &) = delete;

    // For connecting signals (connect with the object as context, so slots run in its thread).
    T *object() const { return m_object; }
    QThread *thread() { return &m_thread; }

    // f(object) on the object's thread, later; returns at once.
    template <typename F> void post(F f) const
    {
        QMetaObject::invokeMethod(
            m_object, [object = m_object, f = std::move(f)]() mutable { f(*object); }, Qt::QueuedConnection);
    }

    // f(object) on the object's thread, waiting for it; returns what f returns. Never from that thread.
    template <typename F> auto call(F f) const
    {
        using Result = decltype(f(*m_object));
        if constexpr (std::is_void_v<Result>) {
            QMetaObject::invokeMethod(
                m_object, [&] { f(*m_object); }, Qt::BlockingQueuedConnection);
        } else {
            Result result {};
            QMetaObject::invokeMethod(
                m_object, [&] { result = f(*m_object); }, Qt::BlockingQueuedConnection);
            return result;
        }
    }

    // For an object that ends its thread itself (a service instance once drained): waits up to ms for the
    // thread to end; false while it still runs.
    bool waitForExit(int ms) { return m_thread.wait(QDeadlineTimer(ms)); }

    // Last resort for a wedged thread: terminates it. The object cannot be deleted safely after that, so it is
    // left behind (the one leak there is no safe way around).
    void terminate()
    {
        m_thread.terminate();
        m_thread.wait();
        m_abandoned = true;
    }

private:
    QThread m_thread;
    QObject *m_context = nullptr; // lives in the thread, to construct the object there
    T *m_object = nullptr;
    bool m_abandoned = false;
};
