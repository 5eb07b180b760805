#pragma once

#include <QByteArray>
#include <QProcess>
#include <QProcessEnvironment>
#include <QString>
#include <QStringList>

// The real flightdeck binary ($FLIGHTDECK_BINARY) as a headless child process on free loopback ports, for
// tests that kill it, restart it or check what it prints. Every wait is bounded.
class AppProcess
{
public:
    explicit AppProcess(QString dataDir);
    ~AppProcess();

    // Picks free ports once (kept across restarts, so a restart serves on the same ports).
    void choosePorts();
    quint16 cartPort() const { return m_cartPort; }
    quint16 registryPort() const { return m_registryPort; }

    // Starts `flightdeck --headless --data-dir DIR --cart-port P --registry-port Q <extra>` and waits until the
    // first cart instance and the registry answer /health (when waitHealthy). False with the output on failure.
    bool start(const QStringList &extra = {}, bool waitHealthy = true, int timeoutMs = 20000);
    void setEnvironment(const QProcessEnvironment &environment) { m_environment = environment; }
    // The host the health wait connects to (default 127.0.0.1).
    void setHost(const QString &host) { m_host = host; }

    void kill(); // SIGKILL, then reaps the process
    bool terminate(int timeoutMs = 15000); // SIGTERM; true when it exited by itself with code 0
    // Waits for the process to end on its own (e.g. refusing to start); returns its exit code, -1 on timeout.
    int waitForExit(int timeoutMs = 15000);
    bool isRunning() const { return m_process.state() != QProcess::NotRunning; }
    qint64 pid() const { return m_process.processId(); }

    QByteArray output(); // stdout and stderr so far
    QString describe(); // for failure messages

private:
    QString m_dataDir;
    QString m_host = QStringLiteral("127.0.0.1");
    quint16 m_cartPort = 0;
    quint16 m_registryPort = 0;
    QProcess m_process;
    QProcessEnvironment m_environment = QProcessEnvironment::systemEnvironment();
    QByteArray m_output;
};
