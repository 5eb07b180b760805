#pragma once

#include <atomic>
#include <mutex>
#include <QList>
#include <QMetaType>
#include <QString>
#include <spdlog/sinks/sink.h>
#include <string>
#include <vector>

// One log record as the console shows it.
struct LogRecord
{
    quint64 seq = 0; // 1, 2, 3 ... in arrival order, across every thread
    qint64 timeMs = 0;
    spdlog::level::level_enum level = spdlog::level::info;
    QString logger; // "cart-2", "registry", "scraper"
    QString service; // "cart" for "cart-2"; the logger name for subsystems
    QString instance; // "cart-2", or empty for subsystems that are not instances
    QString message;
    quint64 threadId = 0;
    bool access = false; // an access line (AccessLog): logger "<instance>/access", shown or hidden as a kind
    int facility = -1; // the syslog facility of a record shipped from outside; -1 for the console's own
};
Q_DECLARE_METATYPE(LogRecord)

// An spdlog sink that keeps the newest records of every logger in a fixed-size ring (the oldest are
// overwritten), for the console's log view. Writers from any thread hold a short mutex only to copy a record
// into a preallocated slot; a reader holds it only to copy out what is new since the sequence number it saw
// last, and builds its QStrings after letting go. Attach it with Logging::addSink().
class LogHub : public spdlog::sinks::sink
{
public:
    explicit LogHub(size_t capacity = 20'000);

    void log(const spdlog::details::log_msg &message) override;

    // A record shipped by a service outside the process (syslog, JSON lines): it names its service and
    // instance itself instead of having them derived from a logger name. The strings are converted before
    // the lock is taken and swapped into the slot under it, so the lock is held as briefly as for log().
    struct External
    {
        qint64 timeMs = 0;
        spdlog::level::level_enum level = spdlog::level::info;
        QString service;
        QString instance; // may be empty: the sender was not matched to a registered instance
        QString message;
        int facility = -1;
    };
    // Returns the record's sequence number.
    quint64 appendExternal(const External &record);
    void flush() override { }
    void set_pattern(const std::string &) override { }
    void set_formatter(std::unique_ptr<spdlog::formatter>) override { }

    // Records with seq > afterSeq, oldest first, at most maxRecords (the newest ones when more are waiting).
    // missed, when given, counts records after afterSeq that were overwritten or skipped.
    QList<LogRecord> recordsSince(quint64 afterSeq, int maxRecords = 10'000, quint64 *missed = nullptr) const;
    // Sequence number of the newest record; 0 when none yet. Cheap, for polling.
    quint64 latestSeq() const { return m_latest.load(std::memory_order_acquire); }
    size_t capacity() const { return m_slots.size(); }

    // Changes a logger's level at run time (all loggers when logger is empty); false when it does not exist.
    static bool setLevel(const QString &logger, spdlog::level::level_enum level);
    // "cart-2" and "cart.2" belong to service "cart", instance "cart-2"; other names are subsystems. An
    // instance's access lines ("cart-2/access") belong to the instance.
    static void originOf(const QString &logger, QString *service, QString *instance);

private:
    struct Slot
    {
        quint64 seq = 0;
        qint64 timeMs = 0;
        spdlog::level::level_enum level = spdlog::level::info;
        std::string logger;
        std::string message;
        quint64 threadId = 0;
        // Set for external records only: then service and instance are taken as they are, not from logger.
        bool external = false;
        std::string service;
        std::string instance;
        int facility = -1;
    };

    mutable std::mutex m_mutex;
    std::vector<Slot> m_slots;
    quint64 m_next = 1;
    std::atomic<quint64> m_latest { 0 };
};
