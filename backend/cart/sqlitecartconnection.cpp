#include "sqlitecartconnection.h"

#include <QDateTime>
#include <QSqlError>
#include <QVariant>

struct SqliteCartConnection::Statements
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
    { }
    QSqlQuery version, createCart, addItem, setItem, removeItem, clearItems, bumpVersion, lines, dataVersion;
    // Transaction control runs several times per request: prepared once, like the data statements.
    QSqlQuery begin, beginImmediate, commit, rollback;
};

namespace {

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

SqliteCartConnection::SqliteCartConnection(const SqliteCartStoreOptions &options, const QString &connectionName)
    : m_options(options)
    , m_connectionName(connectionName)
{ }

SqliteCartConnection::~SqliteCartConnection()
{
    m_statements.reset();
    if (m_db.isValid()) {
        m_db.close();
        m_db = QSqlDatabase();
        QSqlDatabase::removeDatabase(m_connectionName);
    }
}

bool SqliteCartConnection::run(QSqlQuery &query, QString *error)
{
    if (query.exec())
        return true;
    if (error)
        *error = query.lastError().text();
    return false;
}

bool SqliteCartConnection::exec(const QString &sql, QString *error)
{
    QSqlQuery query(m_db);
    if (query.exec(sql))
        return true;
    if (error)
        *error = QStringLiteral("%1: %2").arg(sql, query.lastError().text());
    return false;
}

bool SqliteCartConnection::open(QString *error)
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
        // Checkpoints are run by the store after acknowledging a batch (checkpoint()), not inside a COMMIT
        // where their fsyncs would delay the acknowledgement of the writes in that batch.
        QStringLiteral("PRAGMA wal_autocheckpoint=0"),
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
        && s.rollback.prepare(QStringLiteral("ROLLBACK"));
    if (!prepared) {
        if (error)
            *error = QStringLiteral("cannot prepare cart statements: %1").arg(m_db.lastError().text());
        return false;
    }
    for (auto *query : { &s.version, &s.lines, &s.dataVersion })
        query->setForwardOnly(true);
    return true;
}

bool SqliteCartConnection::cartVersion(const QString &cartId, qint64 *version, bool *found, QString *error)
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

bool SqliteCartConnection::readCart(const QString &cartId, CartSnapshot *snapshot, bool *found, QString *error)
{
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
    if (*found)
        *snapshot = result;
    return true;
}

bool SqliteCartConnection::listCarts(int limit, QList<CartSummary> *carts, QString *error)
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

bool SqliteCartConnection::checkpoint(QString *error)
{
    // PASSIVE: copies what it can without waiting for readers or blocking writers of other instances.
    return exec(QStringLiteral("PRAGMA wal_checkpoint(PASSIVE)"), error);
}

bool SqliteCartConnection::dataVersion(qint64 *version, QString *error)
{
    auto &query = m_statements->dataVersion;
    if (!query.exec() || !query.next()) {
        if (error)
            *error = query.lastError().text();
        return false;
    }
    *version = query.value(0).toLongLong();
    query.finish();
    return true;
}

CartWriteResult SqliteCartConnection::apply(const CartWrite &write, qint64 now)
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

SqliteCartConnection::BatchOutcome SqliteCartConnection::commit(const QList<CartWrite> &writes)
{
    BatchOutcome outcome;
    outcome.results.reserve(writes.size());
    if (!run(m_statements->beginImmediate, &outcome.error))
        return outcome;
    const qint64 now = nowMs();
    for (const auto &write : writes) {
        // apply() decides every refusal (missing cart, stale version, full line, absent item) before it
        // changes anything, so refused writes need no savepoint. A database error may strike after a
        // change, though: then the whole batch is rolled back and nobody is told "done".
        auto result = apply(write, now);
        if (result.status == CartWriteResult::Status::Unavailable) {
            outcome.error = result.error;
            run(m_statements->rollback, nullptr);
            return outcome;
        }
        outcome.results.append(result);
    }
    outcome.committed = run(m_statements->commit, &outcome.error);
    if (!outcome.committed)
        run(m_statements->rollback, nullptr);
    return outcome;
}
