#pragma once

#include <functional>
#include <QList>
#include <QString>

struct CartLine
{
    QString itemId;
    qint64 quantity = 0;
};

// A cart as stored: its lines and its version, which changes on every committed write (the ETag).
struct CartSnapshot
{
    QString id;
    qint64 version = 0;
    QList<CartLine> lines;
};

struct CartSummary
{
    QString id;
    qint64 version = 0;
    int lineCount = 0;
    qint64 updatedAtMs = 0;
};

// One change to one cart. expectedVersion >= 0 makes it conditional (If-Match): it is applied only when
// the cart still has that version.
struct CartWrite
{
    enum class Kind { CreateCart, AddItem, SetQuantity, RemoveItem, Clear };
    Kind kind = Kind::AddItem;
    QString cartId;
    QString itemId;
    qint64 quantity = 0;
    qint64 expectedVersion = -1;
};

struct CartWriteResult
{
    enum class Status {
        Ok,
        CartNotFound,
        ItemNotInCart,
        CartExists,
        VersionMismatch,
        LineLimit, // the line would exceed CartLimits::maxLineQuantity
        Unavailable, // the database is locked or cannot be written; nothing was changed
    };
    Status status = Status::Ok;
    qint64 version = 0; // the cart's version after the write, or its current one when refused
    qint64 lineQuantity = 0; // the line's quantity after an add or set
    QString error;
};

struct CartLimits
{
    static constexpr qint64 maxRequestQuantity = 10'000;
    static constexpr qint64 maxLineQuantity = 1'000'000;
    static constexpr int maxItemIdBytes = 128;
    static constexpr int maxCartIdBytes = 64;
};

// Durable cart storage. Every instance of the cart service opens its own store on its own thread; the
// stores of one service share their data (one SQLite file, or one PostgreSQL database), so any instance
// can serve any cart. Writes are asynchronous so an implementation can batch them into one transaction;
// done is called, on the store's thread, only after the write is committed (or refused).
class CartStore
{
public:
    virtual ~CartStore() = default;

    virtual bool open(QString *error) = 0;
    virtual void close() = 0;

    // Reads see every write that was acknowledged, by this store or any other sharing its data.
    // Returns false with error set when the read itself failed; a missing cart is found == false.
    virtual bool cart(const QString &cartId, CartSnapshot *snapshot, bool *found, QString *error) = 0;
    virtual bool listCarts(int limit, QList<CartSummary> *carts, QString *error) = 0;

    virtual void write(const CartWrite &write, std::function<void(const CartWriteResult &)> done) = 0;
};
