#include "promparser.h"

#include <charconv>
#include <cmath>
#include <limits>
#include <QHash>

namespace {

bool isNameStart(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == ':';
}

bool isNameChar(char c)
{
    return isNameStart(c) || (c >= '0' && c <= '9');
}

bool isLabelNameStart(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

bool isLabelNameChar(char c)
{
    return isLabelNameStart(c) || (c >= '0' && c <= '9');
}

void skipBlanks(const char *&p, const char *end)
{
    while (p < end && (*p == ' ' || *p == '\t'))
        ++p;
}

// Reads a metric name at p; empty when there is none.
QString readName(const char *&p, const char *end)
{
    const char *start = p;
    if (p < end && isNameStart(*p)) {
        ++p;
        while (p < end && isNameChar(*p))
            ++p;
    }
    return QString::fromLatin1(start, int(p - start));
}

bool equalsIgnoreCase(const char *begin, const char *end, const char *word)
{
    for (const char *p = begin; p < end; ++p, ++word) {
        if (*word == 0)
            return false;
        char c = *p;
        if (c >= 'A' && c <= 'Z')
            c = char(c - 'A' + 'a');
        if (c != *word)
            return false;
    }
    return *word == 0;
}

// The family a sample belongs to: the declared family whose name matches, allowing the suffixes its type
// defines (histogram: _bucket, _sum, _count; summary: _sum, _count).
struct FamilyIndex
{
    QList<MetricFamily> *families;
    QHash<QString, int> byName;

    int find(const QString &sampleName) const
    {
        if (auto it = byName.constFind(sampleName); it != byName.constEnd())
            return *it;
        static const QLatin1String suffixes[]
            = { QLatin1String("_bucket"), QLatin1String("_sum"), QLatin1String("_count") };
        for (const auto &suffix : suffixes) {
            if (!sampleName.endsWith(suffix))
                continue;
            const auto it = byName.constFind(sampleName.left(sampleName.size() - suffix.size()));
            if (it == byName.constEnd())
                continue;
            const MetricType type = (*families)[*it].type;
            if (type == MetricType::Histogram || (type == MetricType::Summary && suffix != QLatin1String("_bucket")))
                return *it;
        }
        return -1;
    }

    int add(const QString &name, MetricType type)
    {
        families->append(MetricFamily { name, type, {}, {} });
        byName.insert(name, int(families->size() - 1));
        return int(families->size() - 1);
    }
};

QString unescape(const char *begin, const char *end, bool allowQuote, QString *error)
{
    QByteArray out;
    out.reserve(int(end - begin));
    for (const char *p = begin; p < end; ++p) {
        if (*p != '\\') {
            out += *p;
            continue;
        }
        if (++p == end) {
            *error = QStringLiteral("dangling backslash");
            return {};
        }
        if (*p == '\\')
            out += '\\';
        else if (*p == 'n')
            out += '\n';
        else if (*p == '"' && allowQuote)
            out += '"';
        else // the format only defines these escapes; anything else is kept literally, as Prometheus does
            out += '\\', out += *p;
    }
    return QString::fromUtf8(out);
}

} // namespace

bool PromParser::parseValue(const char *begin, const char *end, double *value)
{
    if (begin >= end)
        return false;
    const char *p = begin;
    bool negative = false;
    if (*p == '+' || *p == '-') {
        negative = *p == '-';
        ++p;
    }
    if (equalsIgnoreCase(p, end, "inf") || equalsIgnoreCase(p, end, "infinity")) {
        *value = negative ? -std::numeric_limits<double>::infinity() : std::numeric_limits<double>::infinity();
        return true;
    }
    if (p == begin && equalsIgnoreCase(p, end, "nan")) {
        *value = std::numeric_limits<double>::quiet_NaN();
        return true;
    }
    if (p == end || *p == '+' || *p == '-')
        return false;
    double parsed = 0;
    const auto result = std::from_chars(p, end, parsed);
    if (result.ec != std::errc() || result.ptr != end || std::isnan(parsed))
        return false;
    *value = negative ? -parsed : parsed;
    return true;
}

PromParser::Result PromParser::parse(const QByteArray &text)
{
    Result result;
    FamilyIndex index { &result.families, {} };
    const char *p = text.constData();
    const char *const textEnd = p + text.size();
    int lineNo = 0;
    auto fail = [&](const QString &message) {
        result.ok = false;
        result.error = QStringLiteral("line %1: %2").arg(lineNo).arg(message);
        result.families.clear();
        result.sampleCount = 0;
        return result;
    };

    while (p < textEnd) {
        ++lineNo;
        const char *lineEnd = static_cast<const char *>(memchr(p, '\n', size_t(textEnd - p)));
        const char *next = lineEnd ? lineEnd + 1 : textEnd;
        if (!lineEnd)
            lineEnd = textEnd;
        if (lineEnd > p && lineEnd[-1] == '\r')
            --lineEnd;
        const char *q = p;
        p = next;
        skipBlanks(q, lineEnd);
        if (q == lineEnd)
            continue;

        if (*q == '#') {
            ++q;
            skipBlanks(q, lineEnd);
            const char *wordStart = q;
            while (q < lineEnd && *q != ' ' && *q != '\t')
                ++q;
            const QByteArray keyword(wordStart, int(q - wordStart));
            if (keyword != "HELP" && keyword != "TYPE")
                continue; // an ordinary comment
            skipBlanks(q, lineEnd);
            const QString name = readName(q, lineEnd);
            if (name.isEmpty())
                return fail(QStringLiteral("%1 without a metric name").arg(QString::fromLatin1(keyword)));
            if (q < lineEnd && *q != ' ' && *q != '\t')
                return fail(QStringLiteral("invalid character in metric name"));
            skipBlanks(q, lineEnd);
            int family = index.byName.value(name, -1);
            if (keyword == "TYPE") {
                const auto type = metricTypeFromName(QString::fromLatin1(q, int(lineEnd - q)).trimmed());
                if (!type)
                    return fail(QStringLiteral("unknown type '%1'").arg(QString::fromLatin1(q, int(lineEnd - q))));
                if (family >= 0 && !result.families[family].samples.isEmpty())
                    return fail(QStringLiteral("TYPE for %1 after its samples").arg(name));
                if (family >= 0 && result.families[family].type != MetricType::Untyped)
                    return fail(QStringLiteral("second TYPE line for %1").arg(name));
                if (family < 0)
                    family = index.add(name, *type);
                result.families[family].type = *type;
            } else {
                QString error;
                const QString help = unescape(q, lineEnd, false, &error);
                if (!error.isEmpty())
                    return fail(error);
                if (family >= 0 && !result.families[family].help.isEmpty())
                    return fail(QStringLiteral("second HELP line for %1").arg(name));
                if (family < 0)
                    family = index.add(name, MetricType::Untyped);
                result.families[family].help = help;
            }
            continue;
        }

        MetricSample sample;
        sample.name = readName(q, lineEnd);
        if (sample.name.isEmpty())
            return fail(QStringLiteral("expected a metric name"));
        const char *afterName = q;
        skipBlanks(q, lineEnd);
        if (q < lineEnd && *q != '{')
            q = afterName;
        if (q < lineEnd && *q == '{') {
            ++q;
            for (;;) {
                skipBlanks(q, lineEnd);
                if (q < lineEnd && *q == '}') {
                    ++q;
                    break;
                }
                const char *labelStart = q;
                if (q < lineEnd && isLabelNameStart(*q)) {
                    ++q;
                    while (q < lineEnd && isLabelNameChar(*q))
                        ++q;
                }
                if (q == labelStart)
                    return fail(QStringLiteral("expected a label name"));
                const QString labelName = QString::fromLatin1(labelStart, int(q - labelStart));
                skipBlanks(q, lineEnd);
                if (q == lineEnd || *q != '=')
                    return fail(QStringLiteral("expected '=' after label %1").arg(labelName));
                ++q;
                skipBlanks(q, lineEnd);
                if (q == lineEnd || *q != '"')
                    return fail(QStringLiteral("expected '\"' to open the value of label %1").arg(labelName));
                const char *valueStart = ++q;
                bool escaped = false;
                bool hasEscape = false;
                while (q < lineEnd && (escaped || *q != '"')) {
                    escaped = !escaped && *q == '\\';
                    hasEscape = hasEscape || escaped;
                    ++q;
                }
                if (q == lineEnd)
                    return fail(QStringLiteral("unterminated value of label %1").arg(labelName));
                QString error;
                const QString value = hasEscape ? unescape(valueStart, q, true, &error)
                                                : QString::fromUtf8(valueStart, int(q - valueStart));
                if (!error.isEmpty())
                    return fail(error);
                for (const auto &existing : std::as_const(sample.labels)) {
                    if (existing.first == labelName)
                        return fail(QStringLiteral("duplicate label %1").arg(labelName));
                }
                sample.labels.append({ labelName, value });
                ++q;
                skipBlanks(q, lineEnd);
                if (q < lineEnd && *q == ',') {
                    ++q;
                    continue;
                }
                if (q < lineEnd && *q == '}') {
                    ++q;
                    break;
                }
                return fail(QStringLiteral("expected ',' or '}' after label %1").arg(labelName));
            }
        }
        if (q < lineEnd && *q != ' ' && *q != '\t')
            return fail(QStringLiteral("expected a space before the value"));
        skipBlanks(q, lineEnd);
        const char *valueStart = q;
        while (q < lineEnd && *q != ' ' && *q != '\t')
            ++q;
        if (!parseValue(valueStart, q, &sample.value))
            return fail(QStringLiteral("invalid value '%1'").arg(QString::fromLatin1(valueStart, int(q - valueStart))));
        skipBlanks(q, lineEnd);
        if (q < lineEnd) {
            const char *tsStart = q;
            while (q < lineEnd && *q != ' ' && *q != '\t')
                ++q;
            qint64 timestamp = 0;
            const char *digits = tsStart + (*tsStart == '-' ? 1 : 0);
            const auto conv = std::from_chars(tsStart, q, timestamp);
            if (digits == q || conv.ec != std::errc() || conv.ptr != q)
                return fail(
                    QStringLiteral("invalid timestamp '%1'").arg(QString::fromLatin1(tsStart, int(q - tsStart))));
            sample.timestampMs = timestamp;
            skipBlanks(q, lineEnd);
            if (q < lineEnd)
                return fail(QStringLiteral("unexpected text after the timestamp"));
        }

        int family = index.find(sample.name);
        if (family < 0)
            family = index.add(sample.name, MetricType::Untyped);
        auto &target = result.families[family];
        if ((target.type == MetricType::Histogram && sample.name.endsWith(QLatin1String("_bucket")))
            && sample.label(QStringLiteral("le")).isEmpty())
            return fail(QStringLiteral("histogram bucket %1 without an 'le' label").arg(sample.name));
        target.samples.append(std::move(sample));
        ++result.sampleCount;
    }
    result.ok = true;
    return result;
}
