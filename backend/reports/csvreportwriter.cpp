#include "csvreportwriter.h"

#include <QIODevice>

QString CsvReportWriter::field(const QString &value)
{
    const bool quote = value.contains(QLatin1Char(',')) || value.contains(QLatin1Char('"'))
        || value.contains(QLatin1Char('\n')) || value.contains(QLatin1Char('\r'));
    if (!quote)
        return value;
    QString escaped = value;
    escaped.replace(QLatin1Char('"'), QStringLiteral("\"\""));
    return QLatin1Char('"') + escaped + QLatin1Char('"');
}

bool CsvReportWriter::write(const ReportData &data, QIODevice *device, QString *error)
{
    QByteArray out = "time,time_ms,service,series,unit,value\r\n";
    for (const auto &service : data.services) {
        const QString serviceField = field(service.service);
        for (const auto &series : service.series) {
            const QString prefix = serviceField + QLatin1Char(',') + field(series.name) + QLatin1Char(',')
                + field(series.unit) + QLatin1Char(',');
            for (const auto &point : series.points) {
                const auto ms = qint64(point.x());
                out += (ReportText::time(ms) + QLatin1Char(',') + QString::number(ms) + QLatin1Char(',') + prefix
                    + QString::number(point.y(), 'g', 17) + QStringLiteral("\r\n"))
                           .toUtf8();
            }
        }
    }
    // Operator actions as rows of their own: series "operator.<action>", the target in the unit column,
    // value 1 (done) or 0 (failed), so they line up with the series in time.
    for (const auto &event : data.operatorEvents) {
        out += (ReportText::time(event.timeMs) + QLatin1Char(',') + QString::number(event.timeMs) + QLatin1Char(',')
            + field(event.service) + QLatin1Char(',') + field(QStringLiteral("operator.") + event.action)
            + QLatin1Char(',') + field(event.target) + QLatin1Char(',')
            + (event.ok ? QLatin1Char('1') : QLatin1Char('0')) + QStringLiteral("\r\n"))
                   .toUtf8();
    }
    if (device->write(out) != out.size()) {
        if (error)
            *error = device->errorString();
        return false;
    }
    return true;
}
