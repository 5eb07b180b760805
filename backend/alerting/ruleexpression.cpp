#include "ruleexpression.h"

#include <cmath>
#include <QSet>

namespace {

// A hand-written recursive-descent parser: the grammar is tiny and the error messages matter more than
// generality ("column 14: expected ',' or ')'").
class Parser
{
public:
    explicit Parser(const QString &text)
        : m_text(text)
    { }

    std::optional<RuleExpression> parse(QString *error)
    {
        RuleExpression expression;
        skipSpace();
        const int kindColumn = column();
        const auto kindName = identifier();
        if (kindName.isEmpty())
            return fail(error,
                QStringLiteral("expected a metric: rate, error_ratio, latency_quantile, gauge or "
                               "instances_up"));
        const auto kind = AlertRules::metricKindFromName(kindName);
        if (!kind)
            return fail(error,
                QStringLiteral("unknown metric '%1' (known: rate, error_ratio, latency_quantile, gauge, "
                               "instances_up)")
                    .arg(kindName),
                kindColumn);
        expression.metric.kind = *kind;
        skipSpace();
        if (!consume(QLatin1Char('(')))
            return fail(error, QStringLiteral("expected '(' after %1").arg(kindName));
        QSet<QString> seen;
        skipSpace();
        if (!consume(QLatin1Char(')'))) {
            while (true) {
                skipSpace();
                const int argColumn = column();
                const auto name = identifier();
                if (name.isEmpty())
                    return fail(
                        error, QStringLiteral("expected an argument name (service, instance, window, q, name, by)"));
                if (seen.contains(name))
                    return fail(error, QStringLiteral("argument '%1' given twice").arg(name), argColumn);
                seen.insert(name);
                skipSpace();
                if (!consume(QLatin1Char('=')))
                    return fail(error, QStringLiteral("expected '=' after %1").arg(name));
                skipSpace();
                const int valueColumn = column();
                QString value;
                if (peek() == QLatin1Char('"')) {
                    if (!quoted(&value))
                        return fail(error, QStringLiteral("unterminated string"), valueColumn);
                } else {
                    value = bareWord();
                    if (value.isEmpty())
                        return fail(error, QStringLiteral("expected a value for %1").arg(name));
                }
                if (!setArgument(&expression, name, value, error, argColumn, valueColumn))
                    return std::nullopt;
                skipSpace();
                if (consume(QLatin1Char(')')))
                    break;
                if (!consume(QLatin1Char(',')))
                    return fail(error, QStringLiteral("expected ',' or ')'"));
            }
        }
        if (expression.metric.kind == MetricKind::Gauge && !seen.contains(QStringLiteral("name")))
            return fail(error, QStringLiteral("gauge needs name=\"<metric name>\""), kindColumn);
        skipSpace();
        const int opColumn = column();
        QString op;
        while (m_pos < m_text.size() && QStringLiteral("<>=!").contains(m_text.at(m_pos)))
            op += m_text.at(m_pos++);
        const auto comparison = AlertRules::comparisonFromSymbol(op);
        if (!comparison)
            return fail(error, QStringLiteral("expected a comparison: >, >=, <, <=, == or !="), opColumn);
        expression.comparison = *comparison;
        skipSpace();
        const int numberColumn = column();
        const auto numberText = bareWord();
        bool ok = false;
        expression.threshold = numberText.toDouble(&ok);
        if (numberText.isEmpty() || !ok || !std::isfinite(expression.threshold))
            return fail(error, QStringLiteral("expected a number after %1").arg(op), numberColumn);
        skipSpace();
        if (m_pos != m_text.size())
            return fail(error, QStringLiteral("unexpected '%1' after the threshold").arg(m_text.mid(m_pos, 10)));
        return expression;
    }

private:
    bool setArgument(RuleExpression *expression, const QString &name, const QString &value, QString *error,
        int nameColumn, int valueColumn)
    {
        auto &metric = expression->metric;
        if (name == QStringLiteral("service")) {
            metric.service = value;
        } else if (name == QStringLiteral("instance")) {
            metric.instance = value;
        } else if (name == QStringLiteral("window")) {
            const auto ms = AlertRules::parseDuration(value);
            if (!ms) {
                fail(error, QStringLiteral("window '%1' is not a duration (e.g. 30s, 1m, 1m30s)").arg(value),
                    valueColumn);
                return false;
            }
            metric.windowMs = *ms;
        } else if (name == QStringLiteral("q") && metric.kind == MetricKind::LatencyQuantile) {
            bool ok = false;
            metric.quantile = value.toDouble(&ok);
            if (!ok) {
                fail(error, QStringLiteral("q must be a number such as 0.99"), valueColumn);
                return false;
            }
        } else if (name == QStringLiteral("name") && metric.kind == MetricKind::Gauge) {
            metric.gaugeName = value;
        } else if (name == QStringLiteral("by")) {
            if (value != QStringLiteral("instance") && value != QStringLiteral("service")) {
                fail(error, QStringLiteral("by must be service or instance"), valueColumn);
                return false;
            }
            expression->perInstance = value == QStringLiteral("instance");
        } else {
            fail(error,
                QStringLiteral("unknown argument '%1' for %2").arg(name, AlertRules::metricKindName(metric.kind)),
                nameColumn);
            return false;
        }
        return true;
    }

    std::nullopt_t fail(QString *error, const QString &message, int atColumn = -1) const
    {
        if (error)
            *error = QStringLiteral("column %1: %2").arg(atColumn < 0 ? column() : atColumn).arg(message);
        return std::nullopt;
    }

    int column() const { return int(m_pos) + 1; }
    QChar peek() const { return m_pos < m_text.size() ? m_text.at(m_pos) : QChar(); }
    void skipSpace()
    {
        while (m_pos < m_text.size() && m_text.at(m_pos).isSpace())
            ++m_pos;
    }
    bool consume(QChar c)
    {
        if (peek() != c)
            return false;
        ++m_pos;
        return true;
    }
    QString identifier()
    {
        const auto start = m_pos;
        while (m_pos < m_text.size() && (m_text.at(m_pos).isLetterOrNumber() || m_text.at(m_pos) == QLatin1Char('_'))
            && !(m_pos == start && m_text.at(m_pos).isDigit()))
            ++m_pos;
        return m_text.mid(start, m_pos - start);
    }
    // Numbers, durations and plain words: everything up to a delimiter.
    QString bareWord()
    {
        const auto start = m_pos;
        while (m_pos < m_text.size() && !m_text.at(m_pos).isSpace()
            && !QStringLiteral(",()\"<>=!").contains(m_text.at(m_pos)))
            ++m_pos;
        return m_text.mid(start, m_pos - start);
    }
    bool quoted(QString *value)
    {
        ++m_pos; // opening quote
        while (m_pos < m_text.size()) {
            const QChar c = m_text.at(m_pos++);
            if (c == QLatin1Char('"'))
                return true;
            if (c == QLatin1Char('\\') && m_pos < m_text.size())
                *value += m_text.at(m_pos++);
            else
                *value += c;
        }
        return false;
    }

    const QString &m_text;
    qsizetype m_pos = 0;
};

QString quote(const QString &value)
{
    QString escaped = value;
    escaped.replace(QLatin1Char('\\'), QStringLiteral("\\\\")).replace(QLatin1Char('"'), QStringLiteral("\\\""));
    return QLatin1Char('"') + escaped + QLatin1Char('"');
}

} // namespace

void RuleExpression::applyTo(AlertRule *rule) const
{
    rule->metric = metric;
    rule->perInstance = perInstance;
    rule->comparison = comparison;
    rule->threshold = threshold;
}

RuleExpression RuleExpression::of(const AlertRule &rule)
{
    return RuleExpression { rule.metric, rule.perInstance, rule.comparison, rule.threshold };
}

std::optional<RuleExpression> RuleExpression::parse(const QString &text, QString *error)
{
    return Parser(text).parse(error);
}

QString RuleExpression::toString() const
{
    QStringList args;
    if (metric.kind == MetricKind::Gauge)
        args << QStringLiteral("name=") + quote(metric.gaugeName);
    if (!metric.service.isEmpty())
        args << QStringLiteral("service=") + quote(metric.service);
    if (!metric.instance.isEmpty())
        args << QStringLiteral("instance=") + quote(metric.instance);
    if (metric.kind == MetricKind::LatencyQuantile)
        args << QStringLiteral("q=") + QString::number(metric.quantile, 'g', 6);
    args << QStringLiteral("window=") + AlertRules::formatDuration(metric.windowMs);
    if (perInstance)
        args << QStringLiteral("by=instance");
    return QStringLiteral("%1(%2) %3 %4")
        .arg(AlertRules::metricKindName(metric.kind), args.join(QStringLiteral(", ")),
            AlertRules::comparisonSymbol(comparison), QString::number(threshold, 'g', 10));
}
