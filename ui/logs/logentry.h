#pragma once

#include <QMetaType>
#include <QString>

// One log record as the console shows it. Levels follow spdlog's numbering (0 trace … 5 critical).
struct LogEntry
{
    quint64 sequence = 0;
    qint64 timeMs = 0;
    int level = 2;
    QString source; // logger name: an instance ("cart-2") or a subsystem ("scraper")
    QString message;
    bool access = false; // an access line of the instance in source (AccessLog)
    // The service as the record names it (a shipped record's attribution); empty: derived from source.
    QString serviceName {};

    // serviceName when set, else "cart-2" → "cart"; subsystems are their own service.
    QString service() const;
};
Q_DECLARE_METATYPE(LogEntry)

namespace LogLevels {
QString name(int level);
int fromName(const QString &name);
} // namespace LogLevels
