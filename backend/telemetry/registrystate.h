#pragma once

#include <QString>

// What the registry says about an instance, as the console records it next to each scrape: its checks
// (passing, warning, critical) or an operator's decision to take it out of service (drained, or Consul's
// maintenance mode). Out of service is not failing: the instance still runs and answers, it just gets no
// new work. Recorded per scrape as the gauge "registry_state" with the codes below, so the health lanes and
// reports can tell "drained" from "checks failing" afterwards.
namespace RegistryState {

inline const QString kMetric = QStringLiteral("registry_state");

enum class Code { Passing = 0, Warning = 1, Critical = 2, Drained = 3, Maintenance = 4 };

// "passing", "warning", "critical", "drained", "maintenance"; -1 for anything else (unknown, static targets).
int code(const QString &state);
QString name(Code code);
bool isOutOfService(const QString &state); // drained or maintenance

} // namespace RegistryState
