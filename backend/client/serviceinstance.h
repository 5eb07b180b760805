#pragma once

#include <QList>
#include <QMap>
#include <QMetaType>
#include <QString>
#include <QStringList>
#include <QUrl>

// One reachable instance of a service, as discovery reports it.
struct ServiceInstance
{
    QString id; // "cart-2"
    QString service; // "cart"
    QString address; // "127.0.0.1"
    quint16 port = 0;
    int weight = 1;
    bool healthy = true;
    // As the registry reports them (Consul's Tags and Meta); empty for static lists.
    QStringList tags {};
    QMap<QString, QString> meta {};
    // What the registry says: "passing", "warning", "critical", "drained" or "maintenance" (then healthy is
    // false: out of service is not for load balancing); empty when no registry stands behind the list.
    QString registryState {};

    QUrl baseUrl() const
    {
        QUrl url;
        url.setScheme(QStringLiteral("http"));
        url.setHost(address);
        url.setPort(port);
        return url;
    }
    bool operator==(const ServiceInstance &) const = default;
};
Q_DECLARE_METATYPE(ServiceInstance)
