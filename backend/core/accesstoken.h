#pragma once

#include <QByteArray>
#include <QString>

// Where the fleet's write token comes from, in order: the command line, the FLIGHTDECK_TOKEN environment
// variable, then a "token" file in the data dir. The file must be readable by its owner only (0600), like
// an SSH key: a token others can read protects nothing.
namespace AccessToken {

struct Resolved
{
    QByteArray token; // empty: no token anywhere (write routes stay open; loopback only)
    QString source; // "command line", "FLIGHTDECK_TOKEN", or the file path; never the token itself
};

// False with a reason when a token file exists but cannot be used (unreadable, too open, empty).
bool resolve(const QByteArray &fromCommandLine, const QString &dataDir, Resolved *resolved, QString *error);

// The token file's path inside a data dir.
QString filePath(const QString &dataDir);

} // namespace AccessToken
