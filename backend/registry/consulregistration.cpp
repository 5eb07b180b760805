// Reading Consul's service and check definitions: the registry's front door for every client library.
#include "consuljson.h"
#include "consulkeys.h"

#include <QRegularExpression>
#include <QUrl>

namespace ConsulJson {

namespace {

// Check kinds Consul knows and this registry does not run: named in the 400 so the sender knows why.
constexpr const char *kUnsupportedKinds[] = { "Script", "Args", "ScriptArgs", "GRPC", "H2PING", "UDP",
    "DockerContainerID", "AliasService", "AliasNode", "OSService" };

// Field names that make a check definition non-empty without naming a kind.
constexpr const char *kCheckFields[]
    = { "CheckID", "Name", "Notes", "Status", "Interval", "Timeout", "DeregisterCriticalServiceAfter",
          "FailuresBeforeCritical", "SuccessBeforePassing", "Method", "Header", "TLSSkipVerify" };

class CheckReader
{
public:
    CheckReader(const QJsonObject &check, QString *error)
        : m_check(check)
        , m_error(error)
    { }

    bool duration(const char *field, qint64 *out) const
    {
        const auto value = m_check.value(QLatin1String(field));
        if (value.isUndefined() || value.isNull())
            return true;
        if (!value.isString() || !parseDuration(value.toString(), out))
            return fail(
                QStringLiteral("Check.%1 must be a duration such as \"10s\" or \"500ms\"").arg(QLatin1String(field)));
        return true;
    }

    bool count(const char *field, int *out) const
    {
        const auto value = m_check.value(QLatin1String(field));
        if (value.isUndefined() || value.isNull())
            return true;
        if (!value.isDouble() || value.toDouble() < 0 || value.toDouble() > 1000)
            return fail(QStringLiteral("Check.%1 must be a number from 0 to 1000").arg(QLatin1String(field)));
        *out = std::max(1, value.toInt());
        return true;
    }

    bool boolean(const char *field, bool *out) const
    {
        const auto value = m_check.value(QLatin1String(field));
        if (value.isUndefined() || value.isNull())
            return true;
        if (!value.isBool())
            return fail(QStringLiteral("Check.%1 must be true or false").arg(QLatin1String(field)));
        *out = value.toBool();
        return true;
    }

    bool text(const char *field, QString *out, qsizetype maxLength) const
    {
        const auto value = m_check.value(QLatin1String(field));
        if (value.isUndefined() || value.isNull())
            return true;
        if (!value.isString() || value.toString().size() > maxLength)
            return fail(QStringLiteral("Check.%1 must be a string of at most %2 characters")
                            .arg(QLatin1String(field))
                            .arg(maxLength));
        *out = value.toString().trimmed();
        return true;
    }

    bool headers(QMap<QString, QStringList> *out) const
    {
        const auto value = m_check.value(QStringLiteral("Header"));
        if (value.isUndefined() || value.isNull())
            return true;
        if (!value.isObject() || value.toObject().size() > 64)
            return fail(QStringLiteral("Check.Header must be an object of at most 64 header names"));
        const auto object = value.toObject();
        for (auto it = object.begin(); it != object.end(); ++it) {
            if (!it.value().isArray())
                return fail(QStringLiteral("Check.Header.%1 must be an array of strings").arg(it.key()));
            QStringList values;
            const QJsonArray valuesJson = it.value().toArray();
            for (const auto &header : valuesJson) {
                if (!header.isString())
                    return fail(QStringLiteral("Check.Header.%1 must be an array of strings").arg(it.key()));
                values.append(header.toString());
            }
            out->insert(it.key(), values);
        }
        return true;
    }

    bool fail(const QString &reason) const
    {
        *m_error = reason;
        return false;
    }

private:
    const QJsonObject &m_check;
    QString *m_error;
};

bool parseHttp(const QJsonObject &check, const CheckReader &read, HealthCheck *parsed)
{
    parsed->kind = HealthCheck::Kind::Http;
    const QUrl url(check.value(QStringLiteral("HTTP")).toString(), QUrl::StrictMode);
    if (!url.isValid() || (url.scheme() != QLatin1String("http") && url.scheme() != QLatin1String("https"))
        || url.host().isEmpty())
        return read.fail(QStringLiteral("Check.HTTP must be an http:// or https:// URL"));
    parsed->httpUrl = url.toString();
    const auto method = check.value(QStringLiteral("Method"));
    if (!method.isUndefined() && !method.isNull()) {
        static const QRegularExpression token(QStringLiteral("^[A-Z]{1,16}$"));
        if (!method.isString() || !token.match(method.toString()).hasMatch())
            return read.fail(QStringLiteral("Check.Method must be an HTTP method such as \"GET\" or \"HEAD\""));
        parsed->httpMethod = method.toString();
    }
    return read.headers(&parsed->httpHeaders) && read.boolean("TLSSkipVerify", &parsed->tlsSkipVerify);
}

bool parseTcp(const QJsonObject &check, const CheckReader &read, HealthCheck *parsed)
{
    parsed->kind = HealthCheck::Kind::Tcp;
    const auto target = check.value(QStringLiteral("TCP")).toString();
    // host:port, or [v6]:port; QUrl does the splitting and the port range.
    const QUrl url(QStringLiteral("tcp://") + target, QUrl::StrictMode);
    if (target.isEmpty() || !url.isValid() || url.host().isEmpty() || url.port() < 1 || !url.path().isEmpty())
        return read.fail(QStringLiteral("Check.TCP must be host:port"));
    parsed->tcpAddress = target;
    return true;
}

} // namespace

bool parseCheck(const QJsonObject &definition, qint64 defaultTtlMs, HealthCheck *result, HealthState *initial,
    bool *present, QString *error)
{
    const auto check = ConsulKeys::canonical(definition);
    const CheckReader read(check, error);
    HealthCheck parsed;
    parsed.ttlMs = defaultTtlMs;
    const bool hasTtl = check.contains(QStringLiteral("TTL"));
    const bool hasHttp = check.contains(QStringLiteral("HTTP"));
    const bool hasTcp = check.contains(QStringLiteral("TCP"));
    *present = hasTtl || hasHttp || hasTcp;
    if (int(hasTtl) + int(hasHttp) + int(hasTcp) > 1)
        return read.fail(QStringLiteral("Check: give one of TTL, HTTP or TCP"));
    if (!*present) {
        for (const char *kind : kUnsupportedKinds) {
            if (check.contains(QLatin1String(kind)))
                return read.fail(QStringLiteral("Check.%1: this registry runs TTL, HTTP and TCP checks only")
                                     .arg(QLatin1String(kind)));
        }
        for (const char *field : kCheckFields) {
            if (check.contains(QLatin1String(field)))
                return read.fail(QStringLiteral("Check needs one of TTL, HTTP (with Interval) or TCP (with Interval)"));
        }
        return true; // {}: no check, as Consul ignores an empty one
    }
    if (hasTtl) {
        if (!read.duration("TTL", &parsed.ttlMs))
            return false;
        if (parsed.ttlMs < 100 || parsed.ttlMs > 24 * 3'600'000)
            return read.fail(QStringLiteral("Check.TTL must be between 100ms and 24h"));
    } else {
        if (hasHttp ? !parseHttp(check, read, &parsed) : !parseTcp(check, read, &parsed))
            return false;
        if (!check.contains(QStringLiteral("Interval")))
            return read.fail(QStringLiteral("Check.%1 needs Check.Interval").arg(hasHttp ? "HTTP" : "TCP"));
        parsed.timeoutMs = 10'000; // Consul's default
        if (!read.duration("Interval", &parsed.intervalMs) || !read.duration("Timeout", &parsed.timeoutMs))
            return false;
        if (parsed.intervalMs < 100)
            return read.fail(QStringLiteral("Check.Interval must be at least 100ms"));
        // A check never overlaps itself (the next one waits for the answer), so a timeout longer than the
        // interval only stretches the interval.
        parsed.timeoutMs = std::clamp<qint64>(parsed.timeoutMs, 50, 300'000);
    }
    if (!read.text("CheckID", &parsed.id, 128) || !read.text("Name", &parsed.name, 256)
        || !read.text("Notes", &parsed.notes, 1024))
        return false;
    if (!read.duration("DeregisterCriticalServiceAfter", &parsed.deregisterCriticalAfterMs)
        || !read.count("FailuresBeforeCritical", &parsed.failuresBeforeCritical)
        || !read.count("SuccessBeforePassing", &parsed.successesBeforePassing))
        return false;
    // TTL checks start passing: registering is the first renewal of the lease. Checks the registry runs
    // start critical and become passing once the instance answered, as in Consul.
    *initial = parsed.isActive() ? HealthState::Critical : HealthState::Passing;
    const auto status = check.value(QStringLiteral("Status"));
    if (!status.isUndefined() && !status.isNull() && !parseHealthState(status.toString(), initial))
        return read.fail(QStringLiteral("Check.Status must be passing, warning or critical"));
    *result = parsed;
    return true;
}

namespace {

bool parseStrings(const QJsonValue &value, const char *field, QStringList *out, QString *error)
{
    if (value.isUndefined() || value.isNull())
        return true;
    if (!value.isArray() || value.toArray().size() > 64) {
        *error = QStringLiteral("%1 must be an array of at most 64 strings").arg(QLatin1String(field));
        return false;
    }
    const QJsonArray items = value.toArray();
    for (const auto &item : items) {
        if (!item.isString() || item.toString().size() > 256) {
            *error = QStringLiteral("%1 must be an array of strings (of at most 256 characters)")
                         .arg(QLatin1String(field));
            return false;
        }
        out->append(item.toString());
    }
    return true;
}

bool parsePort(const QJsonValue &value, const QString &field, quint16 *port, QString *error)
{
    if (value.isUndefined() || value.isNull())
        return true;
    if (!value.isDouble() || value.toDouble() < 0 || value.toDouble() > 65535
        || value.toDouble() != double(value.toInt())) {
        *error = QStringLiteral("%1 must be an integer from 0 to 65535").arg(field);
        return false;
    }
    *port = quint16(value.toInt());
    return true;
}

bool parseMeta(const QJsonValue &value, QMap<QString, QString> *meta, QString *error)
{
    if (value.isUndefined() || value.isNull())
        return true;
    if (!value.isObject() || value.toObject().size() > 64) {
        *error = QStringLiteral("Meta must be an object of at most 64 string values");
        return false;
    }
    // Consul's limits: keys of letters, digits, '_' and '-' up to 128 characters, values up to 512.
    static const QRegularExpression key(QStringLiteral("^[A-Za-z0-9_\\-]{1,128}$"));
    const auto object = value.toObject();
    for (auto it = object.begin(); it != object.end(); ++it) {
        if (!key.match(it.key()).hasMatch()) {
            *error = QStringLiteral("Meta key \"%1\" must be 1 to 128 letters, digits, '_' or '-'")
                         .arg(it.key().left(140));
            return false;
        }
        if (!it.value().isString() || it.value().toString().size() > 512) {
            *error = QStringLiteral("Meta values must be strings of at most 512 characters (Meta.%1 is not)")
                         .arg(it.key());
            return false;
        }
        meta->insert(it.key(), it.value().toString());
    }
    return true;
}

bool parseTaggedAddresses(const QJsonValue &value, QMap<QString, ServiceAddress> *addresses, QString *error)
{
    if (value.isUndefined() || value.isNull())
        return true;
    if (!value.isObject() || value.toObject().size() > 16) {
        *error = QStringLiteral("TaggedAddresses must be an object of at most 16 addresses");
        return false;
    }
    const auto object = value.toObject();
    for (auto it = object.begin(); it != object.end(); ++it) {
        const auto entry = it.value().toObject();
        const auto address = entry.value(QStringLiteral("Address"));
        if (!it.value().isObject() || (!address.isUndefined() && !address.isString())) {
            *error = QStringLiteral("TaggedAddresses.%1 must be {\"Address\": ..., \"Port\": ...}").arg(it.key());
            return false;
        }
        ServiceAddress parsed { address.toString(), 0 };
        if (!parsePort(entry.value(QStringLiteral("Port")), QStringLiteral("TaggedAddresses.%1.Port").arg(it.key()),
                &parsed.port, error))
            return false;
        addresses->insert(it.key(), parsed);
    }
    return true;
}

bool parseString(const QJsonValue &value, const char *field, QString *out, QString *error)
{
    if (value.isUndefined() || value.isNull())
        return true;
    if (!value.isString()) {
        *error = QStringLiteral("%1 must be a string").arg(QLatin1String(field));
        return false;
    }
    *out = value.toString().trimmed();
    return true;
}

} // namespace

bool parseRegistration(const QJsonObject &definition, qint64 defaultTtlMs, RegistryInstance *instance, QString *error)
{
    const auto body = ConsulKeys::canonical(definition);
    RegistryInstance result;
    const auto name = body.value(QStringLiteral("Name"));
    if (!name.isString() || name.toString().trimmed().isEmpty()) {
        *error = QStringLiteral("Name (the service name) is required");
        return false;
    }
    result.service = name.toString().trimmed();
    if (!parseString(body.value(QStringLiteral("ID")), "ID", &result.id, error))
        return false;
    if (result.id.isEmpty())
        result.id = result.service;
    static const QRegularExpression allowed(QStringLiteral("^[A-Za-z0-9_.:\\-]{1,128}$"));
    if (!allowed.match(result.id).hasMatch() || !allowed.match(result.service).hasMatch()) {
        *error = QStringLiteral("ID and Name may only hold letters, digits, '_', '.', ':' and '-' (at most 128)");
        return false;
    }
    const auto kind = body.value(QStringLiteral("Kind"));
    if (!kind.isUndefined() && !kind.isNull() && kind != QJsonValue(QString())
        && kind != QJsonValue(QStringLiteral("typical"))) {
        *error = QStringLiteral("Kind \"%1\": only typical services are supported (no Connect proxies or gateways)")
                     .arg(kind.toVariant().toString().left(64));
        return false;
    }
    if (!parseString(body.value(QStringLiteral("Address")), "Address", &result.address, error)
        || !parsePort(body.value(QStringLiteral("Port")), QStringLiteral("Port"), &result.port, error)
        || !parseStrings(body.value(QStringLiteral("Tags")), "Tags", &result.tags, error)
        || !parseMeta(body.value(QStringLiteral("Meta")), &result.meta, error)
        || !parseTaggedAddresses(body.value(QStringLiteral("TaggedAddresses")), &result.taggedAddresses, error))
        return false;
    const auto override = body.value(QStringLiteral("EnableTagOverride"));
    if (!override.isUndefined() && !override.isNull()) {
        if (!override.isBool()) {
            *error = QStringLiteral("EnableTagOverride must be true or false");
            return false;
        }
        result.enableTagOverride = override.toBool();
    }
    const auto weights = body.value(QStringLiteral("Weights"));
    if (!weights.isUndefined() && !weights.isNull()) {
        const auto passing = weights.toObject().value(QStringLiteral("Passing"));
        if (!weights.isObject() || !passing.isDouble() || passing.toInt() < 1 || passing.toInt() > 65535) {
            *error = QStringLiteral("Weights.Passing must be an integer from 1 to 65535");
            return false;
        }
        result.weight = passing.toInt();
    }
    auto check = body.value(QStringLiteral("Check"));
    const auto checks = body.value(QStringLiteral("Checks"));
    if (!checks.isUndefined() && !checks.isNull() && !checks.isArray()) {
        *error = QStringLiteral("Checks must be an array of check definitions");
        return false;
    }
    if ((check.isUndefined() || check.isNull()) && checks.isArray()) {
        if (checks.toArray().size() > 1) {
            *error = QStringLiteral("only one check per service is supported");
            return false;
        }
        if (!checks.toArray().isEmpty())
            check = checks.toArray().first();
    }
    result.check.ttlMs = defaultTtlMs;
    result.state = HealthState::Passing;
    if (!check.isUndefined() && !check.isNull()) {
        if (!check.isObject()) {
            *error = QStringLiteral("Check must be an object");
            return false;
        }
        bool present = false;
        HealthCheck parsed;
        HealthState initial = HealthState::Passing;
        if (!parseCheck(check.toObject(), defaultTtlMs, &parsed, &initial, &present, error))
            return false;
        if (present) {
            result.check = parsed;
            result.state = initial;
        }
    }
    *instance = result;
    return true;
}

} // namespace ConsulJson
