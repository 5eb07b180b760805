#include "sqlitecartstore.h"

#include <QCoreApplication>
#include <QFileInfo>
#include <QMutex>
#include <QTimer>

// Lives on the store's writer thread and owns the connection that writes.
class SqliteCartWriter : public QObject
{
public:
    std::unique_ptr<SqliteCartConnection> connection;
    int commitsSinceCheckpoint = 0;
};

namespace {

std::atomic<int> connectionCounter { 0 };

// One commit generation per database file, shared by the stores of this process.
std::shared_ptr<std::atomic<quint64>> generationFor(const QString &path)
{
    static QMutex mutex;
    static QHash<QString, std::weak_ptr<std::atomic<quint64>>> generations;
    const QString key = QFileInfo(path).absoluteFilePath();
    QMutexLocker lock(&mutex);
    auto generation = generations.value(key).lock();
    if (!generation) {
        generation = std::make_shared<std::atomic<quint64>>(0);
        generations.insert(key, generation);
    }
    return generation;
}

} // namespace

SqliteCartStore::SqliteCartStore(SqliteCartStoreOptions options, QObject *parent)
    : QObject(parent)
    , m_options(std::move(options))
{ }

SqliteCartStore::~SqliteCartStore()
{
    close();
}

bool SqliteCartStore::open(QString *error)
{
    const int n = ++connectionCounter;
    m_reader = std::make_unique<SqliteCartConnection>(
        m_options, QStringLiteral("cartstore-%1-%2-read").arg(m_options.connectionTag).arg(n));
    if (!m_reader->open(error)) {
        m_reader.reset();
        return false;
    }
    m_generation = generationFor(m_options.path);

    m_writer = std::make_unique<WorkerThread<SqliteCartWriter>>(m_options.connectionTag + QStringLiteral("-writer"));
    const auto options = m_options;
    const QString name = QStringLiteral("cartstore-%1-%2-write").arg(m_options.connectionTag).arg(n);
    const bool opened = m_writer->call([&options, &name, error](SqliteCartWriter &writer) {
        writer.connection = std::make_unique<SqliteCartConnection>(options, name);
        const bool ok = writer.connection->open(error);
        if (!ok)
            writer.connection.reset();
        return ok;
    });
    if (!opened) {
        close();
        return false;
    }
    return true;
}

void SqliteCartStore::close()
{
    if (m_writer) {
        // Commit and acknowledge everything queued; nothing accepted is dropped on a graceful stop.
        for (int rounds = 0; rounds < 10000 && (m_writerBusy || !m_queue.isEmpty()); ++rounds) {
            if (!m_writerBusy)
                flush();
            // The writer handles calls in order, so once this returns the batch in flight has been committed
            // and its acknowledgement posted back here; deliver it now.
            m_writer->call([](SqliteCartWriter &) {});
            QCoreApplication::sendPostedEvents(this, QEvent::MetaCall);
        }
        m_writer->call([](SqliteCartWriter &writer) { writer.connection.reset(); });
        m_writer.reset();
    }
    m_reader.reset();
    m_cache.clear();
}

bool SqliteCartStore::revalidateCache(QString *error)
{
    // Load the generation before reading anything: a commit that lands in between only makes the cache
    // look older than it is, never newer.
    const quint64 generation = m_generation->load(std::memory_order_acquire);
    if (generation != m_cachedGeneration) {
        m_cache.clear();
        m_cachedGeneration = generation;
    }
    if (m_sinceDataVersionCheck.isValid() && m_sinceDataVersionCheck.elapsed() < m_options.dataVersionCheckMs)
        return true;
    m_sinceDataVersionCheck.start();
    qint64 version = 0;
    if (!m_reader->dataVersion(&version, error))
        return false;
    if (version != m_dataVersion) {
        m_cache.clear(); // another connection committed: cached carts may be stale
        m_dataVersion = version;
    }
    return true;
}

bool SqliteCartStore::cart(const QString &cartId, CartSnapshot *snapshot, bool *found, QString *error)
{
    if (!m_reader) {
        if (error)
            *error = QStringLiteral("store is not open");
        return false;
    }
    if (!revalidateCache(error))
        return false;
    const auto cached = m_cache.constFind(cartId);
    if (cached != m_cache.constEnd()) {
        *snapshot = *cached;
        *found = true;
        return true;
    }
    if (!m_reader->readCart(cartId, snapshot, found, error))
        return false;
    if (*found)
        m_cache.insert(cartId, *snapshot);
    return true;
}

bool SqliteCartStore::listCarts(int limit, QList<CartSummary> *carts, QString *error)
{
    if (!m_reader) {
        if (error)
            *error = QStringLiteral("store is not open");
        return false;
    }
    return m_reader->listCarts(limit, carts, error);
}

void SqliteCartStore::write(const CartWrite &write, std::function<void(const CartWriteResult &)> done)
{
    m_queue.append({ write, std::move(done) });
    scheduleFlush();
}

void SqliteCartStore::scheduleFlush()
{
    if (m_flushScheduled || m_writerBusy)
        return;
    m_flushScheduled = true;
    // A zero timer runs after the event loop has read every request already waiting on the sockets, so
    // all of them share one transaction and one fsync.
    QTimer::singleShot(0, this, [this] { flush(); });
}

void SqliteCartStore::flush()
{
    m_flushScheduled = false;
    if (m_writerBusy || m_queue.isEmpty())
        return;
    if (!m_writer) {
        const auto batch = std::exchange(m_queue, {});
        SqliteCartConnection::BatchOutcome failed;
        failed.error = QStringLiteral("store is not open");
        batchDone(batch, failed, 0);
        return;
    }
    const auto count = std::min<qsizetype>(m_queue.size(), m_options.maxBatch);
    QList<Queued> batch = m_queue.mid(0, count);
    m_queue.remove(0, count);
    QList<CartWrite> writes;
    writes.reserve(batch.size());
    for (const auto &queued : std::as_const(batch))
        writes.append(queued.write);
    m_writerBusy = true;
    auto generation = m_generation;
    m_writer->post([this, generation, writes, batch, checkpointEvery = m_options.checkpointEveryCommits](
                       SqliteCartWriter &writer) {
        // On the writer thread. The store outlives every call posted here: close() waits for them.
        const auto outcome = writer.connection->commit(writes);
        quint64 previous = 0;
        if (outcome.committed) // before any acknowledgement, so every store here sees the change
            previous = generation->fetch_add(1, std::memory_order_acq_rel);
        QMetaObject::invokeMethod(
            this, [this, batch, outcome, previous] { batchDone(batch, outcome, previous); }, Qt::QueuedConnection);
        if (outcome.committed && ++writer.commitsSinceCheckpoint >= checkpointEvery) {
            writer.commitsSinceCheckpoint = 0;
            writer.connection->checkpoint(nullptr); // a failed passive checkpoint is retried next time
        }
    });
}

void SqliteCartStore::batchDone(
    const QList<Queued> &batch, const SqliteCartConnection::BatchOutcome &outcome, quint64 previous)
{
    m_writerBusy = false;
    ++m_commits;
    for (const auto &queued : batch)
        m_cache.remove(queued.write.cartId);
    // Our own commit does not stale the rest of our cache; anybody else's since we last looked does.
    if (outcome.committed && previous == m_cachedGeneration)
        m_cachedGeneration = previous + 1;
    for (qsizetype i = 0; i < batch.size(); ++i) {
        if (!batch[i].done)
            continue;
        // Nothing is acknowledged unless the transaction holding it committed.
        if (outcome.committed) {
            batch[i].done(outcome.results.at(i));
        } else {
            CartWriteResult failed;
            failed.status = CartWriteResult::Status::Unavailable;
            failed.error = outcome.error;
            batch[i].done(failed);
        }
    }
    // Requests that arrived while the writer was busy form the next batch at once.
    flush();
}
