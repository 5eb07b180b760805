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
