#include "accesslog.h"

#include "core/logging.h"

#include <QDateTime>
#include <QTimer>
#include <spdlog/spdlog.h>

namespace {

constexpr qint64 kWindowMs = 1000;
const QString kSuffix = QStringLiteral("/access");

} // namespace

AccessLog::AccessLog(const QString &instanceId, int successPerSecond, QObject *parent)
    : QObject(parent)
    , m_logger(Logging::get(loggerFor(instanceId).toStdString()))
    , m_successPerSecond(successPerSecond)
    , m_summaryTimer(new QTimer(this))
{
    m_summaryTimer->setSingleShot(true);
    connect(m_summaryTimer, &QTimer::timeout, this, [this] { flushSummary(); });
}

AccessLog::~AccessLog()
{
    flushSummary();
}

QString AccessLog::loggerFor(const QString &instanceId)
{
    return instanceId + kSuffix;
}

QString AccessLog::instanceOf(const QString &logger)
{
    return logger.endsWith(kSuffix) ? logger.chopped(kSuffix.size()) : QString();
}

bool AccessLog::admit(int status, const QString &route)
{
    const bool success = status > 0 && status < 400;
    // The console's own scrapes and health probes answer every second on every instance: noise, not traffic.
    if (success && (route == QLatin1String("/metrics") || route == QLatin1String("/health")))
        return false;
    if (success && m_successPerSecond >= 0) {
        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        if (now - m_windowStartMs >= kWindowMs) {
            flushSummary();
            m_windowStartMs = now;
            m_writtenInWindow = 0;
        }
        if (m_writtenInWindow >= m_successPerSecond) {
            ++m_sampledOut;
            ++m_sampledOutTotal;
            if (!m_summaryTimer->isActive())
                m_summaryTimer->start(int(std::max<qint64>(1, m_windowStartMs + kWindowMs - now)));
            return false;
        }
        ++m_writtenInWindow;
    }
    return true;
}

void AccessLog::write(const QByteArray &method, const QString &route, int status, double seconds, const QString &caller,
    const QByteArray &requestId, bool longPoll)
{
    const auto level = status >= 500 || status == 0 ? spdlog::level::warn : spdlog::level::info;
    // A held long poll's duration is how long it waited for a change, not a latency: it says so.
    m_logger->log(level, "{} {} {} {:.1f} ms{} caller={} id={}", method.constData(), route.toStdString(), status,
        seconds * 1000.0, longPoll ? " (held)" : "", caller.isEmpty() ? std::string("-") : caller.toStdString(),
        requestId.isEmpty() ? std::string("-") : requestId.toStdString());
}

void AccessLog::flushSummary()
{
    m_summaryTimer->stop();
    if (m_sampledOut == 0)
        return;
    m_logger->info("{} more successful request(s) in that second not written (access lines above {}/s are "
                   "counted, not written)",
        m_sampledOut, m_successPerSecond);
    m_sampledOut = 0;
}
