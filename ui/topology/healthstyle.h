#pragma once

#include <QColor>
#include <QString>

// How health and traffic turn into colours. Thresholds are operator settings (QSettings "topology/...").
struct HealthThresholds
{
    double degradedErrorRatio = 0.01;
    double failingErrorRatio = 0.05;
};

namespace HealthStyle {

enum class State { Healthy, Degraded, Failing, Idle };

State classify(const QString &health, double rps, double errorRatio, const HealthThresholds &thresholds);
QColor color(State state);
QString label(State state);
QColor instanceColor(const QString &health);
// A registry check state ("passing", "warning", "critical") in the interface language; others as they are.
QString checkStateName(const QString &health);

// The thresholds the operator chose (QSettings "topology/..."), and storing new ones.
HealthThresholds storedThresholds();
void storeThresholds(const HealthThresholds &thresholds);

} // namespace HealthStyle
