#include "reportdata.h"

#include <QCoreApplication>
#include <QDateTime>

namespace ReportText {

QString milliseconds(const std::optional<double> &ms)
{
    return ms ? QString::number(*ms, 'f', 2) : QStringLiteral("–");
}

QString percent(const std::optional<double> &ratio)
{
    return ratio ? QString::number(*ratio * 100.0, 'f', 2) + QStringLiteral(" %") : QStringLiteral("–");
}

QString count(double value)
{
    return QString::number(value, 'f', 0);
}

QString time(qint64 ms)
{
    return QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC).toString(Qt::ISODate);
}

QString duration(qint64 ms)
{
    const qint64 seconds = (std::max<qint64>(0, ms) + 500) / 1000;
    if (seconds < 120)
        return QCoreApplication::translate("ReportText", "%1 s").arg(seconds);
    const qint64 minutes = (seconds + 30) / 60;
    if (minutes < 120)
        return QCoreApplication::translate("ReportText", "%1 min").arg(minutes);
    const qint64 hours = minutes / 60;
    if (hours < 48)
        return minutes % 60 == 0
            ? QCoreApplication::translate("ReportText", "%1 h").arg(hours)
            : QCoreApplication::translate("ReportText", "%1 h %2 min").arg(hours).arg(minutes % 60);
    return hours % 24 == 0 ? QCoreApplication::translate("ReportText", "%1 d").arg(hours / 24)
                           : QCoreApplication::translate("ReportText", "%1 d %2 h").arg(hours / 24).arg(hours % 24);
}

QString coverage(qint64 coveredMs, qint64 rangeMs)
{
    // A few seconds short of the range is the wait for the next scrape, not missing data.
    if (coveredMs >= rangeMs - 5'000)
        return QCoreApplication::translate("ReportText", "data for the whole range");
    return QCoreApplication::translate("ReportText", "data for %1 of the %2 requested")
        .arg(duration(coveredMs), duration(rangeMs));
}

QString seriesTitle(const QString &name)
{
    if (name == QLatin1String("request_rate"))
        return QCoreApplication::translate("ReportText", "Requests per second");
    if (name == QLatin1String("error_percent"))
        return QCoreApplication::translate("ReportText", "Error rate (%)");
    if (name == QLatin1String("p50_ms"))
        return QStringLiteral("p50");
    if (name == QLatin1String("p95_ms"))
        return QStringLiteral("p95");
    if (name == QLatin1String("p99_ms"))
        return QStringLiteral("p99");
    return name;
}

} // namespace ReportText
