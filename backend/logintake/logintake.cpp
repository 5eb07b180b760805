#include "logintake.h"

#include "client/instancedirectory.h"
#include "core/logging.h"
#include "logattribution.h"
#include "syslogparser.h"
#include "syslogstreamdecoder.h"
#include "telemetry/loghub.h"

#include <algorithm>
#include <QDateTime>
#include <QNetworkDatagram>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTimer>
#include <QUdpSocket>
#include <spdlog/spdlog.h>

namespace {

// Qt signals readyRead on a UDP socket again only once every pending datagram was read (reading part of them
// and continuing later stalls the socket for good), so a round drains the queue; the cap only keeps a flood at
// line rate from holding the thread for more than a few milliseconds before TCP and HTTP are served again.
constexpr int kDatagramsPerRound = 20'000;
constexpr qint64 kStreamReadBuffer = 256 * 1024; // beyond it TCP's own flow control holds the sender back

// Cuts message to maxBytes of UTF-8 (never inside a character) and says so; false when it already fits.
bool capMessage(QString &message, qsizetype maxBytes)
{
    if (message.size() * 3 <= maxBytes)
        return false; // even all three-byte characters would fit
    QByteArray utf8 = message.toUtf8();
    if (utf8.size() <= maxBytes)
        return false;
    qsizetype cut = maxBytes;
    while (cut > 0 && (uchar(utf8[cut]) & 0xC0) == 0x80)
        --cut;
    const qsizetype removed = utf8.size() - cut;
    utf8.truncate(cut);
    message = QString::fromUtf8(utf8) + QStringLiteral(" [truncated %1 bytes]").arg(removed);
    return true;
}

QString senderName(const QHostAddress &address)
{
    // IPv4 peers of a dual-stack socket arrive as ::ffff:a.b.c.d; the registry lists them as a.b.c.d.
    bool isV4 = false;
    const quint32 v4 = address.toIPv4Address(&isV4);
    return isV4 ? QHostAddress(v4).toString() : address.toString();
}

} // namespace

LogIntake::LogIntake(
    Options options, std::shared_ptr<LogHub> hub, std::shared_ptr<InstanceDirectory> directory, QObject *parent)
    : QObject(parent)
    , m_options(std::move(options))
    , m_hub(std::move(hub))
    , m_directory(directory ? std::move(directory) : std::make_shared<InstanceDirectory>())
    , m_limiter(m_options.rate)
{ }

LogIntake::~LogIntake()
{
    stop();
}

bool LogIntake::start(QString *error)
{
    if (m_options.udp) {
        m_udp = new QUdpSocket(this);
        if (!m_udp->bind(m_options.address, m_options.udpPort)) {
            if (error)
                *error = QStringLiteral("log intake: UDP port %1: %2").arg(m_options.udpPort).arg(m_udp->errorString());
            stop();
            return false;
        }
        // A bigger kernel buffer rides out bursts while this thread is busy with a TCP stream.
        m_udp->setSocketOption(QAbstractSocket::ReceiveBufferSizeSocketOption, 4 * 1024 * 1024);
        connect(m_udp, &QUdpSocket::readyRead, this, &LogIntake::readDatagrams);
    }
    if (m_options.tcp) {
        m_tcp = new QTcpServer(this);
        if (!m_tcp->listen(m_options.address, m_options.tcpPort)) {
            if (error)
                *error = QStringLiteral("log intake: TCP port %1: %2").arg(m_options.tcpPort).arg(m_tcp->errorString());
            stop();
            return false;
        }
        connect(m_tcp, &QTcpServer::newConnection, this, &LogIntake::acceptConnections);
    }
    m_sweepTimer = new QTimer(this);
    connect(m_sweepTimer, &QTimer::timeout, this, &LogIntake::sweep);
    m_sweepTimer->start(std::clamp(m_options.idleTimeoutMs / 4, 50, 1000));
    m_reportTimer = new QTimer(this);
    connect(m_reportTimer, &QTimer::timeout, this, &LogIntake::reportDrops);
    m_reportTimer->start(std::max(100, m_options.reportIntervalMs));
    m_publishTimer = new QTimer(this);
    connect(m_publishTimer, &QTimer::timeout, this, &LogIntake::publish);
    m_publishTimer->start(std::max(20, m_options.publishIntervalMs));
    Logging::get("logintake")
        ->info("taking in logs on {}: syslog UDP {}, syslog TCP {}", m_options.address.toString().toStdString(),
            udpPort(), tcpPort());
    return true;
}

void LogIntake::stop()
{
    for (auto &[socket, connection] : m_connections)
        socket->deleteLater();
    m_connections.clear();
    delete m_udp;
    m_udp = nullptr;
    delete m_tcp;
    m_tcp = nullptr;
    for (auto **timer : { &m_sweepTimer, &m_reportTimer, &m_publishTimer }) {
        delete *timer;
        *timer = nullptr;
    }
}

quint16 LogIntake::udpPort() const
{
    return m_udp ? m_udp->localPort() : 0;
}

quint16 LogIntake::tcpPort() const
{
    return m_tcp ? m_tcp->serverPort() : 0;
}

void LogIntake::setMetrics(MetricsRegistry *metrics)
{
    m_metrics = metrics;
    if (m_metrics) {
        IntakeCounters::describe(*m_metrics);
        publish();
    }
}

void LogIntake::readDatagrams()
{
    m_udpScheduled = false;
    if (!m_udp)
        return;
    for (int i = 0; i < kDatagramsPerRound && m_udp->hasPendingDatagrams(); ++i) {
        const qint64 size = m_udp->pendingDatagramSize();
        if (size > m_options.maxFrameBytes) {
            QHostAddress from;
            m_udp->readDatagram(nullptr, 0, &from); // discards it
            m_counters.dropped(
                IntakeCounters::Drop::Oversized, senderName(from), QStringLiteral("%1-byte datagram").arg(size));
            continue;
        }
        const QNetworkDatagram datagram = m_udp->receiveDatagram();
        ingestSyslog(datagram.data(), senderName(datagram.senderAddress()), IntakeCounters::Transport::Udp);
    }
    if (m_udp->hasPendingDatagrams() && !m_udpScheduled) {
        // Still more after the cap: continue after whatever else is queued, so a flood cannot starve the streams.
        m_udpScheduled = true;
        QMetaObject::invokeMethod(this, &LogIntake::readDatagrams, Qt::QueuedConnection);
    }
}

void LogIntake::acceptConnections()
{
    while (m_tcp && m_tcp->hasPendingConnections()) {
        QTcpSocket *socket = m_tcp->nextPendingConnection();
        if (int(m_connections.size()) >= m_options.maxTcpConnections) {
            m_counters.connectionRefused();
            socket->abort();
            socket->deleteLater();
            continue;
        }
        socket->setReadBufferSize(kStreamReadBuffer);
        Connection connection;
        connection.socket = socket;
        connection.decoder = std::make_unique<SyslogStreamDecoder>(m_options.maxFrameBytes);
        connection.sender = senderName(socket->peerAddress());
        connection.lastActivityMs = QDateTime::currentMSecsSinceEpoch();
        m_connections.emplace(socket, std::move(connection));
        connect(socket, &QTcpSocket::readyRead, this, [this, socket] { readStream(socket); });
        connect(socket, &QTcpSocket::disconnected, this, [this, socket] {
            readStream(socket); // what arrived together with the FIN
            closeConnection(socket);
        });
        m_counters.setConnections(int(m_connections.size()));
        readStream(socket);
    }
}

void LogIntake::readStream(QTcpSocket *socket)
{
    auto it = m_connections.find(socket);
    if (it == m_connections.end() || !socket->isOpen()) // closed by us (abort) rather than by the peer
        return;
    const QByteArray bytes = socket->readAll();
    if (bytes.isEmpty())
        return;
    it->second.lastActivityMs = QDateTime::currentMSecsSinceEpoch();
    const QString sender = it->second.sender;
    const auto decoded = it->second.decoder->feed(bytes);
    for (int i = 0; i < decoded.oversized; ++i)
        m_counters.dropped(IntakeCounters::Drop::Oversized, sender, QStringLiteral("TCP record"));
    for (const auto &frame : decoded.frames)
        ingestSyslog(frame, sender, IntakeCounters::Transport::Tcp);
    if (decoded.broken) {
        m_counters.dropped(
            IntakeCounters::Drop::Malformed, sender, QStringLiteral("octet count is not a number; connection closed"));
        socket->abort();
        closeConnection(socket);
    }
}

void LogIntake::closeConnection(QTcpSocket *socket)
{
    if (m_connections.erase(socket) == 0)
        return;
    socket->deleteLater();
    m_counters.setConnections(int(m_connections.size()));
}

void LogIntake::sweep()
{
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    QList<QTcpSocket *> idle;
    for (const auto &[socket, connection] : m_connections) {
        if (now - connection.lastActivityMs > m_options.idleTimeoutMs)
            idle.append(socket);
    }
    for (auto *socket : std::as_const(idle)) {
        m_counters.connectionIdleClosed();
        socket->abort();
        closeConnection(socket);
    }
    m_limiter.sweep(now);
    // A safety net for the stall described at kDatagramsPerRound: a socket with datagrams waiting is read.
    if (m_udp && m_udp->hasPendingDatagrams())
        readDatagrams();
}

void LogIntake::ingestSyslog(QByteArrayView frame, const QString &sender, IntakeCounters::Transport transport)
{
    const QDateTime now = QDateTime::currentDateTime();
    // The rate is checked before anything is parsed: a flood costs a hash lookup per record, no more.
    if (!m_limiter.allow(sender, now.toMSecsSinceEpoch())) {
        m_counters.dropped(IntakeCounters::Drop::Flood, sender);
        return;
    }
    IntakeRecord record;
    QString error;
    if (!SyslogParser::parse(frame, now, &record, &error)) {
        m_counters.dropped(IntakeCounters::Drop::Malformed, sender, error);
        return;
    }
    deliver(record, sender, transport);
}

void LogIntake::deliver(IntakeRecord &record, const QString &sender, IntakeCounters::Transport transport)
{
    if (capMessage(record.message, m_options.maxMessageBytes))
        m_counters.truncated();
    const auto directory = m_directory->snapshot();
    const auto origin = LogAttribution::attribute(record, *directory, sender);
    LogHub::External external;
    external.timeMs = record.timeMs;
    external.level = record.level;
    external.service = origin.service;
    external.instance = origin.instance;
    external.message = std::move(record.message);
    external.facility = record.facility;
    if (m_hub)
        m_hub->appendExternal(external);
    m_counters.accepted(transport, origin.attributed);
}

LogIntake::HttpResult LogIntake::ingestJsonLines(QByteArrayView body, const QHostAddress &address)
{
    const QString sender = senderName(address);
    const QDateTime now = QDateTime::currentDateTime();
    auto parsed = JsonLogLines::parse(body, now, m_options.maxFrameBytes);
    HttpResult result;
    result.errors = parsed.rejected;
    result.rejected = int(parsed.rejected.size());
    for (int i = 0; i < parsed.oversized; ++i)
        m_counters.dropped(IntakeCounters::Drop::Oversized, sender, QStringLiteral("JSON line"));
    for (int i = parsed.oversized; i < result.rejected; ++i)
        m_counters.dropped(IntakeCounters::Drop::Malformed, sender, QStringLiteral("JSON line"));
    for (auto &record : parsed.records) {
        if (!m_limiter.allow(sender, now.toMSecsSinceEpoch())) {
            m_counters.dropped(IntakeCounters::Drop::Flood, sender);
            ++result.dropped;
            continue;
        }
        deliver(record, sender, IntakeCounters::Transport::Http);
        ++result.accepted;
    }
    return result;
}

void LogIntake::reportDrops()
{
    // At most a handful of lines per interval, however many records were dropped: the report must not
    // become the flood it describes.
    const auto lines = m_counters.takeDropReport(10);
    if (lines.isEmpty())
        return;
    auto log = Logging::get("logintake");
    for (const auto &line : lines)
        log->warn("{}", line.toStdString());
}

void LogIntake::publish()
{
    if (m_metrics)
        m_counters.publish(*m_metrics);
}
