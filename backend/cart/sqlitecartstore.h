#pragma once

#include "cartstore.h"

#include <memory>
#include <QHash>
#include <QObject>
#include <QSqlDatabase>
#include <QSqlQuery>

struct SqliteCartStoreOptions
{
    QString path;
    QString connectionTag; // part of the unique Qt SQL connection name, e.g. the instance id
    int busyTimeoutMs = 5000; // how long a writer waits for another instance's transaction
    bool fullSync = true; // fsync the WAL on every commit: acknowledged writes survive power loss
    int maxBatch = 512; // writes committed together in one transaction
};

// CartStore on one SQLite file in WAL mode, shared by every instance of the cart service (each instance
// has its own store object and connection, on its own thread). Writes are group-committed: all writes that
// arrive within one turn of the event loop run in one BEGIN IMMEDIATE transaction, each inside its own
// savepoint so a refused write leaves no trace, and are acknowledged after COMMIT returned. BEGIN
// IMMEDIATE takes the write lock up front, so two instances never interleave read-modify-write steps and
// no update is lost. Reads are cached per cart and revalidated with PRAGMA data_version, which changes
// whenever another connection commits.
class SqliteCartStore : public QObject, public CartStore
{
    Q_OBJECT
public:
    explicit SqliteCartStore(SqliteCartStoreOptions options, QObject *parent = nullptr);
    ~SqliteCartStore() override;

    bool open(QString *error) override;
    void close() override;
    bool cart(const QString &cartId, CartSnapshot *snapshot, bool *found, QString *error) override;
    bool listCarts(int limit, QList<CartSummary> *carts, QString *error) override;
    void write(const CartWrite &write, std::function<void(const CartWriteResult &)> done) override;

    // Commits every queued write now (normally done on the next event loop turn).
    void flush();
    qint64 commits() const { return m_commits; }

private:
    struct Queued
    {
        CartWrite write;
        std::function<void(const CartWriteResult &)> done;
    };
    struct Statements;

    bool exec(const QString &sql, QString *error);
    static bool run(QSqlQuery &query, QString *error);
    CartWriteResult apply(const CartWrite &write, qint64 nowMs);
    bool cartVersion(const QString &cartId, qint64 *version, bool *found, QString *error);
    bool checkDataVersion();
    void scheduleFlush();

    SqliteCartStoreOptions m_options;
    QString m_connectionName;
    QSqlDatabase m_db;
    std::unique_ptr<Statements> m_statements;
    QList<Queued> m_queue;
    bool m_flushScheduled = false;
    QHash<QString, CartSnapshot> m_cache;
    qint64 m_dataVersion = -1;
    qint64 m_commits = 0;
};
