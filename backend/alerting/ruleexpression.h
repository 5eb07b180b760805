#pragma once

#include "alertrule.h"

#include <optional>
#include <QString>

// The text form of a rule's condition, for editors and hand-written rule files:
//   error_ratio(service="cart", window=1m) > 0.05
//   latency_quantile(service="cart", q=0.99, window=1m) > 250      (milliseconds)
//   instances_up(service="cart", window=15s, by=instance) < 1
//   gauge(name="queue_depth", service="cart") >= 100
//   rate(service="catalog") < 1
// Arguments: service, instance, window (a duration), q (latency quantile), name (gauge), by (service|instance).
struct RuleExpression
{
    MetricSelector metric;
    bool perInstance = false;
    Comparison comparison = Comparison::Greater;
    double threshold = 0;

    void applyTo(AlertRule *rule) const;
    static RuleExpression of(const AlertRule &rule);

    // Parses text; on failure fills error with what was expected and the column (1-based) where it failed.
    static std::optional<RuleExpression> parse(const QString &text, QString *error);
    QString toString() const;
};
