#pragma once

#include <QColor>
#include <QList>
#include <QString>

struct TopologyNode;

// How health and traffic turn into colours. Thresholds are operator settings (QSettings "topology/...").
struct HealthThresholds
{
    double degradedErrorRatio = 0.01;
    double failingErrorRatio = 0.05;
};

namespace HealthStyle {

// Drained and Maintenance: taken out of service by an operator while still running. Not failing: they have
// their own colour, word and count everywhere. NoMetrics: answering, but its /metrics hold no request counts
// the console reads, so whether it is busy or failing is unknown (not "idle"). Gone: it left the registry
// (deregistered); shown for a short while, then dropped.
enum class State { Healthy, Degraded, Failing, Idle, Drained, Maintenance, NoMetrics, Gone };

State classify(const QString &health, double rps, double errorRatio, const HealthThresholds &thresholds);
// A service card's state: classify(), and NoMetrics for a service whose /metrics match no convention the
// console reads (and that sends no calls either) instead of Idle.
State classifyNode(const TopologyNode &node, double outgoingRps, const HealthThresholds &thresholds);
QColor color(State state);
QString label(State state);
QColor instanceColor(const QString &health);
// An instance state ("passing", "warning", "critical", "idle", "drained", "maintenance", "gone") in the interface
// language; others as they are.
QString checkStateName(const QString &health);

// How many instances of a snapshot are in each state, and the status bar's words for it, e.g.
// "5 healthy · 1 drained · 1 down of 7 instances".
struct InstanceCounts
{
    int total = 0;
    int healthy = 0; // passing or idle
    int degraded = 0; // warning
    int down = 0; // critical
    int drained = 0;
    int maintenance = 0;
    int gone = 0; // left the registry
};
InstanceCounts countInstances(const QList<TopologyNode> &nodes);
QString countsText(const InstanceCounts &counts);

// The thresholds the operator chose (QSettings "topology/..."), and storing new ones.
HealthThresholds storedThresholds();
void storeThresholds(const HealthThresholds &thresholds);

} // namespace HealthStyle
