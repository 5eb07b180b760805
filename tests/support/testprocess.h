#pragma once

#include <QByteArray>
#include <QString>
#include <QStringList>

// Runs an external program to completion for a test, with a deadline: the real Debian tools
// (dpkg, desktop-file-validate, appstreamcli, lupdate) and the built executables.
namespace TestProcess {

struct Result
{
    bool started = false;
    bool finished = false; // false: it did not start, crashed or hit the deadline (then it was killed)
    int exitCode = -1;
    QByteArray out;
    QByteArray err;

    bool ok() const { return finished && exitCode == 0; }
    QString describe() const; // for failure messages: exit code and both streams
};

Result run(
    const QString &program, const QStringList &arguments, int timeoutMs = 60000, const QString &workingDirectory = {});

// The value of an environment variable the test CMake sets; empty (and a warning) when it is missing.
QString env(const char *name);

} // namespace TestProcess
