#pragma once

#include <QMap>
#include <QString>
#include <spdlog/common.h>

// One log record shipped by a service outside the console, as a parser read it off the wire and before it
// is attributed to a registered service and instance.
struct IntakeRecord
{
    qint64 timeMs = 0; // the sender's timestamp, else the time it was received
    spdlog::level::level_enum level = spdlog::level::info;
    int facility = -1; // syslog facility (0 kern, 1 user, 16..23 local0..7); -1 when the format has none
    int severity = -1; // syslog severity 0..7; -1 when the format has none
    QString hostname;
    QString appName; // RFC 5424 APP-NAME, RFC 3164 TAG
    QString procId;
    QString msgId;
    // Structured data, flattened: "sd-id.param" → value, and the bare "param" → value as well.
    QMap<QString, QString> structured;
    QString message;
    // Named by the sender itself (JSON fields, SD params service= / instance=): these win over any lookup.
    QString service;
    QString instance;
};

namespace SyslogSeverity {

// RFC 5424 §6.2.1: 0 emergency, 1 alert, 2 critical → critical; 3 error; 4 warning; 5 notice, 6 info → info;
// 7 debug.
inline spdlog::level::level_enum toLevel(int severity)
{
    switch (severity) {
    case 0:
    case 1:
    case 2:
        return spdlog::level::critical;
    case 3:
        return spdlog::level::err;
    case 4:
        return spdlog::level::warn;
    case 7:
        return spdlog::level::debug;
    default:
        return spdlog::level::info;
    }
}

} // namespace SyslogSeverity
