#pragma once

#include "alertrule.h"

#include <QByteArray>
#include <QList>
#include <QString>

// Writes rules as a Prometheus rule file (one group, "flightdeck"), with PromQL over the metric names the
// services expose:
//   http_requests_total{service,instance,route,method,status}   counter
//   http_request_duration_seconds_bucket{...,le}                 histogram
// Prometheus scrapes the default /metrics page, whose le set is the stable coarse one on every instance and
// route, so `sum by (..., le)` adds like with like. (The console reads /metrics?buckets=fine, whose sparse
// le sets differ between series; it never sums those cumulatively: its store keeps them per bucket.)
//   up{service,instance}                                         1 when the last scrape succeeded
// Latency quantiles are converted to milliseconds in the expression so thresholds and $value read the
// same as in Flightdeck. Hysteresis becomes the usual ALERTS idiom: fire above the threshold, or stay
// firing while above the clear threshold. Disabled rules are left out.
namespace PromRuleExport {

QString expression(const AlertRule &rule);
QByteArray ruleFile(const QList<AlertRule> &rules);
bool writeFile(const QString &path, const QList<AlertRule> &rules, QString *error);

// {{service}} → {{ $labels.service }} and so on.
QString annotationTemplate(const QString &text, double threshold);

} // namespace PromRuleExport
