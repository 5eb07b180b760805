#pragma once

#include <QJsonObject>

// Consul decodes request bodies with Go's encoding/json, which matches field names case-insensitively, and
// first translates the snake_case spellings its docs used to show ("deregister_critical_service_after").
// Client libraries rely on both: python-consul sends {"name": ..., "check": {"ttl": "10s"}}. canonical()
// rewrites every field name it knows to Consul's own spelling, at any depth, so the parsers read one form.
// Keys that are the user's data (inside Meta, NodeMeta, TaggedAddresses, Header) are kept as they are.
namespace ConsulKeys {

QJsonObject canonical(const QJsonObject &body);

// The spelling-independent form of a field name: lower case, underscores dropped ("Service_ID" → "serviceid").
QString folded(const QString &name);

} // namespace ConsulKeys
