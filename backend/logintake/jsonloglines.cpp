#include "jsonloglines.h"

#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace {

QJsonValue field(const QJsonObject &object, std::initializer_list<const char *> names)
{
    for (auto it = object.constBegin(); it != object.constEnd(); ++it) {
        for (const char *name : names) {
            if (it.key().compare(QLatin1String(name), Qt::CaseInsensitive) == 0)
                return it.value();
        }
    }
    return QJsonValue::Undefined;
}

bool fromObject(const QJsonObject &object, const QDateTime &receivedAt, IntakeRecord *record, QString *reason)
{
    const auto message = field(object, { "message", "msg" });
    if (message.isUndefined() || message.isNull()) {
        *reason = QStringLiteral("no \"message\" or \"msg\"");
        return false;
    }
    if (message.isString()) {
        record->message = message.toString();
    } else {
        const auto document
            = message.isObject() ? QJsonDocument(message.toObject()) : QJsonDocument(QJsonArray { message });
        record->message = QString::fromUtf8(document.toJson(QJsonDocument::Compact));
        if (!message.isObject()) // [value] → value
            record->message = record->message.mid(1, record->message.size() - 2);
    }
    record->timeMs = receivedAt.toMSecsSinceEpoch();
    const auto time = field(object, { "time", "timestamp", "ts" });
    if (time.isString()) {
        const auto parsed = QDateTime::fromString(time.toString(), Qt::ISODateWithMs);
        if (!parsed.isValid()) {
            *reason = QStringLiteral("\"time\" is not RFC 3339");
            return false;
        }
        record->timeMs = parsed.toMSecsSinceEpoch();
    } else if (time.isDouble()) {
        const double value = time.toDouble();
        record->timeMs = qint64(value > 1e11 ? value : value * 1000.0);
    }
    const auto level = field(object, { "level", "severity" });
    if (level.isString()) {
        if (!JsonLogLines::levelFromName(level.toString(), &record->level)) {
            *reason = QStringLiteral("unknown level \"%1\"").arg(level.toString().left(32));
            return false;
        }
    } else if (level.isDouble()) {
        const int severity = level.toInt(-1);
        if (severity < 0 || severity > 7) {
            *reason = QStringLiteral("a numeric level is a syslog severity, 0 to 7");
            return false;
        }
        record->severity = severity;
        record->level = SyslogSeverity::toLevel(severity);
    }
    record->service = field(object, { "service" }).toString();
    record->instance = field(object, { "instance" }).toString();
    record->hostname = field(object, { "host", "hostname" }).toString();
    return true;
}

} // namespace

namespace JsonLogLines {

bool levelFromName(const QString &name, spdlog::level::level_enum *level)
{
    static const QHash<QString, spdlog::level::level_enum> names {
        { QStringLiteral("trace"), spdlog::level::trace },
        { QStringLiteral("debug"), spdlog::level::debug },
        { QStringLiteral("info"), spdlog::level::info },
        { QStringLiteral("information"), spdlog::level::info },
        { QStringLiteral("notice"), spdlog::level::info },
        { QStringLiteral("warn"), spdlog::level::warn },
        { QStringLiteral("warning"), spdlog::level::warn },
        { QStringLiteral("error"), spdlog::level::err },
        { QStringLiteral("err"), spdlog::level::err },
        { QStringLiteral("critical"), spdlog::level::critical },
        { QStringLiteral("crit"), spdlog::level::critical },
        { QStringLiteral("fatal"), spdlog::level::critical },
        { QStringLiteral("alert"), spdlog::level::critical },
        { QStringLiteral("emerg"), spdlog::level::critical },
        { QStringLiteral("emergency"), spdlog::level::critical },
    };
    const auto it = names.constFind(name.trimmed().toLower());
    if (it == names.constEnd())
        return false;
    *level = *it;
    return true;
}

Parsed parse(QByteArrayView body, const QDateTime &receivedAt, qsizetype maxLineBytes)
{
    Parsed out;
    const auto take = [&](const QJsonValue &value, int line) {
        IntakeRecord record;
        QString reason;
        if (!value.isObject())
            out.rejected.append({ line, QStringLiteral("not a JSON object") });
        else if (fromObject(value.toObject(), receivedAt, &record, &reason))
            out.records.append(std::move(record));
        else
            out.rejected.append({ line, reason });
    };
    const QByteArrayView trimmed = body.trimmed();
    if (trimmed.startsWith('[')) {
        QJsonParseError error {};
        const auto document = QJsonDocument::fromJson(trimmed.toByteArray(), &error);
        if (error.error != QJsonParseError::NoError) {
            out.rejected.append({ 1, QStringLiteral("not JSON: %1").arg(error.errorString()) });
            return out;
        }
        int index = 0;
        const QJsonArray records = document.array();
        for (const auto &value : records)
            take(value, ++index);
        return out;
    }
    int line = 0;
    qsizetype at = 0;
    while (at < body.size()) {
        qsizetype end = body.indexOf('\n', at);
        if (end < 0)
            end = body.size();
        const QByteArrayView text = body.sliced(at, end - at).trimmed();
        at = end + 1;
        ++line;
        if (text.isEmpty())
            continue;
        if (text.size() > maxLineBytes) {
            ++out.oversized;
            out.rejected.append({ line, QStringLiteral("line longer than %1 bytes").arg(maxLineBytes) });
            continue;
        }
        QJsonParseError error {};
        const auto document = QJsonDocument::fromJson(text.toByteArray(), &error);
        if (error.error != QJsonParseError::NoError) {
            out.rejected.append({ line, QStringLiteral("not JSON: %1").arg(error.errorString()) });
            continue;
        }
        take(document.isObject() ? QJsonValue(document.object()) : QJsonValue(document.array()), line);
    }
    return out;
}

} // namespace JsonLogLines
