#pragma once

#include <QColor>
#include <QFont>

// The look shared by the PDF and HTML reports: one type family with a CJK fallback, one palette.
namespace ReportStyle {
QFont font(double pointSize, bool bold = false);
QStringList families(); // in fallback order
QColor accent(); // headings, rules
QColor muted(); // secondary text
QColor tableHeader();
QColor healthColor(const QString &health);
QColor seriesColor(const QString &seriesName);
} // namespace ReportStyle
