#include "promwriter.h"

#include <charconv>
#include <cmath>

QString metricTypeName(MetricType type)
{
    switch (type) {
    case MetricType::Counter:
        return QStringLiteral("counter");
    case MetricType::Gauge:
        return QStringLiteral("gauge");
    case MetricType::Histogram:
        return QStringLiteral("histogram");
    case MetricType::Summary:
        return QStringLiteral("summary");
    case MetricType::Untyped:
        break;
    }
    return QStringLiteral("untyped");
}

std::optional<MetricType> metricTypeFromName(const QString &name)
{
    if (name == QLatin1String("counter"))
        return MetricType::Counter;
    if (name == QLatin1String("gauge"))
        return MetricType::Gauge;
    if (name == QLatin1String("histogram"))
        return MetricType::Histogram;
    if (name == QLatin1String("summary"))
        return MetricType::Summary;
    if (name == QLatin1String("untyped"))
        return MetricType::Untyped;
    return std::nullopt;
}

namespace PromWriter {

QByteArray formatValue(double value)
{
    if (std::isnan(value))
        return QByteArrayLiteral("NaN");
    if (std::isinf(value))
        return value > 0 ? QByteArrayLiteral("+Inf") : QByteArrayLiteral("-Inf");
    char buffer[64];
    const auto result = std::to_chars(buffer, buffer + sizeof buffer, value);
    return QByteArray(buffer, int(result.ptr - buffer));
}

QByteArray escapeLabelValue(const QString &value)
{
    const QByteArray utf8 = value.toUtf8();
    QByteArray out;
    out.reserve(utf8.size());
    for (const char c : utf8) {
        if (c == '\\')
            out += "\\\\";
        else if (c == '"')
            out += "\\\"";
        else if (c == '\n')
            out += "\\n";
        else
            out += c;
    }
    return out;
}

QByteArray escapeHelp(const QString &help)
{
    const QByteArray utf8 = help.toUtf8();
    QByteArray out;
    out.reserve(utf8.size());
    for (const char c : utf8) {
        if (c == '\\')
            out += "\\\\";
        else if (c == '\n')
            out += "\\n";
        else
            out += c;
    }
    return out;
}

QByteArray write(const QList<MetricFamily> &families)
{
    QByteArray out;
    out.reserve(4096);
    for (const auto &family : families) {
        const QByteArray name = family.name.toUtf8();
        if (!family.help.isEmpty())
            out += "# HELP " + name + ' ' + escapeHelp(family.help) + '\n';
        out += "# TYPE " + name + ' ' + metricTypeName(family.type).toLatin1() + '\n';
        for (const auto &sample : family.samples) {
            out += sample.name.toUtf8();
            if (!sample.labels.isEmpty()) {
                out += '{';
                bool first = true;
                for (const auto &[key, value] : sample.labels) {
                    if (!first)
                        out += ',';
                    first = false;
                    out += key.toUtf8() + "=\"" + escapeLabelValue(value) + '"';
                }
                out += '}';
            }
            out += ' ' + formatValue(sample.value);
            if (sample.timestampMs)
                out += ' ' + QByteArray::number(*sample.timestampMs);
            out += '\n';
        }
    }
    return out;
}

} // namespace PromWriter
