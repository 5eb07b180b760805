#pragma once

#include <array>
#include <QHash>
#include <QPair>
#include <QString>
#include <QStringList>

class MetricsRegistry;

// What the log intake took in and what it had to drop, and from whom. Counted on the intake's thread with
// plain integers (a flood must not cost a mutex per record); publish() copies the totals into the instance's
// metrics registry now and then, and takeDropReport() turns what was dropped since the last report into a
// few lines for the log view. Sender labels are bounded: past maxSenderLabels distinct senders the rest are
// counted as "other", so a spoofing flood cannot grow the exposition without limit.
class IntakeCounters
{
public:
    enum class Transport { Udp, Tcp, Http };
    enum class Drop { Oversized, Malformed, Flood };

    static QString transportName(Transport transport);
    static QString dropName(Drop reason);

    void accepted(Transport transport, bool attributed);
    void truncated() { ++m_truncated; }
    void dropped(Drop reason, const QString &sender, const QString &detail = {});
    void connectionRefused() { ++m_refused; }
    void connectionIdleClosed() { ++m_idleClosed; }
    void setConnections(int connections) { m_connections = connections; }

    quint64 acceptedTotal(Transport transport) const { return m_accepted[size_t(transport)]; }
    quint64 unattributedTotal() const { return m_unattributed; }
    quint64 truncatedTotal() const { return m_truncated; }
    quint64 droppedTotal(Drop reason) const;
    quint64 droppedFrom(Drop reason, const QString &sender) const;
    quint64 refusedTotal() const { return m_refused; }

    // "dropped N records from X (flood)" for each sender and reason since the last call, largest first; at
    // most maxLines, then one line for the rest.
    QStringList takeDropReport(int maxLines = 10);

    static void describe(MetricsRegistry &registry);
    void publish(MetricsRegistry &registry);

    int maxSenderLabels = 100;

private:
    using Key = QPair<int, QString>; // reason, sender

    std::array<quint64, 3> m_accepted {};
    quint64 m_unattributed = 0;
    quint64 m_truncated = 0;
    quint64 m_refused = 0;
    quint64 m_idleClosed = 0;
    int m_connections = 0;
    QHash<Key, quint64> m_dropped; // bounded by maxSenderLabels senders
    struct Pending
    {
        quint64 count = 0;
        QString detail; // the last reason given, e.g. what was malformed
    };
    QHash<Key, Pending> m_pending; // since the last report; bounded the same way
    // What publish() sent last, to send only the difference (the registry keeps counters, not totals).
    QHash<QString, double> m_published;
};
