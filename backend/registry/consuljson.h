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

// Parses a /v1/agent/service/register body. On failure returns false with a human-readable reason.
// defaultTtlMs applies when the registration carries no check at all: every instance has a lease.
bool parseRegistration(const QJsonObject &body, qint64 defaultTtlMs, RegistryInstance *instance, QString *error);

QJsonObject nodeObject();
QJsonObject serviceObject(const RegistryInstance &instance); // the "Service" of a health entry
QJsonObject catalogEntry(const RegistryInstance &instance); // one element of /v1/catalog/service/x
QJsonObject healthEntry(const RegistryInstance &instance); // one element of /v1/health/service/x
QJsonArray checks(const RegistryInstance &instance);
QJsonObject kvEntry(const KvEntry &entry);

} // namespace ConsulJson
