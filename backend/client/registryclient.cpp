#include "registryclient.h"

#include "serviceclient.h"
#include "staticinstancesource.h"

#include <climits>
#include <QJsonDocument>

namespace {

const QString kRegistry = QStringLiteral("registry");

// Keys are paths: their '/' stay, everything else that is not plain is escaped.
QString keyPath(const QString &prefix, const QString &key)
{
    return prefix + QString::fromLatin1(QUrl::toPercentEncoding(key, "/"));
}

bool decodeStored(const ServiceResult &result, RegistryClient::KvWrite *write)
{
    if (!result.ok())
        return false;
    write->stored = result.body.trimmed() == "true";
    write->index = result.header("X-Consul-Index").toULongLong();
    return true;
}

} // namespace

RegistryClient::RegistryClient(const QUrl &baseUrl, const QByteArray &token, QObject *parent)
    : QObject(parent)
    , m_base(baseUrl)
    , m_source(new StaticInstanceSource(this))
{
    ServiceInstance registry;
    registry.id = kRegistry;
    registry.service = kRegistry;
    registry.address = baseUrl.host();
    registry.port = quint16(baseUrl.port(8500));
    m_source->setInstances(kRegistry, { registry });

    ServiceClientOptions options;
    options.accessToken = token;
    options.maxAttempts = 1;
    options.instanceWaitMs = 0;
    // One registry and an operator reading its errors: every call goes out and says what happened, rather
    // than a breaker answering "no instance available" for it.
    options.breaker.failureThreshold = INT_MAX;
    m_client = new ServiceClient(kRegistry, m_source, options, this);
}

RegistryClient::~RegistryClient() = default;

template <typename T, typename Decode>
void RegistryClient::send(const QByteArray &method, const QString &path, const QByteArray &body, QObject *context,
    Callback<T> done, Decode decode)
{
    ServiceCall call;
    call.method = method;
    call.path = path;
    call.route = path.section(QLatin1Char('?'), 0, 0);
    call.body = body;
    call.idempotent = method == "GET";
    if (method != "GET")
        call.headers.append(qMakePair(QByteArray("Content-Type"), QByteArray("application/octet-stream")));
    m_client->send(call, context,
        [done = std::move(done), decode](const ServiceResult &result) { done(Reply<T>::from(result, decode)); });
}

void RegistryClient::instances(QObject *context, Callback<QList<RegistryInstanceRow>> done)
{
    send<QList<RegistryInstanceRow>>("GET", QStringLiteral("/v1/flightdeck/instances"), {}, context, std::move(done),
        [](const ServiceResult &result, QList<RegistryInstanceRow> *rows) {
            if (!result.ok())
                return false;
            const QJsonArray instancesJson = result.json().value(QStringLiteral("instances")).toArray();
            for (const auto &value : instancesJson)
                rows->append(RegistryInstanceRow::fromJson(value.toObject()));
            return true;
        });
}

void RegistryClient::setDrained(const QString &instanceId, bool drained, QObject *context, Callback<bool> done)
{
    const auto path = QStringLiteral("/v1/flightdeck/instances/%1/%2")
                          .arg(QString::fromLatin1(QUrl::toPercentEncoding(instanceId)),
                              drained ? QStringLiteral("drain") : QStringLiteral("undrain"));
    send<bool>("PUT", path, {}, context, std::move(done), [drained](const ServiceResult &result, bool *value) {
        *value = drained;
        return result.ok();
    });
}

void RegistryClient::kvList(QObject *context, Callback<QList<KvKeyRow>> done)
{
    send<QList<KvKeyRow>>("GET", QStringLiteral("/v1/kv/?recurse"), {}, context, std::move(done),
        [](const ServiceResult &result, QList<KvKeyRow> *keys) {
            if (result.status == 404)
                return true;
            if (!result.ok())
                return false;
            *keys = KvKeyRow::listFromJson(QJsonDocument::fromJson(result.body).array());
            return true;
        });
}

void RegistryClient::kvPut(
    const QString &key, const QByteArray &value, quint64 cas, QObject *context, Callback<KvWrite> done)
{
    send<KvWrite>("PUT", keyPath(QStringLiteral("/v1/kv/"), key) + QStringLiteral("?cas=%1").arg(cas), value, context,
        std::move(done), decodeStored);
}

void RegistryClient::kvDelete(const QString &key, quint64 cas, QObject *context, Callback<KvWrite> done)
{
    send<KvWrite>("DELETE", keyPath(QStringLiteral("/v1/kv/"), key) + QStringLiteral("?cas=%1").arg(cas), {}, context,
        std::move(done), decodeStored);
}

void RegistryClient::kvHistory(const QString &key, QObject *context, Callback<QList<KvVersionRow>> done)
{
    send<QList<KvVersionRow>>("GET", keyPath(QStringLiteral("/v1/flightdeck/kv-history/"), key), {}, context,
        std::move(done), [](const ServiceResult &result, QList<KvVersionRow> *versions) {
            if (result.status == 404)
                return true;
            if (!result.ok())
                return false;
            *versions = KvVersionRow::listFromJson(result.json());
            return true;
        });
}

void RegistryClient::kvDiff(
    const QString &key, quint64 fromVersion, quint64 toVersion, QObject *context, Callback<KvDiff> done)
{
    send<KvDiff>("GET",
        keyPath(QStringLiteral("/v1/flightdeck/kv-diff/"), key)
            + QStringLiteral("?from=%1&to=%2").arg(fromVersion).arg(toVersion),
        {}, context, std::move(done), [](const ServiceResult &result, KvDiff *diff) {
            if (!result.ok())
                return false;
            *diff = KvDiff::fromJson(result.json());
            return true;
        });
}

void RegistryClient::kvRollback(const QString &key, quint64 version, QObject *context, Callback<quint64> done)
{
    send<quint64>("PUT",
        keyPath(QStringLiteral("/v1/flightdeck/kv-rollback/"), key) + QStringLiteral("?version=%1").arg(version), {},
        context, std::move(done), [](const ServiceResult &result, quint64 *newVersion) {
            if (!result.ok())
                return false;
            *newVersion = quint64(result.json().value(QStringLiteral("version")).toInteger());
            return true;
        });
}
