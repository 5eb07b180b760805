#include "reportstyle.h"

#include <QStringList>

namespace ReportStyle {

QStringList families()
{
    // Droid Sans Fallback carries the CJK glyphs that DejaVu Sans lacks, so Chinese service names, rule
    // names and config values render instead of turning into boxes.
    return { QStringLiteral("DejaVu Sans"), QStringLiteral("Droid Sans Fallback"), QStringLiteral("Noto Sans CJK SC") };
}

QFont font(double pointSize, bool bold)
{
    QFont f;
    f.setFamilies(families());
    f.setPointSizeF(pointSize);
    f.setBold(bold);
    f.setStyleHint(QFont::SansSerif);
    // No ligatures: "fi" in "config" must stay two letters for readers that copy or search the text.
    f.setStyleStrategy(QFont::PreferNoShaping);
    return f;
}

QColor accent()
{
    return QColor(0x1f, 0x4e, 0x79);
}

QColor muted()
{
    return QColor(0x5f, 0x6b, 0x7a);
}

QColor tableHeader()
{
    return QColor(0xe8, 0xee, 0xf4);
}

QColor healthColor(const QString &health)
{
    if (health == QLatin1String("critical"))
        return QColor(0xc6, 0x28, 0x28);
    if (health == QLatin1String("warning"))
        return QColor(0xe0, 0x8e, 0x0b);
    if (health == QLatin1String("passing"))
        return QColor(0x2e, 0x7d, 0x32);
    if (health == QLatin1String("drained"))
        return QColor(0x2f, 0x6f, 0xc8);
    if (health == QLatin1String("maintenance"))
        return QColor(0x7e, 0x4f, 0xc0);
    if (health == QLatin1String("gone"))
        return QColor(0x6e, 0x5f, 0x55);
    return QColor(0x90, 0x9a, 0xa5);
}

QColor seriesColor(const QString &seriesName)
{
    if (seriesName == QLatin1String("request_rate"))
        return QColor(0x1f, 0x77, 0xb4);
    if (seriesName == QLatin1String("error_percent"))
        return QColor(0xd6, 0x27, 0x28);
    if (seriesName == QLatin1String("p50_ms"))
        return QColor(0x2c, 0xa0, 0x2c);
    if (seriesName == QLatin1String("p95_ms"))
        return QColor(0xff, 0x7f, 0x0e);
    return QColor(0x94, 0x67, 0xbd);
}

} // namespace ReportStyle
