#include "registrytypes.h"

#include "consuljson.h"

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

QString checkKindName(HealthCheck::Kind kind)
{
    switch (kind) {
    case HealthCheck::Kind::Ttl:
        return QStringLiteral("ttl");
    case HealthCheck::Kind::Http:
        return QStringLiteral("http");
    case HealthCheck::Kind::Tcp:
        return QStringLiteral("tcp");
    }
    return QStringLiteral("ttl");
}

bool parseCheckKind(const QString &name, HealthCheck::Kind *kind)
{
    for (const auto candidate : { HealthCheck::Kind::Ttl, HealthCheck::Kind::Http, HealthCheck::Kind::Tcp }) {
        if (name == checkKindName(candidate)) {
            *kind = candidate;
            return true;
        }
    }
    return false;
}

QString RegistryInstance::nodeName() const
{
    return node.isEmpty() ? QLatin1String(ConsulJson::kNodeName) : node;
}
