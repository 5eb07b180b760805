#include "accesstoken.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>

namespace AccessToken {

QString filePath(const QString &dataDir)
{
    return QDir(dataDir).filePath(QStringLiteral("token"));
}

bool resolve(const QByteArray &fromCommandLine, const QString &dataDir, Resolved *resolved, QString *error)
{
    *resolved = {};
    if (!fromCommandLine.isEmpty()) {
        *resolved = { fromCommandLine, QStringLiteral("command line") };
        return true;
    }
    const auto fromEnvironment = qgetenv("FLIGHTDECK_TOKEN").trimmed();
    if (!fromEnvironment.isEmpty()) {
        *resolved = { fromEnvironment, QStringLiteral("FLIGHTDECK_TOKEN") };
        return true;
    }
    const auto path = filePath(dataDir);
    const QFileInfo info(path);
    if (!info.exists())
        return true;
    const auto others = QFileDevice::ReadGroup | QFileDevice::WriteGroup | QFileDevice::ExeGroup
        | QFileDevice::ReadOther | QFileDevice::WriteOther | QFileDevice::ExeOther;
    if (info.permissions() & others) {
        *error = QStringLiteral("%1 is readable by others; make it private with: chmod 600 %1").arg(path);
        return false;
    }
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        *error = QStringLiteral("cannot read %1: %2").arg(path, file.errorString());
        return false;
    }
    // The first line is the token; a trailing newline from `echo` is not part of it.
    const auto token = file.readLine(4096).trimmed();
    if (token.isEmpty()) {
        *error = QStringLiteral("%1 is empty").arg(path);
        return false;
    }
    *resolved = { token, path };
    return true;
}

} // namespace AccessToken
