#include "datadir.h"

#include <QDir>
#include <QFileInfo>
#include <QStandardPaths>

DataDir::DataDir(const QString &path)
    : m_path(QDir::cleanPath(QFileInfo(path.isEmpty() ? defaultPath() : path).absoluteFilePath()))
{ }

QString DataDir::filePath(const QString &name) const
{
    return QDir(m_path).filePath(name);
}

QString DataDir::logDir() const
{
    return filePath(QStringLiteral("logs"));
}

bool DataDir::ensureExists(QString *error) const
{
    if (!QDir().mkpath(m_path) || !QDir().mkpath(logDir())) {
        if (error)
            *error = QStringLiteral("cannot create data directory %1").arg(m_path);
        return false;
    }
    const QFileInfo info(m_path);
    if (!info.isWritable()) {
        if (error)
            *error = QStringLiteral("data directory %1 is not writable").arg(m_path);
        return false;
    }
    return true;
}

QString DataDir::defaultPath()
{
    auto location = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
    if (location.isEmpty())
        location = QDir::home().filePath(QStringLiteral(".local/share/flightdeck"));
    return location;
}
