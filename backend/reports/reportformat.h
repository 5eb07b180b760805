#pragma once

#include <optional>
#include <QString>
#include <QStringList>

enum class ReportFormat { Pdf, Html, Csv, Json };

namespace ReportFormats {
QString name(ReportFormat format); // "pdf", "html", "csv", "json"
std::optional<ReportFormat> fromName(const QString &name);
// From the file name's extension (.pdf, .html/.htm, .csv, .json), case-insensitive.
std::optional<ReportFormat> fromFileName(const QString &fileName);
QStringList names();
} // namespace ReportFormats
