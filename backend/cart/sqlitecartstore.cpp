#include "sqlitecartstore.h"

#include <atomic>
#include <QDateTime>
#include <QSqlError>
#include <QTimer>
#include <QVariant>

struct SqliteCartStore::Statements
{
    explicit Statements(const QSqlDatabase &db)
        : version(db)
        , createCart(db)
        , addItem(db)
        , setItem(db)
        , removeItem(db)
        , clearItems(db)
        , bumpVersion(db)
        , lines(db)
        , dataVersion(db)
        , begin(db)
        , beginImmediate(db)
        , commit(db)
        , rollback(db)
        , savepoint(db)
        , rollbackTo(db)
        , release(db)
    { }
    QSqlQuery version, createCart, addItem, setItem, removeItem, clearItems, bumpVersion, lines, dataVersion;
    // Transaction control runs several times per request: prepared once, like the data statements.
    QSqlQuery begin, beginImmediate, commit, rollback, savepoint, rollbackTo, release;
};

namespace {

std::atomic<int> connectionCounter { 0 };

qint64 nowMs()
{
    return QDateTime::currentMSecsSinceEpoch();
}

CartWriteResult refused(CartWriteResult::Status status, qint64 version, const QString &error = {})
{
    CartWriteResult result;
    result.status = status;
    result.version = version;
    result.error = error;
    return result;
}

} // namespace

SqliteCartStore::SqliteCartStore(SqliteCartStoreOptions options, QObject *parent)
    : QObject(parent)
    , m_options(std::move(options))
{
    m_connectionName = QStringLiteral("cartstore-%1-%2").arg(m_options.connectionTag).arg(++connectionCounter);
}

SqliteCartStore::~SqliteCartStore()
{
    close();
}

bool SqliteCartStore::run(QSqlQuery &query, QString *error)
{
    if (query.exec())
        return true;
    if (error)
        *error = query.lastError().text();
    return false;
}

bool SqliteCartStore::exec(const QString &sql, QString *error)
{
    QSqlQuery query(m_db);
    if (query.exec(sql))
        return true;
    if (error)
        *error = QStringLiteral("%1: %2").arg(sql, query.lastError().text());
    return false;
}

bool SqliteCartStore::open(QString *error)
{
    m_db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), m_connectionName);
    m_db.setDatabaseName(m_options.path);
    // The driver's own busy handler covers the moments before our PRAGMA runs (schema setup by a sibling).
    m_db.setConnectOptions(QStringLiteral("QSQLITE_BUSY_TIMEOUT=%1").arg(m_options.busyTimeoutMs));
    if (!m_db.open()) {
        if (error)
            *error = QStringLiteral("cannot open %1: %2").arg(m_options.path, m_db.lastError().text());
        return false;
    }
    const QStringList setup {
        QStringLiteral("PRAGMA busy_timeout=%1").arg(m_options.busyTimeoutMs),
        QStringLiteral("PRAGMA journal_mode=WAL"),
        m_options.fullSync ? QStringLiteral("PRAGMA synchronous=FULL") : QStringLiteral("PRAGMA synchronous=NORMAL"),
        QStringLiteral("PRAGMA foreign_keys=ON"),
        QStringLiteral("BEGIN IMMEDIATE"),
        QStringLiteral("CREATE TABLE IF NOT EXISTS carts(id TEXT PRIMARY KEY, version INTEGER NOT NULL,"
                       " created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL) WITHOUT ROWID"),
        QStringLiteral("CREATE TABLE IF NOT EXISTS cart_items(cart_id TEXT NOT NULL REFERENCES carts(id),"
                       " item_id TEXT NOT NULL, quantity INTEGER NOT NULL CHECK(quantity > 0),"
                       " added_at INTEGER NOT NULL, PRIMARY KEY(cart_id, item_id)) WITHOUT ROWID"),
        QStringLiteral("INSERT OR IGNORE INTO carts(id, version, created_at, updated_at) VALUES('default', 1, %1, %1)")
            .arg(nowMs()),
        QStringLiteral("COMMIT"),
    };
    for (const auto &sql : setup) {
        if (!exec(sql, error)) {
            exec(QStringLiteral("ROLLBACK"), nullptr);
            close();
            return false;
        }
    }
    m_statements = std::make_unique<Statements>(m_db);
    auto &s = *m_statements;
    const bool prepared = s.version.prepare(QStringLiteral("SELECT version FROM carts WHERE id = ?"))
        && s.createCart.prepare(
            QStringLiteral("INSERT INTO carts(id, version, created_at, updated_at) VALUES(?, 1, ?, ?)"))
        // One statement adds atomically and refuses to grow a line past the limit (then no row returns).
        && s.addItem.prepare(
            QStringLiteral("INSERT INTO cart_items(cart_id, item_id, quantity, added_at) VALUES(?, ?, ?, ?)"
                           " ON CONFLICT(cart_id, item_id) DO UPDATE SET quantity = quantity + excluded.quantity"
                           " WHERE quantity + excluded.quantity <= %1 RETURNING quantity")
                .arg(CartLimits::maxLineQuantity))
        && s.setItem.prepare(
            QStringLiteral("INSERT INTO cart_items(cart_id, item_id, quantity, added_at) VALUES(?, ?, ?, ?)"
                           " ON CONFLICT(cart_id, item_id) DO UPDATE SET quantity = excluded.quantity"))
        && s.removeItem.prepare(QStringLiteral("DELETE FROM cart_items WHERE cart_id = ? AND item_id = ?"))
        && s.clearItems.prepare(QStringLiteral("DELETE FROM cart_items WHERE cart_id = ?"))
        && s.bumpVersion.prepare(
            QStringLiteral("UPDATE carts SET version = version + 1, updated_at = ? WHERE id = ? RETURNING version"))
        && s.lines.prepare(
            QStringLiteral("SELECT item_id, quantity FROM cart_items WHERE cart_id = ? ORDER BY added_at, item_id"))
        && s.dataVersion.prepare(QStringLiteral("PRAGMA data_version")) && s.begin.prepare(QStringLiteral("BEGIN"))
        && s.beginImmediate.prepare(QStringLiteral("BEGIN IMMEDIATE")) && s.commit.prepare(QStringLiteral("COMMIT"))
        && s.rollback.prepare(QStringLiteral("ROLLBACK")) && s.savepoint.prepare(QStringLiteral("SAVEPOINT w"))
        && s.rollbackTo.prepare(QStringLiteral("ROLLBACK TO w")) && s.release.prepare(QStringLiteral("RELEASE w"));
    if (!prepared) {
        if (error)
            *error = QStringLiteral("cannot prepare cart statements: %1").arg(m_db.lastError().text());
        close();
        return false;
    }
    for (auto *query : { &s.version, &s.lines, &s.dataVersion })
        query->setForwardOnly(true);
    return true;
}

void SqliteCartStore::close()
{
    if (!m_connectionName.isEmpty() && QSqlDatabase::contains(m_connectionName)) {
        flush();
        m_statements.reset();
        m_db.close();
        m_db = QSqlDatabase();
        QSqlDatabase::removeDatabase(m_connectionName);
    }
    m_cache.clear();
}

bool SqliteCartStore::checkDataVersion()
{
    auto &query = m_statements->dataVersion;
    if (!query.exec() || !query.next())
        return false;
    const qint64 version = query.value(0).toLongLong();
    query.finish();
    if (version != m_dataVersion) {
        m_cache.clear(); // another instance committed: cached carts may be stale
        m_dataVersion = version;
    }
    return true;
}

bool SqliteCartStore::cartVersion(const QString &cartId, qint64 *version, bool *found, QString *error)
{
    auto &query = m_statements->version;
    query.bindValue(0, cartId);
    if (!query.exec()) {
        if (error)
            *error = query.lastError().text();
        return false;
    }
    *found = query.next();
    *version = *found ? query.value(0).toLongLong() : 0;
    query.finish();
    return true;
}

bool SqliteCartStore::cart(const QString &cartId, CartSnapshot *snapshot, bool *found, QString *error)
{
    if (!m_statements) {
        if (error)
            *error = QStringLiteral("store is not open");
        return false;
    }
    if (!checkDataVersion()) {
        if (error)
            *error = m_statements->dataVersion.lastError().text();
        return false;
    }
    const auto cached = m_cache.constFind(cartId);
    if (cached != m_cache.constEnd()) {
        *snapshot = *cached;
        *found = true;
        return true;
    }
    // Version and lines must come from one snapshot of the database, or an ETag could describe other lines.
    if (!run(m_statements->begin, error))
        return false;
    qint64 version = 0;
    bool ok = cartVersion(cartId, &version, found, error);
    CartSnapshot result;
    if (ok && *found) {
        result.id = cartId;
        result.version = version;
        auto &lines = m_statements->lines;
        lines.bindValue(0, cartId);
        ok = lines.exec();
        if (!ok && error)
            *error = lines.lastError().text();
        while (ok && lines.next())
            result.lines.append({ lines.value(0).toString(), lines.value(1).toLongLong() });
        lines.finish();
    }
    run(m_statements->commit, nullptr);
    if (!ok)
        return false;
    if (*found) {
        m_cache.insert(cartId, result);
        *snapshot = result;
    }
    return true;
}

bool SqliteCartStore::listCarts(int limit, QList<CartSummary> *carts, QString *error)
{
    QSqlQuery query(m_db);
    query.setForwardOnly(true);
    query.prepare(QStringLiteral("SELECT c.id, c.version, c.updated_at, (SELECT count(*) FROM cart_items i WHERE"
                                 " i.cart_id = c.id) FROM carts c ORDER BY c.updated_at DESC, c.id LIMIT ?"));
    query.bindValue(0, limit);
    if (!query.exec()) {
        if (error)
            *error = query.lastError().text();
        return false;
    }
    while (query.next())
        carts->append({ query.value(0).toString(), query.value(1).toLongLong(), query.value(3).toInt(),
            query.value(2).toLongLong() });
    return true;
}

void SqliteCartStore::write(const CartWrite &write, std::function<void(const CartWriteResult &)> done)
{
    m_queue.append({ write, std::move(done) });
    scheduleFlush();
}

void SqliteCartStore::scheduleFlush()
{
    if (m_flushScheduled)
        return;
    m_flushScheduled = true;
    // A zero timer runs after the event loop has read every request already waiting on the sockets, so
    // all of them share one transaction and one fsync.
    QTimer::singleShot(0, this, [this] { flush(); });
}

CartWriteResult SqliteCartStore::apply(const CartWrite &write, qint64 now)
{
    auto &s = *m_statements;
    qint64 version = 0;
    bool found = false;
    QString error;
    if (!cartVersion(write.cartId, &version, &found, &error))
        return refused(CartWriteResult::Status::Unavailable, 0, error);
    if (write.kind == CartWrite::Kind::CreateCart) {
        if (found)
            return refused(CartWriteResult::Status::CartExists, version);
        s.createCart.bindValue(0, write.cartId);
        s.createCart.bindValue(1, now);
        s.createCart.bindValue(2, now);
        if (!s.createCart.exec())
            return refused(CartWriteResult::Status::Unavailable, 0, s.createCart.lastError().text());
        CartWriteResult result;
        result.version = 1;
        return result;
    }
    if (!found)
        return refused(CartWriteResult::Status::CartNotFound, 0);
    if (write.expectedVersion >= 0 && write.expectedVersion != version)
        return refused(CartWriteResult::Status::VersionMismatch, version);

    CartWriteResult result;
    QSqlQuery *query = nullptr;
    switch (write.kind) {
    case CartWrite::Kind::AddItem:
    case CartWrite::Kind::SetQuantity:
        query = write.kind == CartWrite::Kind::AddItem ? &s.addItem : &s.setItem;
        query->bindValue(0, write.cartId);
        query->bindValue(1, write.itemId);
        query->bindValue(2, write.quantity);
        query->bindValue(3, now);
        if (!query->exec())
            return refused(CartWriteResult::Status::Unavailable, version, query->lastError().text());
        if (write.kind == CartWrite::Kind::AddItem) {
            if (!query->next()) {
                query->finish();
                return refused(CartWriteResult::Status::LineLimit, version);
            }
            result.lineQuantity = query->value(0).toLongLong();
            query->finish();
        } else {
            result.lineQuantity = write.quantity;
        }
        break;
    case CartWrite::Kind::RemoveItem:
        s.removeItem.bindValue(0, write.cartId);
        s.removeItem.bindValue(1, write.itemId);
        if (!s.removeItem.exec())
            return refused(CartWriteResult::Status::Unavailable, version, s.removeItem.lastError().text());
        if (s.removeItem.numRowsAffected() == 0)
            return refused(CartWriteResult::Status::ItemNotInCart, version);
        break;
    case CartWrite::Kind::Clear:
        s.clearItems.bindValue(0, write.cartId);
        if (!s.clearItems.exec())
            return refused(CartWriteResult::Status::Unavailable, version, s.clearItems.lastError().text());
        break;
    case CartWrite::Kind::CreateCart:
        break;
    }
    s.bumpVersion.bindValue(0, now);
    s.bumpVersion.bindValue(1, write.cartId);
    if (!s.bumpVersion.exec() || !s.bumpVersion.next())
        return refused(CartWriteResult::Status::Unavailable, version, s.bumpVersion.lastError().text());
    result.version = s.bumpVersion.value(0).toLongLong();
    s.bumpVersion.finish();
    return result;
}

void SqliteCartStore::flush()
{
    m_flushScheduled = false;
    while (!m_queue.isEmpty()) {
        const auto count = std::min<qsizetype>(m_queue.size(), m_options.maxBatch);
        QList<Queued> batch = m_queue.mid(0, count);
        m_queue.remove(0, count);
        QList<CartWriteResult> results;
        results.reserve(batch.size());
        QString error;
        bool committed = m_statements && run(m_statements->beginImmediate, &error);
        if (committed) {
            const qint64 now = nowMs();
            for (const auto &queued : std::as_const(batch)) {
                // Each write in its own savepoint: a refused or failed write is undone alone.
                run(m_statements->savepoint, nullptr);
                auto result = apply(queued.write, now);
                if (result.status != CartWriteResult::Status::Ok)
                    run(m_statements->rollbackTo, nullptr);
                run(m_statements->release, nullptr);
                results.append(result);
            }
            committed = run(m_statements->commit, &error);
            if (!committed)
                run(m_statements->rollback, nullptr);
        }
        for (const auto &queued : std::as_const(batch))
            m_cache.remove(queued.write.cartId);
        ++m_commits;
        for (qsizetype i = 0; i < batch.size(); ++i) {
            if (!batch[i].done)
                continue;
            // Nothing is acknowledged unless the transaction holding it committed.
            batch[i].done(committed ? results[i]
                                    : refused(CartWriteResult::Status::Unavailable, 0,
                                        error.isEmpty() ? QStringLiteral("store is not open") : error));
        }
    }
}
