#include "cataloglookup.h"

#include "client/serviceclient.h"

#include <QPointer>
#include <QUrl>

CatalogLookup::CatalogLookup(ServiceClient *client, Options options, QObject *parent)
    : QObject(parent)
    , m_client(client)
    , m_options(options)
{
    m_clock.start();
}

bool CatalogLookup::cached(const QString &itemId, CatalogItem *item) const
{
    const auto it = m_cache.constFind(itemId);
    if (it == m_cache.constEnd() || !it->found || it->expiresAtMs <= m_clock.elapsed())
        return false;
    *item = it->item;
    return true;
}

void CatalogLookup::lookup(const QString &itemId, QObject *context, Callback done)
{
    const auto it = m_cache.constFind(itemId);
    if (it != m_cache.constEnd() && it->expiresAtMs > m_clock.elapsed()) {
        Result result;
        result.kind = it->found ? Result::Kind::Found : Result::Kind::Unknown;
        result.item = it->item;
        done(result);
        return;
    }
    auto pending = m_pending.find(itemId);
    if (pending != m_pending.end()) {
        pending->append({ context, std::move(done) });
        return;
    }
    if (m_pending.size() >= m_options.maxPendingIds) {
        Result result;
        result.error = QStringLiteral("too many catalog lookups in flight");
        done(result);
        return;
    }
    m_pending.insert(itemId, { { context, std::move(done) } });
    const QString path = QStringLiteral("/items/") + QString::fromLatin1(QUrl::toPercentEncoding(itemId));
    m_client->send(
        ServiceCall::get(path, QStringLiteral("/items/{id}")), this, [this, itemId](const ServiceResult &reply) {
            Result result;
            if (reply.status == 200 && CatalogItem::fromJson(reply.json(), &result.item)) {
                result.kind = Result::Kind::Found;
            } else if (reply.status == 404) {
                result.kind = Result::Kind::Unknown;
            } else {
                result.kind = Result::Kind::Unavailable;
                result.error
                    = reply.status == 0 ? reply.error : QStringLiteral("catalog answered %1").arg(reply.status);
            }
            finish(itemId, result);
        });
}

void CatalogLookup::finish(const QString &itemId, const Result &result)
{
    if (result.kind != Result::Kind::Unavailable) {
        if (m_cache.size() >= m_options.maxEntries)
            m_cache.clear(); // crude but bounded; the catalog is small and refills quickly
        const bool found = result.kind == Result::Kind::Found;
        m_cache.insert(
            itemId, { found, result.item, m_clock.elapsed() + (found ? m_options.ttlMs : m_options.negativeTtlMs) });
    }
    const auto waiters = m_pending.take(itemId);
    for (const auto &waiter : waiters) {
        if (waiter.context)
            waiter.done(result);
    }
}
