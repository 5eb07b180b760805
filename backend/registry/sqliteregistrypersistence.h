#pragma once

#include "registrypersistence.h"

#include <QSqlDatabase>
#include <QString>

// Keeps the registry's instances, KV history (with lock holders), sessions and index in one SQLite file (WAL), so a
// restarted registry comes back with the same services, configuration and index. Uses its own connection, on the thread
// that created it.
class SqliteRegistryPersistence : public RegistryPersistence
{
public:
    explicit SqliteRegistryPersistence(QString path);
    ~SqliteRegistryPersistence() override;

    bool load(Snapshot *snapshot, QString *error) override;
    void saveInstance(const RegistryInstance &instance, quint64 index) override;
    void removeInstance(const QString &id, quint64 index) override;
    void saveKvRevision(const KvRevision &revision) override;
    void saveSession(const RegistrySession &session, quint64 index) override;
    void removeSession(const QString &id, quint64 index) override;

private:
    bool exec(const QString &sql, const QVariantList &values = {});
    void saveIndex(quint64 index);

    QString m_path;
    QString m_connectionName;
    QSqlDatabase m_db;
};
