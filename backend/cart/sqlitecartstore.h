#pragma once

#include "cartstore.h"
#include "core/workerthread.h"
#include "sqlitecartconnection.h"

#include <atomic>
#include <memory>
#include <QElapsedTimer>
#include <QHash>
#include <QObject>

class SqliteCartWriter;

// CartStore on one SQLite file in WAL mode, shared by every instance of the cart service (each instance
// has its own store and its own connections). Writes are group-committed and pipelined: the instance
// thread queues them and keeps serving while a writer thread, with its own connection, commits the
// previous batch (BEGIN IMMEDIATE; every refusal is decided before a write changes anything; COMMIT with
// its fsync). Each write is acknowledged on the instance thread after its batch committed. BEGIN
// IMMEDIATE takes the database's write lock up front, so instances never interleave read-modify-write
// steps and no update is lost.
//
// Reads run on the instance thread's connection and are cached per cart. Stores on the same file in this
// process share a commit generation that the writer bumps after each COMMIT, before anything is
// acknowledged, so a cached cart is known to be current without touching SQLite (a read transaction costs
// file-lock system calls, which dominated GET /cart). Writers in other processes are caught by PRAGMA
// data_version, checked at most every dataVersionCheckMs.
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

    qint64 commits() const { return m_commits; }

private:
    struct Queued
    {
        CartWrite write;
        std::function<void(const CartWriteResult &)> done;
    };

    void scheduleFlush();
    void flush();
    void batchDone(const QList<Queued> &batch, const SqliteCartConnection::BatchOutcome &outcome, quint64 previous);
    bool revalidateCache(QString *error);

    SqliteCartStoreOptions m_options;
    std::unique_ptr<SqliteCartConnection> m_reader;
    std::unique_ptr<WorkerThread<SqliteCartWriter>> m_writer; // while open
    QList<Queued> m_queue;
    bool m_flushScheduled = false;
    bool m_writerBusy = false;
    QHash<QString, CartSnapshot> m_cache;
    qint64 m_dataVersion = -1;
    std::shared_ptr<std::atomic<quint64>> m_generation; // shared by every store on this file in this process
    quint64 m_cachedGeneration = 0;
    QElapsedTimer m_sinceDataVersionCheck;
    qint64 m_commits = 0;
};
