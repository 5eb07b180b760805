#include "alertrule.h"

#include "ruleexpression.h"

#include <cmath>
#include <QJsonArray>
#include <QRegularExpression>
#include <QSet>

namespace {

const QStringList kPlaceholders { QStringLiteral("service"), QStringLiteral("instance"), QStringLiteral("value"),
    QStringLiteral("threshold") };
// Labels the engine sets itself; a rule may not override them.
const QStringList kReservedLabels { QStringLiteral("alertname"), QStringLiteral("severity"), QStringLiteral("service"),
    QStringLiteral("instance") };

bool compare(Comparison comparison, double value, double threshold)
{
    switch (comparison) {
    case Comparison::Greater:
        return value > threshold;
    case Comparison::GreaterOrEqual:
        return value >= threshold;
    case Comparison::Less:
        return value < threshold;
    case Comparison::LessOrEqual:
        return value <= threshold;
    case Comparison::Equal:
        return value == threshold;
    case Comparison::NotEqual:
        return value != threshold;
    }
    return false;
}

QJsonObject mapToJson(const QMap<QString, QString> &map)
{
    QJsonObject object;
    for (auto it = map.cbegin(); it != map.cend(); ++it)
        object.insert(it.key(), it.value());
    return object;
}

// Reads an optional {"key": "string"} object into map; complains about anything else.
void readStringMap(const QJsonObject &object, const QString &key, const QString &path, QMap<QString, QString> *map,
    QStringList *errors)
{
    if (!object.contains(key))
        return;
    const auto value = object.value(key);
    if (!value.isObject()) {
        errors->append(QStringLiteral("%1.%2: must be an object of strings").arg(path, key));
        return;
    }
    const auto inner = value.toObject();
    for (auto it = inner.constBegin(); it != inner.constEnd(); ++it) {
        if (!it.value().isString()) {
            errors->append(QStringLiteral("%1.%2.%3: must be a string").arg(path, key, it.key()));
            continue;
        }
        map->insert(it.key(), it.value().toString());
    }
}

std::optional<QString> readString(
    const QJsonObject &object, const QString &key, const QString &path, QStringList *errors)
{
    const auto value = object.value(key);
    if (value.isUndefined())
        return QString();
    if (!value.isString()) {
        errors->append(QStringLiteral("%1.%2: must be a string").arg(path, key));
        return std::nullopt;
    }
    return value.toString();
}

std::optional<qint64> readDuration(
    const QJsonObject &object, const QString &key, const QString &path, QStringList *errors)
{
    const auto value = object.value(key);
    if (!value.isString()) {
        errors->append(
            QStringLiteral("%1.%2: must be a duration string such as \"30s\", \"1m\" or \"1m30s\"").arg(path, key));
        return std::nullopt;
    }
    const auto ms = AlertRules::parseDuration(value.toString());
    if (!ms)
        errors->append(QStringLiteral("%1.%2: \"%3\" is not a duration (use e.g. \"500ms\", \"30s\", \"1m\", \"1h\")")
                           .arg(path, key, value.toString()));
    return ms;
}

void checkTemplate(const QString &text, const QString &path, QStringList *errors)
{
    static const QRegularExpression placeholder(QStringLiteral("\\{\\{\\s*([^}]*?)\\s*\\}\\}"));
    auto it = placeholder.globalMatch(text);
    while (it.hasNext()) {
        const auto name = it.next().captured(1);
        if (!kPlaceholders.contains(name))
            errors->append(QStringLiteral("%1: unknown placeholder {{%2}} (known: %3)")
                               .arg(path, name, kPlaceholders.join(QStringLiteral(", "))));
    }
    QString stripped = text;
    stripped.remove(placeholder);
    if (stripped.contains(QStringLiteral("{{")) || stripped.contains(QStringLiteral("}}")))
        errors->append(QStringLiteral("%1: unbalanced {{ or }}").arg(path));
}

} // namespace

bool AlertRule::operator==(const AlertRule &other) const
{
    return name == other.name && metric.kind == other.metric.kind && metric.service == other.metric.service
        && metric.instance == other.metric.instance && metric.quantile == other.metric.quantile
        && metric.gaugeName == other.metric.gaugeName && metric.windowMs == other.metric.windowMs
        && comparison == other.comparison && threshold == other.threshold && forMs == other.forMs
        && clearThreshold == other.clearThreshold && perInstance == other.perInstance && severity == other.severity
        && noData == other.noData && enabled == other.enabled && labels == other.labels
        && annotations == other.annotations;
}

bool AlertRule::matches(double value) const
{
    return !std::isnan(value) && compare(comparison, value, threshold);
}

bool AlertRule::stillFiring(double value) const
{
    return !std::isnan(value) && compare(comparison, value, clearThreshold.value_or(threshold));
}

QStringList AlertRule::validate() const
{
    QStringList errors;
    if (name.isEmpty())
        errors << QStringLiteral("name: must not be empty");
    else if (!AlertRules::isValidName(name))
        errors << QStringLiteral(
            "name: \"%1\" must start with a letter or '_' and contain only letters, digits and '_'")
                      .arg(name);
    if (!std::isfinite(threshold))
        errors << QStringLiteral("threshold: must be a finite number");
    if (forMs < 0 || forMs > 7 * 24 * 3600 * 1000LL)
        errors << QStringLiteral("for: must be between 0s and 7 days");
    if (metric.windowMs < 1000 || metric.windowMs > 7 * 24 * 3600 * 1000LL)
        errors << QStringLiteral("metric.window: must be between 1s and 7 days");
    if (metric.kind == MetricKind::LatencyQuantile && !(metric.quantile > 0 && metric.quantile < 1))
        errors << QStringLiteral("metric.quantile: must be between 0 and 1 (exclusive), e.g. 0.99");
    if (metric.kind == MetricKind::Gauge && !AlertRules::isValidName(metric.gaugeName))
        errors << QStringLiteral("metric.gauge: a gauge rule needs the gauge's metric name, e.g. \"process_open_fds\"");
    if (metric.kind != MetricKind::Gauge && !metric.gaugeName.isEmpty())
        errors << QStringLiteral("metric.gauge: only gauge rules name a gauge");
    if (metric.kind == MetricKind::ErrorRatio && (threshold < 0 || threshold > 1))
        errors << QStringLiteral("threshold: an error ratio is between 0 and 1 (0.05 = 5 %)");
    if (!metric.instance.isEmpty() && perInstance)
        errors << QStringLiteral("groupBy: a rule pinned to one instance cannot also be evaluated per instance");
    if (!metric.instance.isEmpty() && metric.service.isEmpty())
        errors << QStringLiteral("metric.service: a rule pinned to an instance must name its service too");
    if (clearThreshold) {
        const double clear = *clearThreshold;
        if (!std::isfinite(clear))
            errors << QStringLiteral("clearThreshold: must be a finite number");
        else if (comparison == Comparison::Equal || comparison == Comparison::NotEqual)
            errors << QStringLiteral("clearThreshold: hysteresis needs <, <=, > or >=, not %1")
                          .arg(AlertRules::comparisonSymbol(comparison));
        else if ((comparison == Comparison::Greater || comparison == Comparison::GreaterOrEqual) && clear > threshold)
            errors << QStringLiteral(
                "clearThreshold: with %1 the clear threshold (%2) must not be above the threshold (%3)")
                          .arg(AlertRules::comparisonSymbol(comparison))
                          .arg(clear)
                          .arg(threshold);
        else if ((comparison == Comparison::Less || comparison == Comparison::LessOrEqual) && clear < threshold)
            errors << QStringLiteral(
                "clearThreshold: with %1 the clear threshold (%2) must not be below the threshold (%3)")
                          .arg(AlertRules::comparisonSymbol(comparison))
                          .arg(clear)
                          .arg(threshold);
    }
    for (auto it = labels.cbegin(); it != labels.cend(); ++it) {
        if (!AlertRules::isValidName(it.key()) || it.key().startsWith(QStringLiteral("__")))
            errors << QStringLiteral("labels.%1: not a valid label name").arg(it.key());
        else if (kReservedLabels.contains(it.key()))
            errors << QStringLiteral("labels.%1: set by the engine; use the rule's own field instead").arg(it.key());
        if (it.value().contains(QStringLiteral("{{")))
            errors << QStringLiteral("labels.%1: label values cannot hold placeholders").arg(it.key());
    }
    for (auto it = annotations.cbegin(); it != annotations.cend(); ++it) {
        if (!AlertRules::isValidName(it.key()))
            errors << QStringLiteral("annotations.%1: not a valid annotation name").arg(it.key());
        checkTemplate(it.value(), QStringLiteral("annotations.%1").arg(it.key()), &errors);
    }
    return errors;
}

QJsonObject AlertRule::toJson() const
{
    QJsonObject metricObject { { QStringLiteral("kind"), AlertRules::metricKindName(metric.kind) },
        { QStringLiteral("window"), AlertRules::formatDuration(metric.windowMs) } };
    if (!metric.service.isEmpty())
        metricObject.insert(QStringLiteral("service"), metric.service);
    if (!metric.instance.isEmpty())
        metricObject.insert(QStringLiteral("instance"), metric.instance);
    if (metric.kind == MetricKind::LatencyQuantile)
        metricObject.insert(QStringLiteral("quantile"), metric.quantile);
    if (metric.kind == MetricKind::Gauge)
        metricObject.insert(QStringLiteral("gauge"), metric.gaugeName);
    QJsonObject object { { QStringLiteral("name"), name }, { QStringLiteral("metric"), metricObject },
        { QStringLiteral("comparison"), AlertRules::comparisonSymbol(comparison) },
        { QStringLiteral("threshold"), threshold }, { QStringLiteral("for"), AlertRules::formatDuration(forMs) },
        { QStringLiteral("severity"), AlertRules::severityName(severity) }, { QStringLiteral("enabled"), enabled } };
    if (clearThreshold)
        object.insert(QStringLiteral("clearThreshold"), *clearThreshold);
    if (noData != NoDataPolicy::NoData)
        object.insert(QStringLiteral("noData"), AlertRules::noDataPolicyName(noData));
    if (perInstance)
        object.insert(QStringLiteral("groupBy"), QStringLiteral("instance"));
    if (!labels.isEmpty())
        object.insert(QStringLiteral("labels"), mapToJson(labels));
    if (!annotations.isEmpty())
        object.insert(QStringLiteral("annotations"), mapToJson(annotations));
    return object;
}

std::optional<AlertRule> AlertRule::fromJson(const QJsonObject &object, QStringList *errors, const QString &path)
{
    QStringList problems;
    AlertRule rule;
    static const QSet<QString> known { QStringLiteral("name"), QStringLiteral("metric"), QStringLiteral("expr"),
        QStringLiteral("comparison"), QStringLiteral("threshold"), QStringLiteral("for"),
        QStringLiteral("clearThreshold"), QStringLiteral("groupBy"), QStringLiteral("severity"),
        QStringLiteral("noData"), QStringLiteral("enabled"), QStringLiteral("labels"), QStringLiteral("annotations") };
    for (auto it = object.constBegin(); it != object.constEnd(); ++it) {
        if (!known.contains(it.key()))
            problems << QStringLiteral("%1.%2: unknown field").arg(path, it.key());
    }

    if (!object.value(QStringLiteral("name")).isString())
        problems << QStringLiteral("%1.name: required, a string").arg(path);
    else
        rule.name = object.value(QStringLiteral("name")).toString();

    const bool hasExpr = object.contains(QStringLiteral("expr"));
    const bool hasMetric = object.contains(QStringLiteral("metric"));
    if (hasExpr
        && (hasMetric || object.contains(QStringLiteral("comparison")) || object.contains(QStringLiteral("threshold"))
            || object.contains(QStringLiteral("groupBy")))) {
        problems << QStringLiteral("%1.expr: give either \"expr\" or \"metric\"/\"comparison\"/\"threshold\", not both")
                        .arg(path);
    } else if (hasExpr) {
        // The text form, e.g. error_ratio(service="cart", window=1m) > 0.05.
        QString error;
        const auto expression = object.value(QStringLiteral("expr")).isString()
            ? RuleExpression::parse(object.value(QStringLiteral("expr")).toString(), &error)
            : std::nullopt;
        if (!object.value(QStringLiteral("expr")).isString())
            problems << QStringLiteral("%1.expr: must be a string").arg(path);
        else if (!expression)
            problems << QStringLiteral("%1.expr: %2").arg(path, error);
        else
            expression->applyTo(&rule);
    } else if (!hasMetric || !object.value(QStringLiteral("metric")).isObject()) {
        problems << QStringLiteral("%1.metric: required, an object such as {\"kind\": \"error_ratio\", "
                                   "\"service\": \"cart\", \"window\": \"1m\"} (or give \"expr\")")
                        .arg(path);
    } else {
        const auto metric = object.value(QStringLiteral("metric")).toObject();
        const QString metricPath = path + QStringLiteral(".metric");
        static const QSet<QString> metricKeys { QStringLiteral("kind"), QStringLiteral("service"),
            QStringLiteral("instance"), QStringLiteral("window"), QStringLiteral("quantile"), QStringLiteral("gauge") };
        for (auto it = metric.constBegin(); it != metric.constEnd(); ++it) {
            if (!metricKeys.contains(it.key()))
                problems << QStringLiteral("%1.%2: unknown field").arg(metricPath, it.key());
        }
        const auto kind = AlertRules::metricKindFromName(metric.value(QStringLiteral("kind")).toString());
        if (!kind)
            problems << QStringLiteral("%1.kind: must be one of rate, error_ratio, latency_quantile, gauge, "
                                       "instances_up")
                            .arg(metricPath);
        else
            rule.metric.kind = *kind;
        if (const auto service = readString(metric, QStringLiteral("service"), metricPath, &problems))
            rule.metric.service = *service;
        if (const auto instance = readString(metric, QStringLiteral("instance"), metricPath, &problems))
            rule.metric.instance = *instance;
        if (const auto gauge = readString(metric, QStringLiteral("gauge"), metricPath, &problems))
            rule.metric.gaugeName = *gauge;
        if (metric.contains(QStringLiteral("window"))) {
            if (const auto window = readDuration(metric, QStringLiteral("window"), metricPath, &problems))
                rule.metric.windowMs = *window;
        }
        if (metric.contains(QStringLiteral("quantile"))) {
            if (!metric.value(QStringLiteral("quantile")).isDouble())
                problems << QStringLiteral("%1.quantile: must be a number such as 0.99").arg(metricPath);
            else
                rule.metric.quantile = metric.value(QStringLiteral("quantile")).toDouble();
        }

        const auto comparison = AlertRules::comparisonFromSymbol(object.value(QStringLiteral("comparison")).toString());
        if (!comparison)
            problems << QStringLiteral("%1.comparison: required, one of >, >=, <, <=, ==, !=").arg(path);
        else
            rule.comparison = *comparison;
        if (!object.value(QStringLiteral("threshold")).isDouble())
            problems << QStringLiteral("%1.threshold: required, a number").arg(path);
        else
            rule.threshold = object.value(QStringLiteral("threshold")).toDouble();
        const auto groupBy = object.value(QStringLiteral("groupBy")).toString(QStringLiteral("service"));
        if (groupBy == QStringLiteral("instance"))
            rule.perInstance = true;
        else if (groupBy != QStringLiteral("service"))
            problems << QStringLiteral("%1.groupBy: must be \"service\" or \"instance\"").arg(path);
    }

    if (object.contains(QStringLiteral("for"))) {
        if (const auto forMs = readDuration(object, QStringLiteral("for"), path, &problems))
            rule.forMs = *forMs;
    }
    if (object.contains(QStringLiteral("clearThreshold"))) {
        if (!object.value(QStringLiteral("clearThreshold")).isDouble())
            problems << QStringLiteral("%1.clearThreshold: must be a number").arg(path);
        else
            rule.clearThreshold = object.value(QStringLiteral("clearThreshold")).toDouble();
    }
    if (object.contains(QStringLiteral("severity"))) {
        const auto severity = AlertRules::severityFromName(object.value(QStringLiteral("severity")).toString());
        if (!severity)
            problems << QStringLiteral("%1.severity: must be info, warning or critical").arg(path);
        else
            rule.severity = *severity;
    }
    if (object.contains(QStringLiteral("noData"))) {
        const auto policy = AlertRules::noDataPolicyFromName(object.value(QStringLiteral("noData")).toString());
        if (!policy)
            problems << QStringLiteral("%1.noData: must be nodata, alerting, ok or keep_last").arg(path);
        else
            rule.noData = *policy;
    }
    if (object.contains(QStringLiteral("enabled"))) {
        if (!object.value(QStringLiteral("enabled")).isBool())
            problems << QStringLiteral("%1.enabled: must be true or false").arg(path);
        else
            rule.enabled = object.value(QStringLiteral("enabled")).toBool();
    }
    readStringMap(object, QStringLiteral("labels"), path, &rule.labels, &problems);
    readStringMap(object, QStringLiteral("annotations"), path, &rule.annotations, &problems);

    if (problems.isEmpty()) {
        for (const auto &problem : rule.validate())
            problems << path + QLatin1Char('.') + problem;
    }
    if (!problems.isEmpty()) {
        if (errors)
            errors->append(problems);
        return std::nullopt;
    }
    return rule;
}

namespace AlertRules {

QString comparisonSymbol(Comparison comparison)
{
    switch (comparison) {
    case Comparison::Greater:
        return QStringLiteral(">");
    case Comparison::GreaterOrEqual:
        return QStringLiteral(">=");
    case Comparison::Less:
        return QStringLiteral("<");
    case Comparison::LessOrEqual:
        return QStringLiteral("<=");
    case Comparison::Equal:
        return QStringLiteral("==");
    case Comparison::NotEqual:
        return QStringLiteral("!=");
    }
    return {};
}

std::optional<Comparison> comparisonFromSymbol(const QString &symbol)
{
    for (auto comparison : { Comparison::Greater, Comparison::GreaterOrEqual, Comparison::Less, Comparison::LessOrEqual,
             Comparison::Equal, Comparison::NotEqual }) {
        if (comparisonSymbol(comparison) == symbol)
            return comparison;
    }
    return std::nullopt;
}

QString severityName(Severity severity)
{
    switch (severity) {
    case Severity::Info:
        return QStringLiteral("info");
    case Severity::Warning:
        return QStringLiteral("warning");
    case Severity::Critical:
        return QStringLiteral("critical");
    }
    return {};
}

std::optional<Severity> severityFromName(const QString &name)
{
    for (auto severity : { Severity::Info, Severity::Warning, Severity::Critical }) {
        if (severityName(severity) == name)
            return severity;
    }
    return std::nullopt;
}

QString noDataPolicyName(NoDataPolicy policy)
{
    switch (policy) {
    case NoDataPolicy::NoData:
        return QStringLiteral("nodata");
    case NoDataPolicy::Alerting:
        return QStringLiteral("alerting");
    case NoDataPolicy::Ok:
        return QStringLiteral("ok");
    case NoDataPolicy::KeepLast:
        return QStringLiteral("keep_last");
    }
    return {};
}

std::optional<NoDataPolicy> noDataPolicyFromName(const QString &name)
{
    for (auto policy : { NoDataPolicy::NoData, NoDataPolicy::Alerting, NoDataPolicy::Ok, NoDataPolicy::KeepLast }) {
        if (noDataPolicyName(policy) == name)
            return policy;
    }
    return std::nullopt;
}

QString metricKindName(MetricKind kind)
{
    switch (kind) {
    case MetricKind::RequestRate:
        return QStringLiteral("rate");
    case MetricKind::ErrorRatio:
        return QStringLiteral("error_ratio");
    case MetricKind::LatencyQuantile:
        return QStringLiteral("latency_quantile");
    case MetricKind::Gauge:
        return QStringLiteral("gauge");
    case MetricKind::InstancesUp:
        return QStringLiteral("instances_up");
    }
    return {};
}

std::optional<MetricKind> metricKindFromName(const QString &name)
{
    for (auto kind : { MetricKind::RequestRate, MetricKind::ErrorRatio, MetricKind::LatencyQuantile, MetricKind::Gauge,
             MetricKind::InstancesUp }) {
        if (metricKindName(kind) == name)
            return kind;
    }
    return std::nullopt;
}

std::optional<qint64> parseDuration(const QString &text)
{
    // Units from largest to smallest, each at most once, as Prometheus writes them.
    static const QRegularExpression pattern(
        QStringLiteral("^(?:(\\d+)d)?(?:(\\d+)h)?(?:(\\d+)m)?(?:(\\d+)s)?(?:(\\d+)ms)?$"));
    const auto match = pattern.match(text);
    if (text.isEmpty() || !match.hasMatch())
        return std::nullopt;
    static const qint64 units[] = { 86'400'000, 3'600'000, 60'000, 1000, 1 };
    qint64 total = 0;
    for (int i = 0; i < 5; ++i) {
        const auto part = match.captured(i + 1);
        if (part.isEmpty())
            continue;
        bool ok = false;
        const auto count = part.toLongLong(&ok);
        if (!ok || count > 100'000'000)
            return std::nullopt;
        total += count * units[i];
    }
    return total;
}

QString formatDuration(qint64 ms)
{
    if (ms <= 0)
        return QStringLiteral("0s");
    static const std::pair<qint64, const char *> units[]
        = { { 86'400'000, "d" }, { 3'600'000, "h" }, { 60'000, "m" }, { 1000, "s" }, { 1, "ms" } };
    QString text;
    for (const auto &[size, suffix] : units) {
        if (ms >= size) {
            text += QString::number(ms / size) + QLatin1String(suffix);
            ms %= size;
        }
    }
    return text;
}

bool isValidName(const QString &name)
{
    static const QRegularExpression pattern(QStringLiteral("^[A-Za-z_][A-Za-z0-9_]*$"));
    return pattern.match(name).hasMatch();
}

QJsonObject toJson(const QList<AlertRule> &rules)
{
    QJsonArray array;
    for (const auto &rule : rules)
        array.append(rule.toJson());
    return QJsonObject { { QStringLiteral("version"), 1 }, { QStringLiteral("rules"), array } };
}

std::optional<QList<AlertRule>> fromJson(const QJsonObject &object, QStringList *errors)
{
    QStringList problems;
    if (object.value(QStringLiteral("version")).toInt(0) != 1)
        problems << QStringLiteral("version: must be 1");
    if (!object.value(QStringLiteral("rules")).isArray())
        problems << QStringLiteral("rules: required, an array of rules");
    QList<AlertRule> rules;
    QSet<QString> names;
    const auto array = object.value(QStringLiteral("rules")).toArray();
    for (qsizetype i = 0; i < array.size(); ++i) {
        const QString path = QStringLiteral("rules[%1]").arg(i);
        if (!array.at(i).isObject()) {
            problems << QStringLiteral("%1: must be an object").arg(path);
            continue;
        }
        const auto rule = AlertRule::fromJson(array.at(i).toObject(), &problems, path);
        if (!rule)
            continue;
        if (names.contains(rule->name))
            problems << QStringLiteral("%1.name: \"%2\" is used by an earlier rule; names must be unique")
                            .arg(path, rule->name);
        names.insert(rule->name);
        rules << *rule;
    }
    if (!problems.isEmpty()) {
        if (errors)
            errors->append(problems);
        return std::nullopt;
    }
    return rules;
}

QString renderTemplate(
    const QString &text, const QString &service, const QString &instance, double value, double threshold)
{
    static const QRegularExpression placeholder(QStringLiteral("\\{\\{\\s*([a-z]+)\\s*\\}\\}"));
    QString result;
    qsizetype last = 0;
    auto it = placeholder.globalMatch(text);
    while (it.hasNext()) {
        const auto match = it.next();
        result += text.mid(last, match.capturedStart() - last);
        const auto name = match.captured(1);
        if (name == QStringLiteral("service"))
            result += service;
        else if (name == QStringLiteral("instance"))
            result += instance;
        else if (name == QStringLiteral("value"))
            result += QString::number(value, 'g', 4);
        else if (name == QStringLiteral("threshold"))
            result += QString::number(threshold, 'g', 4);
        else
            result += match.captured(0);
        last = match.capturedEnd();
    }
    result += text.mid(last);
    return result;
}

} // namespace AlertRules
