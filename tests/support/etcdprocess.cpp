#include "etcdprocess.h"

#include "httptestclient.h"

#include <QDeadlineTimer>
#include <QStandardPaths>
#include <QTcpServer>
#include <QThread>

namespace {

quint16 freePort()
{
    QTcpServer server;
    server.listen(QHostAddress::LocalHost, 0);
    return server.serverPort();
}

} // namespace

EtcdProcess::EtcdProcess() = default;

EtcdProcess::~EtcdProcess()
{
    stop();
}

bool EtcdProcess::start(QString *error, int timeoutMs)
{
    const auto program = QStandardPaths::findExecutable(QStringLiteral("etcd"));
    if (program.isEmpty()) {
        *error = QStringLiteral("etcd is not installed (the etcd-server package; ./dev installs it)");
        return false;
    }
    m_dir = std::make_unique<QTemporaryDir>();
    const auto clientPort = freePort();
    auto peerPort = freePort();
    while (peerPort == clientPort)
        peerPort = freePort();
    const auto client = QStringLiteral("http://127.0.0.1:%1").arg(clientPort);
    const auto peer = QStringLiteral("http://127.0.0.1:%1").arg(peerPort);
    m_clientUrl = QUrl(client);
    m_process = std::make_unique<QProcess>();
    m_process->setProcessChannelMode(QProcess::MergedChannels);
    m_process->setStandardOutputFile(m_dir->filePath(QStringLiteral("etcd.log")));
    m_process->start(program,
        { QStringLiteral("--name"), QStringLiteral("default"), QStringLiteral("--data-dir"),
            m_dir->filePath(QStringLiteral("data")), QStringLiteral("--listen-client-urls"), client,
            QStringLiteral("--advertise-client-urls"), client, QStringLiteral("--listen-peer-urls"), peer,
            QStringLiteral("--initial-advertise-peer-urls"), peer, QStringLiteral("--initial-cluster"),
            QStringLiteral("default=") + peer, QStringLiteral("--log-level"), QStringLiteral("warn") });
    if (!m_process->waitForStarted(5000)) {
        *error = QStringLiteral("etcd did not start: %1").arg(m_process->errorString());
        return false;
    }
    QDeadlineTimer deadline(timeoutMs);
    QUrl health = m_clientUrl;
    health.setPath(QStringLiteral("/health"));
    while (!deadline.hasExpired()) {
        if (m_process->state() != QProcess::Running) {
            *error = QStringLiteral("etcd exited early (log: %1)").arg(m_dir->filePath(QStringLiteral("etcd.log")));
            return false;
        }
        const auto reply = TestHttp::get(health, 1000);
        if (reply.status == 200 && reply.body.contains("true"))
            return true;
        QThread::msleep(100);
    }
    *error = QStringLiteral("etcd did not become healthy within %1 ms").arg(timeoutMs);
    return false;
}

void EtcdProcess::stop()
{
    if (m_process && m_process->state() != QProcess::NotRunning) {
        m_process->kill();
        m_process->waitForFinished(5000);
    }
    m_process.reset();
}
