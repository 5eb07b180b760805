#pragma once

#include "cartstore.h"

#include <atomic>
#include <memory>
#include <QElapsedTimer>
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
    int dataVersionCheckMs = 50; // staleness bound for writes made by other processes
};

// CartStore on one SQLite file in WAL mode, shared by every instance of the cart service (each instance
// has its own store object and connection, on its own thread). Writes are group-committed: all writes that
// arrive within one turn of the event loop run in one BEGIN IMMEDIATE transaction, each inside its own
// savepoint so a refused write leaves no trace, and are acknowledged after COMMIT returned. BEGIN
// IMMEDIATE takes the write lock up front, so two instances never interleave read-modify-write steps and
// no update is lost.
//
// Reads are cached per cart. Stores on the same file in this process share a commit generation that every
// store bumps after each COMMIT and before acknowledging, so a cached cart is known to be current without
// touching SQLite (a read transaction costs file-lock system calls, which dominated GET /cart). Writers in
// other processes are caught by PRAGMA data_version, checked at most every dataVersionCheckMs.
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
    bool revalidateCache();
    void scheduleFlush();

    SqliteCartStoreOptions m_options;
    QString m_connectionName;
    QSqlDatabase m_db;
    std::unique_ptr<Statements> m_statements;
    QList<Queued> m_queue;
    bool m_flushScheduled = false;
    QHash<QString, CartSnapshot> m_cache;
    qint64 m_dataVersion = -1;
    std::shared_ptr<std::atomic<quint64>> m_generation; // shared by every store on this file in this process
    quint64 m_cachedGeneration = 0;
    QElapsedTimer m_sinceDataVersionCheck;
    qint64 m_commits = 0;
};
