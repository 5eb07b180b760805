#include "loghub.h"

#include "core/logging.h"
#include "http/accesslog.h"

#include <chrono>
#include <QHash>
#include <spdlog/details/log_msg.h>

LogHub::LogHub(size_t capacity)
    : m_slots(std::max<size_t>(1, capacity))
{
    for (auto &slot : m_slots)
        slot.message.reserve(128); // most messages then fit without allocating while the lock is held
}

void LogHub::log(const spdlog::details::log_msg &message)
{
    const qint64 timeMs
        = std::chrono::duration_cast<std::chrono::milliseconds>(message.time.time_since_epoch()).count();
    std::lock_guard lock(m_mutex);
    const quint64 seq = m_next++;
    Slot &slot = m_slots[seq % m_slots.size()];
    slot.seq = seq;
    slot.timeMs = timeMs;
    slot.level = message.level;
    slot.logger.assign(message.logger_name.data(), message.logger_name.size());
    slot.message.assign(message.payload.data(), message.payload.size());
    slot.threadId = message.thread_id;
    slot.external = false;
    slot.facility = -1;
    m_latest.store(seq, std::memory_order_release);
}

quint64 LogHub::appendExternal(const External &record)
{
    // Everything that allocates happens outside the lock; under it the strings are only swapped, and the
    // overwritten slot's old strings are freed after the lock is released (they end up in these locals).
    std::string logger = (record.instance.isEmpty() ? record.service : record.instance).toStdString();
    std::string message = record.message.toStdString();
    std::string service = record.service.toStdString();
    std::string instance = record.instance.toStdString();
    std::lock_guard lock(m_mutex);
    const quint64 seq = m_next++;
    Slot &slot = m_slots[seq % m_slots.size()];
    slot.seq = seq;
    slot.timeMs = record.timeMs;
    slot.level = record.level;
    slot.logger.swap(logger);
    slot.message.swap(message);
    slot.threadId = 0;
    slot.external = true;
    slot.service.swap(service);
    slot.instance.swap(instance);
    slot.facility = record.facility;
    m_latest.store(seq, std::memory_order_release);
    return seq;
}

QList<LogRecord> LogHub::recordsSince(quint64 afterSeq, int maxRecords, quint64 *missed) const
{
    std::vector<Slot> copied;
    quint64 first = afterSeq + 1;
    {
        std::lock_guard lock(m_mutex);
        const quint64 end = m_next; // one past the newest
        const quint64 oldest = end > m_slots.size() ? end - m_slots.size() : 1;
        first = std::max(first, oldest);
        if (maxRecords >= 0 && end > first && end - first > quint64(maxRecords))
            first = end - quint64(maxRecords);
        if (end > first) {
            copied.reserve(size_t(end - first));
            for (quint64 seq = first; seq < end; ++seq)
                copied.push_back(m_slots[seq % m_slots.size()]);
        }
    }
    if (missed)
        *missed = first - (afterSeq + 1);
    QList<LogRecord> out;
    out.reserve(qsizetype(copied.size()));
    QHash<QString, QPair<QString, QString>> origins; // loggers repeat a lot within one batch
    for (const auto &slot : copied) {
        LogRecord record;
        record.seq = slot.seq;
        record.timeMs = slot.timeMs;
        record.level = slot.level;
        record.logger = QString::fromStdString(slot.logger);
        record.message = QString::fromStdString(slot.message);
        record.threadId = slot.threadId;
        record.facility = slot.facility;
        if (slot.external) {
            record.service = QString::fromStdString(slot.service);
            record.instance = QString::fromStdString(slot.instance);
            out.append(std::move(record));
            continue;
        }
        auto origin = origins.constFind(record.logger);
        if (origin == origins.constEnd()) {
            QString service, instance;
            originOf(record.logger, &service, &instance);
            origin = origins.insert(record.logger, { service, instance });
        }
        record.service = origin->first;
        record.instance = origin->second;
        record.access = record.logger.endsWith(QLatin1String("/access"));
        out.append(std::move(record));
    }
    return out;
}

bool LogHub::setLevel(const QString &logger, spdlog::level::level_enum level)
{
    return Logging::setLevel(logger.toStdString(), level);
}

void LogHub::originOf(const QString &name, QString *service, QString *instance)
{
    const QString accessOf = AccessLog::instanceOf(name);
    const QString &logger = accessOf.isEmpty() ? name : accessOf;
    qsizetype cut = logger.size();
    while (cut > 0 && logger.at(cut - 1).isDigit())
        --cut;
    if (cut < logger.size() && cut >= 2
        && (logger.at(cut - 1) == QLatin1Char('-') || logger.at(cut - 1) == QLatin1Char('.'))) {
        *service = logger.left(cut - 1);
        *instance = logger;
        return;
    }
    *service = logger;
    instance->clear();
}
