#pragma once

#include <QMap>
#include <QString>
#include <QUrl>

// Where an instance's Prometheus metrics are, read from its registry metadata the way the Prometheus
// community's service-discovery relabelling does by convention:
//   metrics_path    (default /metrics)    metrics_port    (default: the service port)
//   metrics_scheme  (http or https, default http)         metrics=off    (no metrics: not scraped)
// The registry's Prometheus SD route and the console's scraper both read it here, so they agree.
struct MetricsTarget
{
    bool enabled = false; // false: opted out (metrics=off) or no usable address
    QString scheme = QStringLiteral("http");
    QString host;
    quint16 port = 0;
    QString path = QStringLiteral("/metrics");

    QString hostPort() const;
    QUrl url() const;

    static MetricsTarget of(const QString &address, quint16 port, const QMap<QString, QString> &meta);
};
