#include "promruleexport.h"

#include <QRegularExpression>
#include <QSaveFile>

namespace {

QString promString(const QString &value)
{
    QString escaped = value;
    escaped.replace(QLatin1Char('\\'), QStringLiteral("\\\\"))
        .replace(QLatin1Char('"'), QStringLiteral("\\\""))
        .replace(QLatin1Char('\n'), QStringLiteral("\\n"));
    return QLatin1Char('"') + escaped + QLatin1Char('"');
}

// A YAML double-quoted scalar: safe for any text, including ':' '#' '{' and quotes.
QString yamlString(const QString &value)
{
    QString out = QStringLiteral("\"");
    for (const QChar c : value) {
        switch (c.unicode()) {
        case '\\':
            out += QStringLiteral("\\\\");
            break;
        case '"':
            out += QStringLiteral("\\\"");
            break;
        case '\n':
            out += QStringLiteral("\\n");
            break;
        case '\t':
            out += QStringLiteral("\\t");
            break;
        case '\r':
            out += QStringLiteral("\\r");
            break;
        default:
            if (c.unicode() < 0x20)
                out += QStringLiteral("\\x%1").arg(c.unicode(), 2, 16, QLatin1Char('0'));
            else
                out += c;
        }
    }
    return out + QLatin1Char('"');
}

QString number(double value)
{
    return QString::number(value, 'g', 15);
}

QString selector(const QString &metric, const AlertRule &rule, const QString &extra = {})
{
    QStringList matchers;
    if (!rule.metric.service.isEmpty())
        matchers << QStringLiteral("service=") + promString(rule.metric.service);
    if (!rule.metric.instance.isEmpty())
        matchers << QStringLiteral("instance=") + promString(rule.metric.instance);
    if (!extra.isEmpty())
        matchers << extra;
    if (matchers.isEmpty())
        return metric;
    return metric + QLatin1Char('{') + matchers.join(QLatin1Char(',')) + QLatin1Char('}');
}

QString groupLabels(const AlertRule &rule)
{
    return rule.perInstance || !rule.metric.instance.isEmpty() ? QStringLiteral("service, instance")
                                                               : QStringLiteral("service");
}

// The value side of the rule, grouped the way Flightdeck evaluates it: per service, or per instance.
QString valueExpression(const AlertRule &rule)
{
    const QString window = QLatin1Char('[') + AlertRules::formatDuration(rule.metric.windowMs) + QLatin1Char(']');
    const auto by = groupLabels(rule);
    switch (rule.metric.kind) {
    case MetricKind::RequestRate:
        return QStringLiteral("sum by (%1) (rate(%2%3))")
            .arg(by, selector(QStringLiteral("http_requests_total"), rule), window);
    case MetricKind::ErrorRatio:
        return QStringLiteral("(sum by (%1) (rate(%2%4)) / sum by (%1) (rate(%3%4)))")
            .arg(by, selector(QStringLiteral("http_requests_total"), rule, QStringLiteral("status=~\"5..\"")),
                selector(QStringLiteral("http_requests_total"), rule), window);
    case MetricKind::LatencyQuantile:
        return QStringLiteral("(histogram_quantile(%1, sum by (%2, le) (rate(%3%4))) * 1000)")
            .arg(number(rule.metric.quantile), by,
                selector(QStringLiteral("http_request_duration_seconds_bucket"), rule), window);
    case MetricKind::Gauge:
        return QStringLiteral("max by (%1) (last_over_time(%2%3))")
            .arg(by, selector(rule.metric.gaugeName, rule), window);
    case MetricKind::InstancesUp: {
        const auto up = QStringLiteral("sum by (%1) (last_over_time(%2%3))")
                            .arg(by, selector(QStringLiteral("up"), rule), window);
        if (rule.perInstance || rule.metric.service.isEmpty() || !rule.metric.instance.isEmpty())
            return up;
        // A service whose instances all vanished from discovery has no "up" series left at all: count it
        // as zero instances up, as Flightdeck does, instead of letting the alert disappear.
        return QStringLiteral("(%1 or label_replace(vector(0), \"service\", %2, \"\", \"\"))")
            .arg(up, promString(rule.metric.service));
    }
    }
    return {};
}

} // namespace

namespace PromRuleExport {

QString expression(const AlertRule &rule)
{
    const auto value = valueExpression(rule);
    const auto op = AlertRules::comparisonSymbol(rule.comparison);
    const auto firing = QStringLiteral("%1 %2 %3").arg(value, op, number(rule.threshold));
    if (!rule.clearThreshold || *rule.clearThreshold == rule.threshold)
        return firing;
    // Hysteresis: once the alert fires, it keeps firing while the value still passes the clear threshold.
    return QStringLiteral("(%1) or ((%2 %3 %4) and on (%5) ALERTS{alertname=%6, alertstate=\"firing\"})")
        .arg(firing, value, op, number(*rule.clearThreshold), groupLabels(rule), promString(rule.name));
}

QString annotationTemplate(const QString &text, double threshold)
{
    static const QRegularExpression placeholder(QStringLiteral("\\{\\{\\s*([a-z]+)\\s*\\}\\}"));
    QString result;
    qsizetype last = 0;
    auto it = placeholder.globalMatch(text);
    while (it.hasNext()) {
        const auto match = it.next();
        result += text.mid(last, match.capturedStart() - last);
        const auto name = match.captured(1);
        if (name == QStringLiteral("service") || name == QStringLiteral("instance"))
            result += QStringLiteral("{{ $labels.%1 }}").arg(name);
        else if (name == QStringLiteral("value"))
            result += QStringLiteral("{{ $value | humanize }}");
        else if (name == QStringLiteral("threshold"))
            result += number(threshold);
        last = match.capturedEnd();
    }
    return result + text.mid(last);
}

QByteArray ruleFile(const QList<AlertRule> &rules)
{
    QString out;
    out += QStringLiteral("# Prometheus alerting rules exported by Flightdeck.\n"
                          "# Latency values are in milliseconds; error ratios are 0..1.\n"
                          "groups:\n"
                          "  - name: flightdeck\n");
    const bool anyEnabled = std::any_of(rules.cbegin(), rules.cend(), [](const AlertRule &r) { return r.enabled; });
    out += anyEnabled ? QStringLiteral("    rules:\n") : QStringLiteral("    rules: []\n");
    for (const auto &rule : rules) {
        if (!rule.enabled) {
            out += QStringLiteral("      # %1 is disabled in Flightdeck and not exported\n").arg(rule.name);
            continue;
        }
        out += QStringLiteral("      - alert: %1\n").arg(rule.name);
        out += QStringLiteral("        expr: %1\n").arg(yamlString(expression(rule)));
        if (rule.forMs > 0)
            out += QStringLiteral("        for: %1\n").arg(AlertRules::formatDuration(rule.forMs));
        out += QStringLiteral("        labels:\n");
        auto labels = rule.labels;
        labels.insert(QStringLiteral("severity"), AlertRules::severityName(rule.severity));
        for (auto it = labels.cbegin(); it != labels.cend(); ++it)
            out += QStringLiteral("          %1: %2\n").arg(it.key(), yamlString(it.value()));
        if (!rule.annotations.isEmpty()) {
            out += QStringLiteral("        annotations:\n");
            for (auto it = rule.annotations.cbegin(); it != rule.annotations.cend(); ++it)
                out += QStringLiteral("          %1: %2\n")
                           .arg(it.key(), yamlString(annotationTemplate(it.value(), rule.threshold)));
        }
    }
    return out.toUtf8();
}

bool writeFile(const QString &path, const QList<AlertRule> &rules, QString *error)
{
    QSaveFile file(path);
    const auto contents = ruleFile(rules);
    if (!file.open(QIODevice::WriteOnly) || file.write(contents) != contents.size() || !file.commit()) {
        if (error)
            *error = QStringLiteral("cannot write %1: %2").arg(path, file.errorString());
        return false;
    }
    return true;
}

} // namespace PromRuleExport
