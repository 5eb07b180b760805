#pragma once

#include "registrytypes.h"

#include <QJsonArray>
#include <QJsonObject>

// Consul's HTTP API wire format: parsing service registrations and building catalog, health and KV
// answers with Consul's field names, so Consul-aware tools (Prometheus consul_sd_configs, consul-template
// style watchers) read them unchanged.
namespace ConsulJson {

inline constexpr auto kNodeName = "flightdeck";
inline constexpr auto kDatacenter = "dc1";

// Parses Consul durations: "10s", "500ms", "1m30s", "2h". Bare numbers are seconds. False if malformed.
bool parseDuration(const QString &text, qint64 *ms);

// Parses a /v1/agent/service/register body (field names in any case or snake_case, as Consul takes them).
// On failure returns false with a human-readable reason. defaultTtlMs applies when the registration
// carries no check at all: every instance has a lease. (consulregistration.cpp)
bool parseRegistration(const QJsonObject &body, qint64 defaultTtlMs, RegistryInstance *instance, QString *error);
// Parses one check definition (a registration's Check, or a /v1/agent/check/register body). *present is
// false for an empty object, which Consul ignores. initial: the state the check starts in.
bool parseCheck(const QJsonObject &check, qint64 defaultTtlMs, HealthCheck *result, HealthState *initial, bool *present,
    QString *error);

QJsonObject nodeObject();
// The node an instance is on: the registry's own, or one registered through /v1/catalog/register.
QJsonObject nodeObject(const RegistryInstance &instance);
QJsonObject serfCheck(); // the node's own check, always passing: the registry answering is the proof
QJsonObject serviceObject(const RegistryInstance &instance); // the "Service" of a health entry
QJsonObject catalogEntry(const RegistryInstance &instance); // one element of /v1/catalog/service/x
QJsonObject healthEntry(const RegistryInstance &instance); // one element of /v1/health/service/x
QJsonArray checks(const RegistryInstance &instance); // the node's check, then the instance's own
QJsonArray serviceChecks(const RegistryInstance &instance); // the instance's own (and maintenance) only
QJsonObject kvEntry(const KvEntry &entry);
QJsonObject sessionObject(const RegistrySession &session); // one element of /v1/session/info/x

} // namespace ConsulJson
