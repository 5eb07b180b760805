#pragma once

#include <memory>
#include <QProcess>
#include <QTemporaryDir>
#include <QUrl>

// A real etcd server for tests: started on 127.0.0.1 with free ports and a temporary data dir, stopped
// (killed) when this object goes away.
class EtcdProcess
{
public:
    EtcdProcess();
    ~EtcdProcess();

    // Starts etcd and waits (bounded) until /health answers. False with a reason if etcd is missing or
    // does not come up.
    bool start(QString *error, int timeoutMs = 20000);
    void stop();
    QUrl clientUrl() const { return m_clientUrl; }

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<QProcess> m_process;
    QUrl m_clientUrl;
};
