#include "intakecounters.h"

#include "telemetry/metricsregistry.h"

#include <algorithm>

namespace {

const QString kRecords = QStringLiteral("flightdeck_logintake_records_total");
const QString kUnattributed = QStringLiteral("flightdeck_logintake_unattributed_total");
const QString kTruncated = QStringLiteral("flightdeck_logintake_truncated_total");
const QString kDropped = QStringLiteral("flightdeck_logintake_dropped_total");
const QString kConnections = QStringLiteral("flightdeck_logintake_tcp_connections");
const QString kRefused = QStringLiteral("flightdeck_logintake_tcp_connections_refused_total");
const QString kIdleClosed = QStringLiteral("flightdeck_logintake_tcp_idle_closed_total");
const QString kOther = QStringLiteral("other");

} // namespace

QString IntakeCounters::transportName(Transport transport)
{
    switch (transport) {
    case Transport::Udp:
        return QStringLiteral("udp");
    case Transport::Tcp:
        return QStringLiteral("tcp");
    case Transport::Http:
        return QStringLiteral("http");
    }
    return {};
}

QString IntakeCounters::dropName(Drop reason)
{
    switch (reason) {
    case Drop::Oversized:
        return QStringLiteral("oversized");
    case Drop::Malformed:
        return QStringLiteral("malformed");
    case Drop::Flood:
        return QStringLiteral("flood");
    }
    return {};
}

void IntakeCounters::accepted(Transport transport, bool attributed)
{
    ++m_accepted[size_t(transport)];
    if (!attributed)
        ++m_unattributed;
}

void IntakeCounters::dropped(Drop reason, const QString &sender, const QString &detail)
{
    Key key { int(reason), sender };
    auto it = m_dropped.find(key);
    if (it == m_dropped.end()) {
        if (m_dropped.size() >= maxSenderLabels) {
            key.second = kOther;
            it = m_dropped.find(key);
        }
        if (it == m_dropped.end())
            it = m_dropped.insert(key, 0);
    }
    ++*it;
    auto &pending = m_pending[key];
    ++pending.count;
    if (!detail.isEmpty())
        pending.detail = detail;
}

quint64 IntakeCounters::droppedTotal(Drop reason) const
{
    quint64 total = 0;
    for (auto it = m_dropped.constBegin(); it != m_dropped.constEnd(); ++it) {
        if (it.key().first == int(reason))
            total += it.value();
    }
    return total;
}

quint64 IntakeCounters::droppedFrom(Drop reason, const QString &sender) const
{
    return m_dropped.value({ int(reason), sender });
}

QStringList IntakeCounters::takeDropReport(int maxLines)
{
    QList<QPair<Key, Pending>> entries;
    entries.reserve(m_pending.size());
    for (auto it = m_pending.constBegin(); it != m_pending.constEnd(); ++it)
        entries.append({ it.key(), it.value() });
    m_pending.clear();
    std::sort(entries.begin(), entries.end(), [](const auto &a, const auto &b) {
        return a.second.count != b.second.count ? a.second.count > b.second.count : a.first < b.first;
    });
    QStringList lines;
    quint64 restRecords = 0;
    int restSenders = 0;
    for (const auto &[key, pending] : std::as_const(entries)) {
        if (lines.size() >= maxLines) {
            restRecords += pending.count;
            ++restSenders;
            continue;
        }
        QString line = QStringLiteral("dropped %1 record(s) from %2 (%3")
                           .arg(pending.count)
                           .arg(key.second, dropName(Drop(key.first)));
        if (!pending.detail.isEmpty())
            line += QStringLiteral(": ") + pending.detail;
        lines.append(line + QLatin1Char(')'));
    }
    if (restSenders > 0)
        lines.append(
            QStringLiteral("dropped %1 more record(s) from %2 more sender(s)").arg(restRecords).arg(restSenders));
    return lines;
}

void IntakeCounters::describe(MetricsRegistry &registry)
{
    registry.describe(kRecords, MetricType::Counter,
        QStringLiteral("Log records shipped from outside and added to the console's log view, by transport."));
    registry.describe(kUnattributed, MetricType::Counter,
        QStringLiteral("Of those: records no registered service or instance could be matched to."));
    registry.describe(kTruncated, MetricType::Counter,
        QStringLiteral("Of those: records whose message was cut to the per-record limit."));
    registry.describe(kDropped, MetricType::Counter,
        QStringLiteral("Records not added, by reason (oversized, malformed, flood) and sender address."));
    registry.describe(kConnections, MetricType::Gauge, QStringLiteral("Open syslog TCP connections."));
    registry.describe(kRefused, MetricType::Counter,
        QStringLiteral("Syslog TCP connections closed at once because the connection limit was reached."));
    registry.describe(kIdleClosed, MetricType::Counter,
        QStringLiteral("Syslog TCP connections closed after sending nothing for the idle timeout."));
}

void IntakeCounters::publish(MetricsRegistry &registry)
{
    const auto counter = [&](const QString &name, const MetricLabels &labels, quint64 value) {
        QString key = name;
        for (const auto &[label, labelValue] : labels)
            key += QLatin1Char('|') + label + QLatin1Char('=') + labelValue;
        double &published = m_published[key];
        if (double(value) > published || (published == 0 && value == 0))
            registry.increment(name, labels, double(value) - published);
        published = double(value);
    };
    for (const auto transport : { Transport::Udp, Transport::Tcp, Transport::Http })
        counter(kRecords, { { QStringLiteral("transport"), transportName(transport) } }, acceptedTotal(transport));
    counter(kUnattributed, {}, m_unattributed);
    counter(kTruncated, {}, m_truncated);
    counter(kRefused, {}, m_refused);
    counter(kIdleClosed, {}, m_idleClosed);
    for (auto it = m_dropped.constBegin(); it != m_dropped.constEnd(); ++it) {
        counter(kDropped,
            { { QStringLiteral("reason"), dropName(Drop(it.key().first)) },
                { QStringLiteral("sender"), it.key().second } },
            it.value());
    }
    registry.setGauge(kConnections, {}, m_connections);
}
