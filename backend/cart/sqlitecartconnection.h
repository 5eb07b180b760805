#pragma once

#include "cartstore.h"

#include <memory>
#include <QSqlDatabase>
#include <QSqlQuery>

struct SqliteCartStoreOptions
{
    QString path;
    QString connectionTag; // part of the unique Qt SQL connection names, e.g. the instance id
    int busyTimeoutMs = 5000; // how long a writer waits for another instance's transaction
    bool fullSync = true; // fsync the WAL on every commit: acknowledged writes survive power loss
    int maxBatch = 512; // writes committed together in one transaction
    int dataVersionCheckMs = 50; // staleness bound for writes made by other processes
    int checkpointEveryCommits = 64; // WAL checkpoint cadence, run after the batch was acknowledged
};

// One Qt SQL connection to the cart database with its prepared statements. Not thread safe: it is
// created, used and destroyed on one thread, as Qt SQL requires. Opening it creates the schema if needed.
class SqliteCartConnection
{
public:
    SqliteCartConnection(const SqliteCartStoreOptions &options, const QString &connectionName);
    ~SqliteCartConnection();

    bool open(QString *error);

    // Version and lines from one read transaction, so an ETag always describes exactly these lines.
    bool readCart(const QString &cartId, CartSnapshot *snapshot, bool *found, QString *error);
    bool listCarts(int limit, QList<CartSummary> *carts, QString *error);
    // SQLite's PRAGMA data_version: changes when another connection committed.
    bool dataVersion(qint64 *version, QString *error);

    struct BatchOutcome
    {
        bool committed = false;
        QString error;
        QList<CartWriteResult> results; // one per write, meaningful only when committed
    };
    // Moves committed pages from the WAL into the database file so the WAL stays small.
    bool checkpoint(QString *error);
    // Applies the writes in one BEGIN IMMEDIATE transaction and commits. Refused writes change nothing; a
    // database error rolls the whole batch back (committed == false).
    BatchOutcome commit(const QList<CartWrite> &writes);

private:
    struct Statements;

    bool exec(const QString &sql, QString *error);
    static bool run(QSqlQuery &query, QString *error);
    bool cartVersion(const QString &cartId, qint64 *version, bool *found, QString *error);
    CartWriteResult apply(const CartWrite &write, qint64 nowMs);

    SqliteCartStoreOptions m_options;
    QString m_connectionName;
    QSqlDatabase m_db;
    std::unique_ptr<Statements> m_statements;
};
