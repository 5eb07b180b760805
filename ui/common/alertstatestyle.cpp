#include "alertstatestyle.h"

#include <QCoreApplication>
#include <QDateTime>

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("AlertStateStyle", text);
}

} // namespace

namespace AlertStateStyle {

QString word(AlertState state)
{
    switch (state) {
    case AlertState::Inactive:
        return tr("inactive");
    case AlertState::Pending:
        return tr("pending");
    case AlertState::Firing:
        return tr("firing");
    case AlertState::Resolved:
        return tr("resolved");
    case AlertState::NoData:
        return tr("no data");
    case AlertState::Error:
        return tr("error");
    }
    return {};
}

QColor color(AlertState state)
{
    switch (state) {
    case AlertState::Firing:
        return QColor(0xd6, 0x3a, 0x3a);
    case AlertState::Pending:
        return QColor(0xe0, 0x9b, 0x1a);
    case AlertState::Resolved:
        return QColor(0x2e, 0xa0, 0x5a);
    case AlertState::NoData:
        return QColor(0x3f, 0x8c, 0xc8);
    case AlertState::Error:
        return QColor(0xc2, 0x4e, 0x9a);
    case AlertState::Inactive:
        break;
    }
    return QColor(0x8a, 0x94, 0xa0);
}

QString silencedWord()
{
    return tr("silenced");
}

QColor silencedColor()
{
    return QColor(0x85, 0x7a, 0xd6);
}

bool readsSilenced(const AlertStatus &status)
{
    return status.silence.has_value() && status.state != AlertState::Inactive && status.state != AlertState::Resolved;
}

QString word(const AlertStatus &status)
{
    return readsSilenced(status) ? silencedWord() : word(status.state);
}

QColor color(const AlertStatus &status)
{
    return readsSilenced(status) ? silencedColor() : color(status.state);
}

QString silenceText(const Silence &silence)
{
    const auto until = QDateTime::fromMSecsSinceEpoch(silence.endsAtMs);
    const auto format
        = until.date() == QDate::currentDate() ? QStringLiteral("HH:mm") : QStringLiteral("yyyy-MM-dd HH:mm");
    const auto who = silence.createdBy.isEmpty() ? tr("unknown") : silence.createdBy;
    auto text = tr("silenced by %1 until %2").arg(who, until.toString(format));
    if (!silence.comment.isEmpty())
        text += QStringLiteral(" — ") + silence.comment;
    return text;
}

QString reasonText(const QString &reason)
{
    // The engine's reasons are fixed words; each gets its translation here.
    if (reason == QLatin1String("deregistered"))
        return tr("deregistered");
    if (reason == QLatin1String("scrape failing"))
        return tr("scrape failing");
    if (reason == QLatin1String("no data"))
        return tr("no data");
    return reason;
}

QString transitionText(const AlertEvent &event)
{
    auto text = QStringLiteral("%1 → %2").arg(word(event.from), word(event.to));
    if (!event.reason.isEmpty())
        text += QStringLiteral(" (%1)").arg(reasonText(event.reason));
    if (event.silenced)
        text += QStringLiteral(" (%1)").arg(silencedWord());
    return text;
}

} // namespace AlertStateStyle
