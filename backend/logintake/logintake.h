#pragma once

#include "intakecounters.h"
#include "jsonloglines.h"
#include "senderlimiter.h"

#include <memory>
#include <QHostAddress>
#include <QObject>
#include <unordered_map>

class InstanceDirectory;
class LogHub;
class MetricsRegistry;
class QTcpServer;
class QTcpSocket;
class QTimer;
class QUdpSocket;
class SyslogStreamDecoder;
struct IntakeRecord;

// Takes in the logs of services the console did not start: syslog datagrams (UDP), syslog streams (TCP,
// octet-counted or LF/NUL-framed, told apart per connection) and JSON lines handed over by the HTTP route.
// Every record is parsed, capped, attributed to a registered service and instance (LogAttribution) and added
// to the log hub beside the console's own records. Lives on a thread of its own (the intake's ServiceHost),
// so neither a flood nor a slow parse ever reaches the GUI thread; the hub's lock is held only to store a
// record. Limits, all counted (IntakeCounters) and reported in the log view at most every reportIntervalMs:
//   - a message over maxMessageBytes is cut there and marked "[truncated N bytes]";
//   - a record (datagram, TCP frame, JSON line) over maxFrameBytes is dropped as oversized;
//   - a sender over its token bucket (per address) is dropped as flood, other senders are unaffected;
//   - at most maxTcpConnections streams; one that sends nothing for idleTimeoutMs is closed.
class LogIntake : public QObject
{
    Q_OBJECT
public:
    struct Options
    {
        QHostAddress address = QHostAddress::LocalHost;
        bool udp = true;
        bool tcp = true;
        quint16 udpPort = 0; // 0 = any free port
        quint16 tcpPort = 0;
        qsizetype maxMessageBytes = 8 * 1024;
        qsizetype maxFrameBytes = 64 * 1024;
        SenderLimiter::Options rate;
        int maxTcpConnections = 256;
        int idleTimeoutMs = 5 * 60'000;
        int reportIntervalMs = 5000;
        int publishIntervalMs = 250;
    };

    struct HttpResult
    {
        int accepted = 0;
        int rejected = 0; // malformed or oversized lines
        int dropped = 0; // over the sender's rate
        QList<JsonLogLines::Rejected> errors;
    };

    LogIntake(Options options, std::shared_ptr<LogHub> hub, std::shared_ptr<InstanceDirectory> directory,
        QObject *parent = nullptr);
    ~LogIntake() override;

    // Binds the syslog sockets; false with a reason (a port in use) and nothing bound.
    bool start(QString *error);
    void stop();
    quint16 udpPort() const;
    quint16 tcpPort() const;
    int openConnections() const { return int(m_connections.size()); }

    // A JSON lines body from sender (the HTTP route calls this on the intake's thread).
    HttpResult ingestJsonLines(QByteArrayView body, const QHostAddress &sender);
    // Where the counters are published (the instance's /metrics); may be null.
    void setMetrics(MetricsRegistry *metrics);
    const IntakeCounters &counters() const { return m_counters; }
    // Writes the drop report now instead of waiting for the timer (tests, shutdown).
    void reportDrops();

private:
    struct Connection
    {
        QTcpSocket *socket = nullptr;
        std::unique_ptr<SyslogStreamDecoder> decoder;
        QString sender;
        qint64 lastActivityMs = 0;
    };

    void readDatagrams();
    void acceptConnections();
    void readStream(QTcpSocket *socket);
    void closeConnection(QTcpSocket *socket);
    void sweep();
    void ingestSyslog(QByteArrayView frame, const QString &sender, IntakeCounters::Transport transport);
    void deliver(IntakeRecord &record, const QString &sender, IntakeCounters::Transport transport);
    void publish();

    Options m_options;
    std::shared_ptr<LogHub> m_hub;
    std::shared_ptr<InstanceDirectory> m_directory;
    SenderLimiter m_limiter;
    IntakeCounters m_counters;
    MetricsRegistry *m_metrics = nullptr;
    QUdpSocket *m_udp = nullptr;
    QTcpServer *m_tcp = nullptr;
    std::unordered_map<QTcpSocket *, Connection> m_connections; // move-only values: not a QHash
    QTimer *m_sweepTimer = nullptr;
    QTimer *m_reportTimer = nullptr;
    QTimer *m_publishTimer = nullptr;
    bool m_udpScheduled = false;
};
