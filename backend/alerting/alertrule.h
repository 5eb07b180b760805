#pragma once

#include "telemetry/metricquery.h"

#include <optional>
#include <QJsonObject>
#include <QList>
#include <QMap>
#include <QMetaType>
#include <QString>
#include <QStringList>

enum class Comparison { Greater, GreaterOrEqual, Less, LessOrEqual, Equal, NotEqual };
enum class Severity { Info, Warning, Critical };
// What a rule does when its query answers nothing (its series vanished or never existed), like Grafana's
// "no data" handling: show the NoData state (or Error when its targets fail their scrapes), act as if the
// condition held, act as if it did not, or keep the state it had. instances_up rules never have no data:
// no instance answering is 0 instances up.
enum class NoDataPolicy { NoData, Alerting, Ok, KeepLast };

// An alert rule: "when <metric> <comparison> <threshold> holds for <for>, fire". A rule whose selector names
// no service is evaluated once per known service; with perInstance it is evaluated once per instance.
struct AlertRule
{
    QString name; // also the Prometheus alert name, so [A-Za-z_][A-Za-z0-9_]*
    MetricSelector metric;
    Comparison comparison = Comparison::Greater;
    double threshold = 0;
    qint64 forMs = 0;
    // Hysteresis: once firing, the alert stays firing until the value no longer passes the comparison
    // against this threshold (e.g. fire above 5 %, clear only below 3 %).
    std::optional<double> clearThreshold;
    bool perInstance = false;
    Severity severity = Severity::Warning;
    NoDataPolicy noData = NoDataPolicy::NoData;
    bool enabled = true;
    QMap<QString, QString> labels;
    // summary, description, ...; {{service}}, {{instance}}, {{value}} and {{threshold}} are filled in.
    QMap<QString, QString> annotations;

    bool operator==(const AlertRule &other) const;
    bool operator!=(const AlertRule &other) const { return !(*this == other); }

    // Does value pass the firing comparison (or, with clear = true, the clear comparison)?
    bool matches(double value) const;
    bool stillFiring(double value) const;

    // Every problem with the rule, each as "field: what is wrong". Empty when valid.
    QStringList validate() const;

    QJsonObject toJson() const;
    // Parses and validates. On failure returns nothing and fills errors (each prefixed with path).
    static std::optional<AlertRule> fromJson(
        const QJsonObject &object, QStringList *errors, const QString &path = QStringLiteral("rule"));
};
Q_DECLARE_METATYPE(AlertRule)

namespace AlertRules {

QString comparisonSymbol(Comparison comparison);
std::optional<Comparison> comparisonFromSymbol(const QString &symbol);
QString severityName(Severity severity);
std::optional<Severity> severityFromName(const QString &name);
QString noDataPolicyName(NoDataPolicy policy); // "nodata", "alerting", "ok", "keep_last"
std::optional<NoDataPolicy> noDataPolicyFromName(const QString &name);
QString metricKindName(MetricKind kind); // "rate", "error_ratio", "latency_quantile", "gauge", "instances_up"
std::optional<MetricKind> metricKindFromName(const QString &name);

// Durations in Prometheus notation: "90s", "1m30s", "500ms", "2h". Formatting gives the shortest exact form.
std::optional<qint64> parseDuration(const QString &text);
QString formatDuration(qint64 ms);

bool isValidName(const QString &name); // [A-Za-z_][A-Za-z0-9_]*

// A whole rule file: {"version": 1, "rules": [...]}. Names must be unique.
QJsonObject toJson(const QList<AlertRule> &rules);
std::optional<QList<AlertRule>> fromJson(const QJsonObject &object, QStringList *errors);

// Replaces {{service}}, {{instance}}, {{value}} and {{threshold}} in an annotation.
QString renderTemplate(
    const QString &text, const QString &service, const QString &instance, double value, double threshold);

} // namespace AlertRules
