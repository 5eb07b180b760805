#pragma once

#include "intakerecord.h"

#include <QByteArrayView>
#include <QDateTime>
#include <QList>

// Reads a body of JSON lines (one object per line, as Vector, Fluent Bit and most JSON loggers write them; a
// JSON array of objects is taken too). Field names in any case:
//   time | timestamp | ts     RFC 3339 string, or a number: seconds since the epoch (milliseconds when > 1e11)
//   level | severity         "info", "WARN", "error", "fatal"...; a number is a syslog severity (0..7)
//   message | msg            the text (anything else is written as JSON)
//   service, instance        who sent it (then no lookup is needed); host | hostname helps the lookup
// A line that is not an object, or has no message, is rejected with its line number; blank lines are skipped.
namespace JsonLogLines {

struct Rejected
{
    int line = 0; // 1-based
    QString reason;
};

struct Parsed
{
    QList<IntakeRecord> records;
    QList<Rejected> rejected;
    int oversized = 0; // lines over maxLineBytes (also listed in rejected)
};

Parsed parse(QByteArrayView body, const QDateTime &receivedAt, qsizetype maxLineBytes);

// "warning" → warn and so on; false for a name no logging library uses.
bool levelFromName(const QString &name, spdlog::level::level_enum *level);

} // namespace JsonLogLines
