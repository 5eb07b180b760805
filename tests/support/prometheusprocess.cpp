#include "prometheusprocess.h"

#include "httptestclient.h"
#include "testhosts.h"

#include <QDeadlineTimer>
#include <QFile>
#include <QStandardPaths>
#include <QThread>

PrometheusProcess::PrometheusProcess() = default;

PrometheusProcess::~PrometheusProcess()
{
    stop();
}

bool PrometheusProcess::start(const QByteArray &configYaml, QString *error, int timeoutMs)
{
    const auto program = QStandardPaths::findExecutable(QStringLiteral("prometheus"));
    if (program.isEmpty()) {
        *error = QStringLiteral("prometheus is not installed (the prometheus package; ./dev installs it)");
        return false;
    }
    m_dir = std::make_unique<QTemporaryDir>();
    QFile config(m_dir->filePath(QStringLiteral("prometheus.yml")));
    if (!config.open(QIODevice::WriteOnly) || config.write(configYaml) != configYaml.size()) {
        *error = QStringLiteral("cannot write %1").arg(config.fileName());
        return false;
    }
    config.close();
    const auto port = TestHosts::freePort();
    m_base = QUrl(QStringLiteral("http://127.0.0.1:%1").arg(port));
    m_process = std::make_unique<QProcess>();
    m_process->setProcessChannelMode(QProcess::MergedChannels);
    m_process->setStandardOutputFile(m_dir->filePath(QStringLiteral("prometheus.log")));
    m_process->start(program,
        { QStringLiteral("--config.file=") + config.fileName(),
            QStringLiteral("--storage.tsdb.path=") + m_dir->filePath(QStringLiteral("data")),
            QStringLiteral("--web.listen-address=127.0.0.1:%1").arg(port), QStringLiteral("--log.level=warn") });
    if (!m_process->waitForStarted(5000)) {
        *error = QStringLiteral("prometheus did not start: %1").arg(m_process->errorString());
        return false;
    }
    QDeadlineTimer deadline(timeoutMs);
    while (!deadline.hasExpired()) {
        if (m_process->state() != QProcess::Running) {
            *error = QStringLiteral("prometheus exited early: %1").arg(QString::fromUtf8(log().right(2000)));
            return false;
        }
        if (TestHttp::get(url(QStringLiteral("/-/ready")), 1000).status == 200)
            return true;
        QThread::msleep(100);
    }
    *error = QStringLiteral("prometheus was not ready within %1 ms: %2")
                 .arg(timeoutMs)
                 .arg(QString::fromUtf8(log().right(2000)));
    return false;
}

void PrometheusProcess::stop()
{
    if (m_process && m_process->state() != QProcess::NotRunning) {
        m_process->kill();
        m_process->waitForFinished(5000);
    }
    m_process.reset();
}

QUrl PrometheusProcess::url(const QString &path, const QString &query) const
{
    auto result = m_base;
    result.setPath(path);
    if (!query.isEmpty())
        result.setQuery(query);
    return result;
}

QByteArray PrometheusProcess::log() const
{
    QFile file(m_dir ? m_dir->filePath(QStringLiteral("prometheus.log")) : QString());
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}
