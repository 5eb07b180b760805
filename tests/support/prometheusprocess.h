#pragma once

#include <memory>
#include <QProcess>
#include <QTemporaryDir>
#include <QUrl>

// A real Prometheus server (Debian's prometheus) for tests: started on 127.0.0.1 with a free port, the given
// configuration and a temporary TSDB, killed when this object goes away.
class PrometheusProcess
{
public:
    PrometheusProcess();
    ~PrometheusProcess();

    // Writes configYaml, starts Prometheus and waits (bounded) until /-/ready answers. False with a reason
    // (including the end of its log) if it is missing, refuses the configuration or does not come up.
    bool start(const QByteArray &configYaml, QString *error, int timeoutMs = 30000);
    void stop();
    QUrl url(const QString &path, const QString &query = {}) const;
    QByteArray log() const;

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<QProcess> m_process;
    QUrl m_base;
};
