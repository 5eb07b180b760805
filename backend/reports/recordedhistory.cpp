#include "recordedhistory.h"

#include "telemetry/timeseriesstore.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QUuid>

RecordedHistory::RecordedHistory() = default;
RecordedHistory::~RecordedHistory() = default;

bool RecordedHistory::load(const QString &dataDir, QString *error)
{
    TimeSeriesStore::Options options;
    options.path = TimeSeriesStore::defaultPath(dataDir);
    options.readOnly = true;
    m_store = std::make_unique<TimeSeriesStore>(options);
    if (!m_store->open(error))
        return false;

    // Read line by line rather than through AlertHistory, which may compact (rewrite) the file on open.
    const QString alertsPath = QDir(dataDir).filePath(QStringLiteral("alert-history.jsonl"));
    m_alerts.clear();
    if (QFileInfo::exists(alertsPath)) {
        QFile file(alertsPath);
        if (file.open(QIODevice::ReadOnly)) {
            while (!file.atEnd()) {
                const auto object = QJsonDocument::fromJson(file.readLine()).object();
                if (auto event = AlertEvent::fromJson(object))
                    m_alerts.append(*event);
            }
        }
    }

    m_operatorEvents = OperatorEvents::load(OperatorEvents::path(dataDir));

    const QString registryPath = QDir(dataDir).filePath(QStringLiteral("registry.sqlite"));
    m_hasConfig = QFileInfo::exists(registryPath) && loadConfig(registryPath, nullptr);
    return true;
}

// Reads the registry's KV history table (see SqliteRegistryPersistence) through a read-only connection, so a
// running registry is never disturbed and nothing is created when the table is missing.
bool RecordedHistory::loadConfig(const QString &path, QString *error)
{
    const QString name = QStringLiteral("report-") + QUuid::createUuid().toString(QUuid::WithoutBraces);
    bool ok = false;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
        db.setDatabaseName(path);
        db.setConnectOptions(QStringLiteral("QSQLITE_OPEN_READONLY"));
        if (db.open()) {
            QSqlQuery query(db);
            ok = query.exec(
                QStringLiteral("SELECT key, version, value, deleted, time_ms FROM kv_history ORDER BY seq"));
            while (ok && query.next()) {
                KvRevision revision;
                revision.key = query.value(0).toString();
                revision.version = query.value(1).toULongLong();
                revision.value = query.value(2).toByteArray();
                revision.deleted = query.value(3).toInt() != 0;
                revision.timeMs = query.value(4).toLongLong();
                m_config.append(revision);
            }
            if (!ok && error)
                *error = query.lastError().text();
        } else if (error) {
            *error = db.lastError().text();
        }
        db.close();
    }
    QSqlDatabase::removeDatabase(name);
    return ok;
}
