#pragma once

#include <QElapsedTimer>
#include <QMap>
#include <QObject>
#include <QStringList>
#include <QUrl>

class QNetworkAccessManager;
class QNetworkReply;
class QTimer;

// Keeps one service instance registered with the registry: registers on start, renews its TTL lease every
// TTL/3, registers again whenever the registry answers that it does not know the instance (it restarted
// without state or expired it), and deregisters on a graceful stop. The instance keeps serving whatever the
// registry does: failures are logged and retried on the next beat. Lives on the instance's thread.
class RegistryAgent : public QObject
{
    Q_OBJECT
public:
    struct Registration
    {
        QString id;
        QString service;
        QString address = QStringLiteral("127.0.0.1");
        quint16 port = 0;
        QStringList tags;
        QMap<QString, QString> meta;
        int weight = 1;
        int ttlMs = 5000;
        // A dead instance stays listed (critical) this long before the registry removes it: long enough that
        // its "instance down" alert is seen and acted on, since removal from the registry ends that alert.
        int deregisterCriticalAfterMs = 10 * 60'000;
    };

    RegistryAgent(QUrl registry, Registration registration, QObject *parent = nullptr);
    ~RegistryAgent() override;

    void start();
    // Graceful: deregisters (bounded wait of timeoutMs, on this thread) and stops beating.
    void stop(int timeoutMs = 1000);
    // Abrupt: stops beating without telling the registry, as if the process died.
    void abandon();

    bool isRegistered() const { return m_registered; }
    int registrations() const { return m_registrations; }
    int heartbeatsSent() const { return m_heartbeats; }
    void setAccessToken(const QByteArray &token) { m_token = token; }
    // Fault injection: stop heartbeating (the lease expires as if the instance hung); resuming registers
    // again at once.
    void setHeartbeatsPaused(bool paused);

Q_SIGNALS:
    void registered();
    void registryUnreachable(const QString &reason);

private:
    void sendRegistration();
    void beat();
    QNetworkReply *send(const QByteArray &method, const QString &path, const QByteArray &body = {});

    QUrl m_registry;
    Registration m_registration;
    QByteArray m_token;
    QNetworkAccessManager *m_network = nullptr;
    QTimer *m_timer = nullptr;
    QNetworkReply *m_pending = nullptr;
    bool m_registered = false;
    bool m_stopped = false;
    int m_registrations = 0;
    int m_heartbeats = 0;
};
