#include "sqliteregistrypersistence.h"

#include "core/logging.h"
#include "instancecodec.h"

#include <QJsonDocument>
#include <QSqlError>
#include <QSqlQuery>
#include <QUuid>
#include <spdlog/spdlog.h>

SqliteRegistryPersistence::SqliteRegistryPersistence(QString path)
    : m_path(std::move(path))
    , m_connectionName(QStringLiteral("registry-") + QUuid::createUuid().toString(QUuid::WithoutBraces))
{ }

SqliteRegistryPersistence::~SqliteRegistryPersistence()
{
    if (m_db.isValid()) {
        m_db.close();
        m_db = QSqlDatabase();
        QSqlDatabase::removeDatabase(m_connectionName);
    }
}

bool SqliteRegistryPersistence::exec(const QString &sql, const QVariantList &values)
{
    QSqlQuery query(m_db);
    if (!query.prepare(sql)) {
        Logging::get("registry")->error("sqlite prepare failed: {}", query.lastError().text().toStdString());
        return false;
    }
    for (const auto &value : values)
        query.addBindValue(value);
    if (!query.exec()) {
        Logging::get("registry")->error("sqlite write failed: {}", query.lastError().text().toStdString());
        return false;
    }
    return true;
}

bool SqliteRegistryPersistence::load(Snapshot *snapshot, QString *error)
{
    m_db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), m_connectionName);
    m_db.setDatabaseName(m_path);
    if (!m_db.open()) {
        if (error)
            *error = QStringLiteral("cannot open registry database %1: %2").arg(m_path, m_db.lastError().text());
        return false;
    }
    const QStringList schema {
        QStringLiteral("PRAGMA journal_mode=WAL"),
        QStringLiteral("PRAGMA synchronous=NORMAL"),
        QStringLiteral("CREATE TABLE IF NOT EXISTS instances (id TEXT PRIMARY KEY, body TEXT NOT NULL)"),
        QStringLiteral("CREATE TABLE IF NOT EXISTS kv_history (seq INTEGER PRIMARY KEY AUTOINCREMENT, "
                       "key TEXT NOT NULL, version INTEGER NOT NULL, value BLOB, flags TEXT, "
                       "modify_index INTEGER NOT NULL, deleted INTEGER NOT NULL, time_ms INTEGER NOT NULL)"),
        QStringLiteral("CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value TEXT)"),
        QStringLiteral("CREATE TABLE IF NOT EXISTS sessions (id TEXT PRIMARY KEY, body TEXT NOT NULL)"),
    };
    for (const auto &statement : schema) {
        QSqlQuery query(m_db);
        if (!query.exec(statement)) {
            if (error)
                *error = QStringLiteral("registry database %1: %2").arg(m_path, query.lastError().text());
            return false;
        }
    }
    // Files written before KV locks existed lack the lock columns; added once, empty (unlocked).
    QSqlQuery columns(m_db);
    columns.exec(QStringLiteral("PRAGMA table_info(kv_history)"));
    bool hasLocks = false;
    while (columns.next())
        hasLocks = hasLocks || columns.value(1).toString() == QLatin1String("session");
    if (!hasLocks
        && !(exec(QStringLiteral("ALTER TABLE kv_history ADD COLUMN session TEXT NOT NULL DEFAULT ''"))
            && exec(QStringLiteral("ALTER TABLE kv_history ADD COLUMN lock_index INTEGER NOT NULL DEFAULT 0")))) {
        if (error)
            *error = QStringLiteral("registry database %1: cannot add the KV lock columns").arg(m_path);
        return false;
    }
    QSqlQuery query(m_db);
    query.exec(QStringLiteral("SELECT body FROM instances"));
    while (query.next()) {
        RegistryInstance instance;
        if (InstanceCodec::fromJson(QJsonDocument::fromJson(query.value(0).toByteArray()).object(), &instance))
            snapshot->instances.append(instance);
    }
    query.exec(QStringLiteral("SELECT key, version, value, flags, modify_index, deleted, time_ms, session, lock_index "
                              "FROM kv_history ORDER BY seq"));
    while (query.next()) {
        KvRevision revision;
        revision.key = query.value(0).toString();
        revision.version = query.value(1).toULongLong();
        revision.value = query.value(2).toByteArray();
        revision.flags = query.value(3).toString().toULongLong();
        revision.modifyIndex = query.value(4).toULongLong();
        revision.deleted = query.value(5).toBool();
        revision.timeMs = query.value(6).toLongLong();
        revision.session = query.value(7).toString();
        revision.lockIndex = query.value(8).toULongLong();
        snapshot->history.append(revision);
    }
    query.exec(QStringLiteral("SELECT body FROM sessions"));
    while (query.next()) {
        RegistrySession session;
        if (InstanceCodec::sessionFromJson(QJsonDocument::fromJson(query.value(0).toByteArray()).object(), &session))
            snapshot->sessions.append(session);
    }
    query.exec(QStringLiteral("SELECT value FROM meta WHERE name = 'index'"));
    if (query.next())
        snapshot->index = query.value(0).toString().toULongLong();
    return true;
}

void SqliteRegistryPersistence::saveIndex(quint64 index)
{
    exec(QStringLiteral("INSERT INTO meta(name, value) VALUES('index', ?) "
                        "ON CONFLICT(name) DO UPDATE SET value = excluded.value"),
        { QString::number(index) });
}

void SqliteRegistryPersistence::saveInstance(const RegistryInstance &instance, quint64 index)
{
    m_db.transaction();
    exec(QStringLiteral("INSERT INTO instances(id, body) VALUES(?, ?) "
                        "ON CONFLICT(id) DO UPDATE SET body = excluded.body"),
        { instance.id, QJsonDocument(InstanceCodec::toJson(instance)).toJson(QJsonDocument::Compact) });
    saveIndex(index);
    m_db.commit();
}

void SqliteRegistryPersistence::removeInstance(const QString &id, quint64 index)
{
    m_db.transaction();
    exec(QStringLiteral("DELETE FROM instances WHERE id = ?"), { id });
    saveIndex(index);
    m_db.commit();
}

void SqliteRegistryPersistence::saveKvRevision(const KvRevision &revision)
{
    m_db.transaction();
    exec(QStringLiteral("INSERT INTO kv_history(key, version, value, flags, modify_index, deleted, time_ms, session, "
                        "lock_index) VALUES(?, ?, ?, ?, ?, ?, ?, COALESCE(?, ''), ?)"),
        { revision.key, QVariant::fromValue(revision.version), revision.value, QString::number(revision.flags),
            QVariant::fromValue(revision.modifyIndex), revision.deleted ? 1 : 0, QVariant::fromValue(revision.timeMs),
            revision.session, QVariant::fromValue(revision.lockIndex) });
    saveIndex(revision.modifyIndex);
    m_db.commit();
}

void SqliteRegistryPersistence::saveSession(const RegistrySession &session, quint64 index)
{
    m_db.transaction();
    exec(QStringLiteral("INSERT INTO sessions(id, body) VALUES(?, ?) "
                        "ON CONFLICT(id) DO UPDATE SET body = excluded.body"),
        { session.id, QJsonDocument(InstanceCodec::sessionToJson(session)).toJson(QJsonDocument::Compact) });
    saveIndex(index);
    m_db.commit();
}

void SqliteRegistryPersistence::removeSession(const QString &id, quint64 index)
{
    m_db.transaction();
    exec(QStringLiteral("DELETE FROM sessions WHERE id = ?"), { id });
    saveIndex(index);
    m_db.commit();
}
