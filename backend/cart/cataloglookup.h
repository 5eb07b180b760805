#pragma once

#include "client/catalogitem.h"

#include <functional>
#include <QElapsedTimer>
#include <QHash>
#include <QObject>
#include <QPointer>

class ServiceClient;

// Answers "is this item in the catalog, and what does it cost?" for the cart, by calling the catalog
// service (GET /items/{id}) through a load-balanced client, with a small cache so a busy cart does not
// ask for the same item on every request. Concurrent lookups of one id share one call.
class CatalogLookup : public QObject
{
    Q_OBJECT
public:
    struct Result
    {
        enum class Kind { Found, Unknown, Unavailable } kind = Kind::Unavailable;
        CatalogItem item;
        QString error;
    };
    using Callback = std::function<void(const Result &)>;

    struct Options
    {
        int ttlMs = 30'000; // how long a found item (and its price) is trusted
        int negativeTtlMs = 2'000; // how long "no such item" is trusted
        int maxEntries = 4096;
        int maxPendingIds = 1024; // distinct ids being looked up at once; more are refused, not queued
    };

    CatalogLookup(ServiceClient *client, Options options, QObject *parent = nullptr);

    // Answers synchronously on a fresh cache hit, otherwise once the catalog answered. done is not called
    // if context is destroyed first.
    void lookup(const QString &itemId, QObject *context, Callback done);
    // Cached item if fresh, without calling anyone.
    bool cached(const QString &itemId, CatalogItem *item) const;

private:
    struct Entry
    {
        bool found = false;
        CatalogItem item;
        qint64 expiresAtMs = 0;
    };
    struct Waiter
    {
        QPointer<QObject> context;
        Callback done;
    };
    void finish(const QString &itemId, const Result &result);

    ServiceClient *m_client;
    Options m_options;
    QHash<QString, Entry> m_cache;
    QHash<QString, QList<Waiter>> m_pending;
    QElapsedTimer m_clock;
};
