#include "metricstarget.h"

QString MetricsTarget::hostPort() const
{
    // An IPv6 literal needs brackets before the port.
    const auto shown = host.contains(QLatin1Char(':')) ? QStringLiteral("[%1]").arg(host) : host;
    return QStringLiteral("%1:%2").arg(shown).arg(port);
}

QUrl MetricsTarget::url() const
{
    QUrl result;
    result.setScheme(scheme);
    result.setHost(host);
    result.setPort(port);
    result.setPath(path);
    return result;
}

MetricsTarget MetricsTarget::of(const QString &address, quint16 port, const QMap<QString, QString> &meta)
{
    MetricsTarget target;
    const auto off = meta.value(QStringLiteral("metrics")).trimmed().toLower();
    if (off == QLatin1String("off") || off == QLatin1String("false") || off == QLatin1String("none"))
        return target;
    target.host = address;
    target.port = port;
    bool ok = false;
    const auto metricsPort = meta.value(QStringLiteral("metrics_port")).toUInt(&ok);
    if (ok && metricsPort > 0 && metricsPort <= 65535)
        target.port = quint16(metricsPort);
    const auto scheme = meta.value(QStringLiteral("metrics_scheme")).trimmed().toLower();
    if (scheme == QLatin1String("https"))
        target.scheme = scheme;
    const auto path = meta.value(QStringLiteral("metrics_path")).trimmed();
    if (path.startsWith(QLatin1Char('/')))
        target.path = path;
    target.enabled = !target.host.isEmpty() && target.port > 0;
    return target;
}
