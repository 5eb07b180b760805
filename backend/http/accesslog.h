#pragma once

#include <memory>
#include <QByteArray>
#include <QObject>
#include <QString>

class QTimer;

namespace spdlog {
class logger;
}

// One access line per answered request, on the logger "<instance>/access" (the log view shows or hides
// those lines as one kind): method, route pattern, status, duration, caller and request id. Answers with an
// error status are always written (5xx at warn); successful ones are written up to a rate per second, and
// what a second had beyond that is counted and said in one summary line when the second is over, so a
// 40 000 req/s burst does not drown the view and nothing is left out silently. Lives on the server's thread.
class AccessLog : public QObject
{
public:
    // successPerSecond: successful requests written per second (0: none, only the summaries; < 0: all).
    AccessLog(const QString &instanceId, int successPerSecond, QObject *parent = nullptr);
    ~AccessLog() override;

    // Whether the answer gets a line; counts it as sampled out when not. Cheap: called for every request.
    bool admit(int status, const QString &route);
    // The line of an admitted request. caller: the calling instance when it said so (X-Flightdeck-Caller),
    // else the peer address.
    void write(const QByteArray &method, const QString &route, int status, double seconds, const QString &caller,
        const QByteArray &requestId, bool longPoll);

    // Successful requests counted but not written since the start (the sampling's total).
    quint64 sampledOut() const { return m_sampledOutTotal; }

    // The logger name of an instance's access lines, and the instance it belongs to (empty when not one).
    static QString loggerFor(const QString &instanceId);
    static QString instanceOf(const QString &logger);

private:
    void flushSummary();

    std::shared_ptr<spdlog::logger> m_logger;
    int m_successPerSecond;
    QTimer *m_summaryTimer;
    qint64 m_windowStartMs = 0;
    int m_writtenInWindow = 0;
    quint64 m_sampledOut = 0; // in the current window, not yet summarised
    quint64 m_sampledOutTotal = 0;
};
