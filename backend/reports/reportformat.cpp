#include "reportformat.h"

#include <QFileInfo>

namespace ReportFormats {

QString name(ReportFormat format)
{
    switch (format) {
    case ReportFormat::Pdf:
        return QStringLiteral("pdf");
    case ReportFormat::Html:
        return QStringLiteral("html");
    case ReportFormat::Csv:
        return QStringLiteral("csv");
    case ReportFormat::Json:
        return QStringLiteral("json");
    }
    return {};
}

std::optional<ReportFormat> fromName(const QString &name)
{
    const QString lower = name.toLower();
    for (const auto format : { ReportFormat::Pdf, ReportFormat::Html, ReportFormat::Csv, ReportFormat::Json }) {
        if (lower == ReportFormats::name(format))
            return format;
    }
    if (lower == QLatin1String("htm"))
        return ReportFormat::Html;
    return std::nullopt;
}

std::optional<ReportFormat> fromFileName(const QString &fileName)
{
    const QString suffix = QFileInfo(fileName).suffix();
    return suffix.isEmpty() ? std::nullopt : fromName(suffix);
}

QStringList names()
{
    return { QStringLiteral("pdf"), QStringLiteral("html"), QStringLiteral("csv"), QStringLiteral("json") };
}

} // namespace ReportFormats
