#include "appprocess.h"

#include "httptestclient.h"
#include "testprocess.h"

#include <QElapsedTimer>
#include <QTcpServer>
#include <QThread>
#include <QUrl>

namespace {

quint16 freePort()
{
    QTcpServer server;
    server.listen(QHostAddress::LocalHost, 0);
    return server.serverPort();
}

} // namespace

AppProcess::AppProcess(QString dataDir)
    : m_dataDir(std::move(dataDir))
{
    m_process.setProcessChannelMode(QProcess::MergedChannels);
}

AppProcess::~AppProcess()
{
    if (isRunning())
        kill();
}

void AppProcess::choosePorts()
{
    m_cartPort = freePort();
    do
        m_registryPort = freePort();
    while (m_registryPort == m_cartPort);
}

bool AppProcess::start(const QStringList &extra, bool waitHealthy, int timeoutMs)
{
    if (m_cartPort == 0)
        choosePorts();
    m_output.clear();
    QStringList arguments { QStringLiteral("--headless"), QStringLiteral("--data-dir"), m_dataDir,
        QStringLiteral("--cart-port"), QString::number(m_cartPort), QStringLiteral("--registry-port"),
        QString::number(m_registryPort) };
    arguments += extra;
    m_process.setProcessEnvironment(m_environment);
    m_process.start(TestProcess::env("FLIGHTDECK_BINARY"), arguments);
    if (!m_process.waitForStarted(5000))
        return false;
    if (!waitHealthy)
        return true;
    QElapsedTimer timer;
    timer.start();
    const auto health = [this](quint16 port) {
        return TestHttp::get(QUrl(QStringLiteral("http://%1:%2/health").arg(m_host).arg(port)), 1000).status == 200;
    };
    while (timer.elapsed() < timeoutMs) {
        if (m_process.state() == QProcess::NotRunning)
            return false;
        if (health(m_cartPort) && health(m_registryPort))
            return true;
        m_process.waitForReadyRead(50);
        m_output += m_process.readAll();
    }
    return false;
}

void AppProcess::kill()
{
    m_process.kill(); // SIGKILL on Unix
    m_process.waitForFinished(10000);
    m_output += m_process.readAll();
}

bool AppProcess::terminate(int timeoutMs)
{
    m_process.terminate();
    const bool finished = m_process.waitForFinished(timeoutMs);
    m_output += m_process.readAll();
    if (!finished) {
        kill();
        return false;
    }
    return m_process.exitStatus() == QProcess::NormalExit && m_process.exitCode() == 0;
}

int AppProcess::waitForExit(int timeoutMs)
{
    if (!m_process.waitForFinished(timeoutMs) && isRunning()) {
        kill();
        return -1;
    }
    m_output += m_process.readAll();
    return m_process.exitStatus() == QProcess::NormalExit ? m_process.exitCode() : -1;
}

QByteArray AppProcess::output()
{
    m_output += m_process.readAll();
    return m_output;
}

QString AppProcess::describe()
{
    return QStringLiteral("flightdeck (ports %1/%2): %3")
        .arg(m_cartPort)
        .arg(m_registryPort)
        .arg(QString::fromLocal8Bit(output().right(3000)));
}
