#include "defaultrules.h"

#include "ruleexpression.h"

namespace {

AlertRule rule(const QString &name, const QString &expression, qint64 forMs, Severity severity,
    std::optional<double> clear, const QString &summary, const QString &description)
{
    AlertRule result;
    result.name = name;
    QString error;
    const auto parsed = RuleExpression::parse(expression, &error);
    Q_ASSERT_X(parsed, "DefaultRules", qPrintable(error));
    if (parsed)
        parsed->applyTo(&result);
    result.forMs = forMs;
    result.severity = severity;
    result.clearThreshold = clear;
    result.labels.insert(QStringLiteral("source"), QStringLiteral("flightdeck"));
    result.annotations.insert(QStringLiteral("summary"), summary);
    result.annotations.insert(QStringLiteral("description"), description);
    return result;
}

} // namespace

namespace DefaultRules {

QList<AlertRule> create(const DefaultRuleOptions &options)
{
    return {
        rule(QStringLiteral("CartHighErrorRatio"), QStringLiteral("error_ratio(service=\"cart\", window=1m) > 0.05"),
            30'000, Severity::Critical, 0.03, QStringLiteral("Cart error ratio above 5 %"),
            QStringLiteral("{{service}} answers {{value}} of its requests with errors (threshold {{threshold}}); "
                           "clears below 3 %.")),
        rule(QStringLiteral("CartHighLatencyP99"),
            QStringLiteral("latency_quantile(service=\"cart\", q=0.99, window=1m) > 250"), 60'000, Severity::Warning,
            200.0, QStringLiteral("Cart p99 latency above 250 ms"),
            QStringLiteral("p99 latency of {{service}} is {{value}} ms over the last minute.")),
        rule(QStringLiteral("CatalogHighErrorRatio"),
            QStringLiteral("error_ratio(service=\"catalog\", window=1m) > 0.05"), 30'000, Severity::Warning, 0.03,
            QStringLiteral("Catalog error ratio above 5 %"),
            QStringLiteral("{{service}} answers {{value}} of its requests with errors; the cart depends on it.")),
        rule(QStringLiteral("CatalogHighLatencyP99"),
            QStringLiteral("latency_quantile(service=\"catalog\", q=0.99, window=1m) > 250"), 60'000, Severity::Warning,
            200.0, QStringLiteral("Catalog p99 latency above 250 ms"),
            QStringLiteral("p99 latency of {{service}} is {{value}} ms over the last minute.")),
        rule(QStringLiteral("InstanceDown"), QStringLiteral("instances_up(window=15s, by=instance) < 1"), 15'000,
            Severity::Critical, std::nullopt, QStringLiteral("Instance {{instance}} is down"),
            QStringLiteral("{{instance}} of {{service}} has not answered a scrape for 15 s.")),
        rule(QStringLiteral("CartInstancesMissing"),
            QStringLiteral("instances_up(service=\"cart\", window=15s) < %1").arg(options.cartInstances), 30'000,
            Severity::Warning, std::nullopt, QStringLiteral("Fewer cart instances up than expected"),
            QStringLiteral("Only {{value}} of %1 cart instances answer scrapes.").arg(options.cartInstances)),
        rule(QStringLiteral("RegistryDown"), QStringLiteral("instances_up(service=\"registry\", window=15s) < 1"),
            10'000, Severity::Critical, std::nullopt, QStringLiteral("The service registry is down"),
            QStringLiteral("No registry instance answers; discovery and configuration are unavailable.")),
    };
}

} // namespace DefaultRules
