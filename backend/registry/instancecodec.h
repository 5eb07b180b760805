#pragma once

#include "registrytypes.h"

#include <QJsonObject>

// The registry's own storage encoding of instances and KV revisions (SQLite rows, etcd values). Not the
// Consul wire format, which lives in ConsulJson.
namespace InstanceCodec {

QJsonObject toJson(const RegistryInstance &instance);
bool fromJson(const QJsonObject &object, RegistryInstance *instance);

QJsonObject revisionToJson(const KvRevision &revision);
bool revisionFromJson(const QJsonObject &object, KvRevision *revision);

QJsonObject sessionToJson(const RegistrySession &session);
bool sessionFromJson(const QJsonObject &object, RegistrySession *session);

} // namespace InstanceCodec
