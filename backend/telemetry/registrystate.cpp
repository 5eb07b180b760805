#include "registrystate.h"

namespace RegistryState {

int code(const QString &state)
{
    if (state == QLatin1String("passing"))
        return int(Code::Passing);
    if (state == QLatin1String("warning"))
        return int(Code::Warning);
    if (state == QLatin1String("critical"))
        return int(Code::Critical);
    if (state == QLatin1String("drained"))
        return int(Code::Drained);
    if (state == QLatin1String("maintenance"))
        return int(Code::Maintenance);
    return -1;
}

QString name(Code code)
{
    switch (code) {
    case Code::Passing:
        return QStringLiteral("passing");
    case Code::Warning:
        return QStringLiteral("warning");
    case Code::Critical:
        return QStringLiteral("critical");
    case Code::Drained:
        return QStringLiteral("drained");
    case Code::Maintenance:
        return QStringLiteral("maintenance");
    }
    return {};
}

bool isOutOfService(const QString &state)
{
    return state == QLatin1String("drained") || state == QLatin1String("maintenance");
}

} // namespace RegistryState
