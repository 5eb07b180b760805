#include "healthstyle.h"

#include "telemetry/topologysnapshot.h"

#include <QObject>
#include <QSettings>
#include <QStringList>

namespace HealthStyle {

State classify(const QString &health, double rps, double errorRatio, const HealthThresholds &thresholds)
{
    if (health == QLatin1String("drained"))
        return State::Drained;
    if (health == QLatin1String("maintenance"))
        return State::Maintenance;
    if (health == QLatin1String("gone"))
        return State::Gone;
    if (health == QLatin1String("critical") || errorRatio >= thresholds.failingErrorRatio)
        return State::Failing;
    if (health == QLatin1String("warning") || errorRatio >= thresholds.degradedErrorRatio)
        return State::Degraded;
    if (rps <= 0)
        return State::Idle;
    return State::Healthy;
}

State classifyNode(const TopologyNode &node, double outgoingRps, const HealthThresholds &thresholds)
{
    const auto state = classify(node.health, node.rps + outgoingRps, node.errorRatio, thresholds);
    return state == State::Idle && !node.hasTraffic && node.convention.isEmpty() && outgoingRps <= 0
            && !node.instances.isEmpty()
        ? State::NoMetrics
        : state;
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
    case State::Drained:
        return QColor(0x3b, 0x7d, 0xd8);
    case State::Maintenance:
        return QColor(0x8e, 0x5b, 0xd0);
    case State::NoMetrics:
        return QColor(0x4f, 0x8f, 0x96); // slate teal: neither the idle grey nor a health colour
    case State::Gone:
        return QColor(0x6e, 0x5f, 0x55); // dark taupe: darker than idle, no hue of a health state
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
    case State::Drained:
        return QObject::tr("drained");
    case State::Maintenance:
        return QObject::tr("maintenance");
    case State::NoMetrics:
        return QObject::tr("no metrics");
    case State::Gone:
        return QObject::tr("gone");
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
    if (health == QLatin1String("drained"))
        return color(State::Drained);
    if (health == QLatin1String("maintenance"))
        return color(State::Maintenance);
    if (health == QLatin1String("gone"))
        return color(State::Gone);
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
    if (health == QLatin1String("idle"))
        return QObject::tr("idle");
    if (health == QLatin1String("drained"))
        return QObject::tr("drained");
    if (health == QLatin1String("maintenance"))
        return QObject::tr("maintenance");
    if (health == QLatin1String("gone"))
        return QObject::tr("gone");
    return health;
}

InstanceCounts countInstances(const QList<TopologyNode> &nodes)
{
    InstanceCounts counts;
    for (const auto &node : nodes) {
        for (const auto &instance : node.instances) {
            ++counts.total;
            const auto &health = instance.health;
            if (health == QLatin1String("passing") || health == QLatin1String("idle"))
                ++counts.healthy;
            else if (health == QLatin1String("warning"))
                ++counts.degraded;
            else if (health == QLatin1String("drained"))
                ++counts.drained;
            else if (health == QLatin1String("maintenance"))
                ++counts.maintenance;
            else if (health == QLatin1String("gone"))
                ++counts.gone;
            else
                ++counts.down;
        }
    }
    return counts;
}

QString countsText(const InstanceCounts &counts)
{
    // Healthy always; the other states only when some instance is in them.
    QStringList parts { QObject::tr("%1 healthy").arg(counts.healthy) };
    if (counts.degraded > 0)
        parts << QObject::tr("%1 degraded").arg(counts.degraded);
    if (counts.drained > 0)
        parts << QObject::tr("%1 drained").arg(counts.drained);
    if (counts.maintenance > 0)
        parts << QObject::tr("%1 in maintenance").arg(counts.maintenance);
    if (counts.down > 0)
        parts << QObject::tr("%1 down").arg(counts.down);
    if (counts.gone > 0)
        parts << QObject::tr("%1 gone").arg(counts.gone);
    return QObject::tr("%1 of %n instance(s)", nullptr, counts.total).arg(parts.join(QStringLiteral(" · ")));
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
