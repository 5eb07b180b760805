#include "testprocess.h"

#include <QProcess>
#include <QtGlobal>

namespace TestProcess {

QString Result::describe() const
{
    return QStringLiteral("started=%1 finished=%2 exit=%3\nstdout: %4\nstderr: %5")
        .arg(started)
        .arg(finished)
        .arg(exitCode)
        .arg(QString::fromUtf8(out.left(4000)), QString::fromUtf8(err.left(4000)));
}

Result run(const QString &program, const QStringList &arguments, int timeoutMs, const QString &workingDirectory)
{
    Result result;
    QProcess process;
    if (!workingDirectory.isEmpty())
        process.setWorkingDirectory(workingDirectory);
    process.start(program, arguments);
    result.started = process.waitForStarted(10000);
    if (!result.started) {
        result.err = process.errorString().toUtf8();
        return result;
    }
    if (!process.waitForFinished(timeoutMs)) {
        process.kill();
        process.waitForFinished(5000);
    } else {
        result.finished = process.exitStatus() == QProcess::NormalExit;
        result.exitCode = process.exitCode();
    }
    result.out = process.readAllStandardOutput();
    result.err = process.readAllStandardError();
    return result;
}

QString env(const char *name)
{
    const QString value = qEnvironmentVariable(name);
    if (value.isEmpty())
        qWarning("%s is not set; run the test through ctest", name);
    return value;
}

} // namespace TestProcess
