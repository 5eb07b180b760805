#include "healthstyle.h"

#include <QObject>
#include <QSettings>

namespace HealthStyle {

State classify(const QString &health, double rps, double errorRatio, const HealthThresholds &thresholds)
{
    if (health == QLatin1String("critical") || errorRatio >= thresholds.failingErrorRatio)
        return State::Failing;
    if (health == QLatin1String("warning") || errorRatio >= thresholds.degradedErrorRatio)
        return State::Degraded;
    if (rps <= 0)
        return State::Idle;
    return State::Healthy;
}

QColor color(State state)
{
    switch (state) {
    case State::Healthy:
        return QColor(0x2e, 0xa0, 0x5a);
    case State::Degraded:
        return QColor(0xe0, 0x9b, 0x1a);
    case State::Failing:
        return QColor(0xd6, 0x3a, 0x3a);
    case State::Idle:
        break;
    }
    return QColor(0x8a, 0x94, 0xa0);
}

QString label(State state)
{
    switch (state) {
    case State::Healthy:
        return QObject::tr("healthy");
    case State::Degraded:
        return QObject::tr("degraded");
    case State::Failing:
        return QObject::tr("failing");
    case State::Idle:
        break;
    }
    return QObject::tr("idle");
}

QColor instanceColor(const QString &health)
{
    if (health == QLatin1String("passing") || health == QLatin1String("idle"))
        return color(State::Healthy);
    if (health == QLatin1String("warning"))
        return color(State::Degraded);
    if (health == QLatin1String("critical"))
        return color(State::Failing);
    return color(State::Idle);
}

QString checkStateName(const QString &health)
{
    if (health == QLatin1String("passing"))
        return QObject::tr("passing");
    if (health == QLatin1String("warning"))
        return QObject::tr("warning");
    if (health == QLatin1String("critical"))
        return QObject::tr("critical");
    return health;
}

HealthThresholds storedThresholds()
{
    const QSettings settings;
    HealthThresholds thresholds;
    thresholds.degradedErrorRatio
        = settings.value(QStringLiteral("topology/degradedErrorRatio"), thresholds.degradedErrorRatio).toDouble();
    thresholds.failingErrorRatio
        = settings.value(QStringLiteral("topology/failingErrorRatio"), thresholds.failingErrorRatio).toDouble();
    return thresholds;
}

void storeThresholds(const HealthThresholds &thresholds)
{
    QSettings settings;
    settings.setValue(QStringLiteral("topology/degradedErrorRatio"), thresholds.degradedErrorRatio);
    settings.setValue(QStringLiteral("topology/failingErrorRatio"), thresholds.failingErrorRatio);
}

} // namespace HealthStyle
