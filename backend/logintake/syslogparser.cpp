#include "syslogparser.h"

#include <algorithm>
#include <array>
#include <cstring>
#include <QTimeZone>

namespace {

constexpr std::array<const char *, 12> kMonths
    = { "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };

// A cursor over the frame: every read is bounds-checked, so a truncated record fails instead of overrunning.
struct Reader
{
    QByteArrayView text;
    qsizetype at = 0;

    bool atEnd() const { return at >= text.size(); }
    char peek() const { return atEnd() ? '\0' : text[at]; }
    QByteArrayView rest() const { return text.sliced(std::min(at, text.size())); }
    // Up to the next space (not consumed) or the end.
    QByteArrayView token()
    {
        const qsizetype start = at;
        while (!atEnd() && text[at] != ' ')
            ++at;
        return text.sliced(start, at - start);
    }
    bool skip(char c)
    {
        if (peek() != c)
            return false;
        ++at;
        return true;
    }
};

QString nilOr(QByteArrayView value)
{
    return value == "-" ? QString() : QString::fromUtf8(value);
}

// RFC 3339 as RFC 5424 §6.2.3 restricts it; fractions beyond milliseconds are cut (Qt reads three digits).
QDateTime parseRfc3339(QByteArrayView value)
{
    QByteArray text = value.toByteArray();
    const qsizetype dot = text.indexOf('.');
    if (dot > 0) {
        qsizetype end = dot + 1;
        while (end < text.size() && text[end] >= '0' && text[end] <= '9')
            ++end;
        if (end - dot - 1 > 3)
            text.remove(dot + 4, end - dot - 4);
    }
    return QDateTime::fromString(QString::fromLatin1(text), Qt::ISODateWithMs);
}

// RFC 5424 §6.4: the message is UTF-8 when it starts with a BOM; without one it is "unknown", which in
// practice is UTF-8 too. Invalid sequences become U+FFFD rather than failing the record.
QString messageText(QByteArrayView bytes)
{
    if (bytes.startsWith("\xEF\xBB\xBF"))
        bytes = bytes.sliced(3);
    return QString::fromUtf8(bytes);
}

bool isTagChar(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_'
        || c == '.' || c == '/' || c == '@';
}

// "tag: msg", "tag[pid]: msg" or "tag[pid] msg" at the start of 3164 or bare content. Content that does not
// start that way is all message.
void splitTag(QByteArrayView content, IntakeRecord *record)
{
    qsizetype end = 0;
    while (end < content.size() && end < 64 && isTagChar(content[end]))
        ++end;
    if (end == 0 || end >= content.size()) {
        record->message = messageText(content);
        return;
    }
    qsizetype at = end;
    QByteArrayView pid;
    if (content[at] == '[') {
        const qsizetype close = content.indexOf(']', at);
        if (close < 0 || close - at > 129) {
            record->message = messageText(content);
            return;
        }
        pid = content.sliced(at + 1, close - at - 1);
        at = close + 1;
        if (at < content.size() && content[at] == ':')
            ++at;
    } else if (content[at] == ':') {
        ++at;
    } else {
        record->message = messageText(content);
        return;
    }
    if (at < content.size() && content[at] != ' ') {
        record->message = messageText(content); // "http://x" or "a:b": not a tag
        return;
    }
    record->appName = QString::fromUtf8(content.first(end));
    record->procId = QString::fromUtf8(pid);
    if (at < content.size())
        ++at; // the one space after the colon
    record->message = messageText(content.sliced(at));
}

bool parse5424(Reader &in, IntakeRecord *record, QString *error)
{
    const auto fail = [error](const char *why) {
        if (error)
            *error = QString::fromLatin1(why);
        return false;
    };
    if (!in.skip(' '))
        return fail("RFC 5424: no space after the version");
    const auto timestamp = in.token();
    if (timestamp.isEmpty() || !in.skip(' '))
        return fail("RFC 5424: header ends before HOSTNAME");
    if (timestamp != "-") {
        const auto time = parseRfc3339(timestamp);
        if (!time.isValid())
            return fail("RFC 5424: TIMESTAMP is not RFC 3339");
        record->timeMs = time.toMSecsSinceEpoch();
    }
    QByteArrayView fields[4]; // HOSTNAME APP-NAME PROCID MSGID
    for (auto &field : fields) {
        field = in.token();
        if (field.isEmpty() || !in.skip(' '))
            return fail("RFC 5424: header ends before STRUCTURED-DATA");
    }
    record->hostname = nilOr(fields[0]);
    record->appName = nilOr(fields[1]);
    record->procId = nilOr(fields[2]);
    record->msgId = nilOr(fields[3]);
    if (in.peek() == '-') {
        in.skip('-');
    } else {
        qsizetype consumed = 0;
        if (!SyslogParser::parseStructuredData(in.rest(), &consumed, record, error))
            return false;
        in.at += consumed;
    }
    if (in.atEnd())
        return true;
    if (!in.skip(' '))
        return fail("RFC 5424: no space between STRUCTURED-DATA and MSG");
    record->message = messageText(in.rest());
    return true;
}

void parse3164(Reader &in, const QDateTime &receivedAt, IntakeRecord *record)
{
    // "Mmm dd hh:mm:ss HOST " when present; some forwarders put an RFC 3339 time there instead.
    const auto rest = in.rest();
    QDateTime time;
    qsizetype headerEnd = 0;
    if (rest.size() >= 16 && rest[15] == ' ') {
        time = SyslogParser::parse3164Time(rest.first(15), receivedAt);
        headerEnd = 16;
    }
    if (!time.isValid()) {
        const qsizetype space = rest.indexOf(' ');
        if (space >= 19 && rest[4] == '-' && rest[10] == 'T') {
            time = parseRfc3339(rest.first(space));
            headerEnd = space + 1;
        }
    }
    if (!time.isValid()) {
        splitTag(rest, record); // the bare form: no header, the content may still start with a tag
        return;
    }
    record->timeMs = time.toMSecsSinceEpoch();
    in.at += headerEnd;
    const qsizetype hostStart = in.at;
    const auto host = in.token();
    // A sender that leaves the host out writes "tag: msg" or "tag[pid]: msg" straight after the time.
    if (host.endsWith(':') || (host.contains('[') && host.endsWith(']'))) {
        splitTag(in.text.sliced(hostStart), record);
        return;
    }
    in.skip(' ');
    record->hostname = QString::fromUtf8(host);
    splitTag(in.rest(), record);
}

} // namespace

namespace SyslogParser {

bool parse(QByteArrayView frame, const QDateTime &receivedAt, IntakeRecord *record, QString *error)
{
    while (!frame.isEmpty() && (frame.back() == '\0' || frame.back() == '\n' || frame.back() == '\r'))
        frame.chop(1);
    Reader in { frame };
    const auto fail = [error](const char *why) {
        if (error)
            *error = QString::fromLatin1(why);
        return false;
    };
    if (!in.skip('<'))
        return fail("no <PRI> at the start");
    int pri = 0;
    int digits = 0;
    while (in.peek() >= '0' && in.peek() <= '9' && digits < 4) {
        pri = pri * 10 + (in.peek() - '0');
        ++in.at;
        ++digits;
    }
    if (digits == 0 || digits > 3 || !in.skip('>') || pri > 191)
        return fail("PRI is not <0> to <191>");
    record->facility = pri / 8;
    record->severity = pri % 8;
    record->level = SyslogSeverity::toLevel(record->severity);
    record->timeMs = receivedAt.toMSecsSinceEpoch();
    // "1 " right after the PRI is RFC 5424's VERSION; a 3164 timestamp starts with a month name.
    if (in.peek() == '1' && in.at + 1 < frame.size() && frame[in.at + 1] == ' ') {
        ++in.at;
        return parse5424(in, record, error);
    }
    parse3164(in, receivedAt, record);
    return true;
}

bool parseStructuredData(QByteArrayView text, qsizetype *consumed, IntakeRecord *record, QString *error)
{
    const auto fail = [error](const char *why) {
        if (error)
            *error = QString::fromLatin1(why);
        return false;
    };
    qsizetype at = 0;
    const auto nameEnd = [&](qsizetype from, const char *stops) {
        while (from < text.size() && !std::strchr(stops, text[from]) && text[from] > ' ' && text[from] < 127)
            ++from;
        return from;
    };
    while (at < text.size() && text[at] == '[') {
        const qsizetype idEnd = nameEnd(at + 1, "]= \"");
        if (idEnd == at + 1 || idEnd - at - 1 > 32)
            return fail("structured data: bad SD-ID");
        const QString id = QString::fromLatin1(text.sliced(at + 1, idEnd - at - 1));
        at = idEnd;
        while (at < text.size() && text[at] == ' ') {
            const qsizetype paramStart = at + 1;
            const qsizetype paramEnd = nameEnd(paramStart, "]= \"");
            if (paramEnd == paramStart || paramEnd - paramStart > 32 || paramEnd + 1 >= text.size()
                || text[paramEnd] != '=' || text[paramEnd + 1] != '"')
                return fail("structured data: bad PARAM-NAME=\"value\"");
            QByteArray value;
            qsizetype v = paramEnd + 2;
            bool closed = false;
            for (; v < text.size(); ++v) {
                const char c = text[v];
                if (c == '\\' && v + 1 < text.size()
                    && (text[v + 1] == '"' || text[v + 1] == '\\' || text[v + 1] == ']')) {
                    value += text[++v]; // RFC 5424 §6.3.3: only these three are escaped
                } else if (c == '"') {
                    closed = true;
                    break;
                } else {
                    value += c;
                }
            }
            if (!closed)
                return fail("structured data: unterminated PARAM-VALUE");
            const QString name = QString::fromLatin1(text.sliced(paramStart, paramEnd - paramStart));
            const QString decoded = QString::fromUtf8(value);
            record->structured.insert(id + QLatin1Char('.') + name, decoded);
            record->structured.insert(name, decoded);
            at = v + 1;
        }
        if (at >= text.size() || text[at] != ']')
            return fail("structured data: SD-ELEMENT not closed by ]");
        ++at;
    }
    if (at == 0)
        return fail("structured data: neither - nor [");
    *consumed = at;
    return true;
}

QDateTime parse3164Time(QByteArrayView text, const QDateTime &receivedAt)
{
    if (text.size() != 15 || text[3] != ' ' || text[6] != ' ' || text[9] != ':' || text[12] != ':')
        return {};
    int month = 0;
    for (int i = 0; i < 12; ++i) {
        if (text.first(3) == kMonths[size_t(i)])
            month = i + 1;
    }
    const auto number = [&](qsizetype at, int length) {
        int value = 0;
        for (int i = 0; i < length; ++i) {
            const char c = text[at + i];
            if (c == ' ' && i == 0 && length == 2)
                continue; // "Oct  5": the day is space-padded
            if (c < '0' || c > '9')
                return -1;
            value = value * 10 + (c - '0');
        }
        return value;
    };
    const int day = number(4, 2), hour = number(7, 2), minute = number(10, 2), second = number(13, 2);
    if (month == 0 || day < 1 || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 60)
        return {};
    const QDateTime local = receivedAt.toLocalTime();
    // No year on the wire: the one that makes the time not more than a day ahead of now (a record sent on
    // 31 December and read on 1 January keeps last year).
    QDateTime time(
        QDate(local.date().year(), month, day), QTime(hour, minute, std::min(second, 59)), QTimeZone::systemTimeZone());
    if (time.isValid() && time > local.addDays(1))
        time = time.addYears(-1);
    return time;
}

} // namespace SyslogParser
