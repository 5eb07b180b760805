#include "registrytypes.h"

QString healthStateName(HealthState state)
{
    switch (state) {
    case HealthState::Passing:
        return QStringLiteral("passing");
    case HealthState::Warning:
        return QStringLiteral("warning");
    case HealthState::Critical:
        return QStringLiteral("critical");
    }
    return QStringLiteral("critical");
}

bool parseHealthState(const QString &name, HealthState *state)
{
    if (name == QLatin1String("passing"))
        *state = HealthState::Passing;
    else if (name == QLatin1String("warning"))
        *state = HealthState::Warning;
    else if (name == QLatin1String("critical"))
        *state = HealthState::Critical;
    else
        return false;
    return true;
}
