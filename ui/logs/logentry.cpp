#include "logentry.h"

#include <QStringList>

QString LogEntry::service() const
{
    if (!serviceName.isEmpty())
        return serviceName;
    const auto dash = source.lastIndexOf(QLatin1Char('-'));
    if (dash <= 0)
        return source;
    bool numeric = false;
    source.mid(dash + 1).toInt(&numeric);
    return numeric ? source.left(dash) : source;
}

namespace LogLevels {

QString name(int level)
{
    static const QStringList names { QStringLiteral("trace"), QStringLiteral("debug"), QStringLiteral("info"),
        QStringLiteral("warn"), QStringLiteral("error"), QStringLiteral("critical") };
    return level >= 0 && level < names.size() ? names.at(level) : QStringLiteral("off");
}

int fromName(const QString &text)
{
    for (int level = 0; level <= 5; ++level) {
        if (name(level) == text)
            return level;
    }
    return -1;
}

} // namespace LogLevels
