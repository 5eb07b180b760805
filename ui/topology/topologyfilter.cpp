#include "topologyfilter.h"

#include "telemetry/topologysnapshot.h"

#include <QCoreApplication>
#include <QRegularExpression>

namespace {
const QStringList kNumericFields { QStringLiteral("rps"), QStringLiteral("error"), QStringLiteral("p95"),
    QStringLiteral("instances") };
const QStringList kTextFields { QStringLiteral("name"), QStringLiteral("health") };
} // namespace

bool TopologyFilter::parse(const QString &text, QString *error)
{
    m_terms.clear();
    const auto trimmed = text.trimmed();
    if (trimmed.isEmpty())
        return true;
    static const QRegularExpression termPattern(QStringLiteral(R"(^\s*([a-z0-9]+)\s*(>=|<=|!=|=|>|<|~)\s*(.+?)\s*$)"),
        QRegularExpression::CaseInsensitiveOption);
    static const QRegularExpression andSplit(
        QStringLiteral(R"(\s+and\s+|\s*&&\s*)"), QRegularExpression::CaseInsensitiveOption);
    QList<Term> terms;
    for (const auto &part : trimmed.split(andSplit, Qt::SkipEmptyParts)) {
        const auto match = termPattern.match(part);
        if (!match.hasMatch()) {
            if (error)
                *error = QCoreApplication::translate(
                    "TopologyFilter", "cannot read '%1'; expected e.g. 'error > 5%' or 'name ~ cart'")
                             .arg(part.trimmed());
            return false;
        }
        Term term { match.captured(1).toLower(), match.captured(2), match.captured(3), 0 };
        if (kNumericFields.contains(term.field)) {
            QString number = term.text;
            const bool percent = number.endsWith(QLatin1Char('%'));
            if (percent)
                number.chop(1);
            if (number.endsWith(QLatin1String("ms")))
                number.chop(2);
            bool ok = false;
            term.number = number.trimmed().toDouble(&ok);
            if (!ok || term.op == QLatin1String("~")) {
                if (error)
                    *error = QCoreApplication::translate("TopologyFilter", "'%1' needs a number, e.g. %1 > 5")
                                 .arg(term.field);
                return false;
            }
            if (percent || (term.field == QLatin1String("error") && term.number > 1))
                term.number /= 100.0;
        } else if (!kTextFields.contains(term.field)) {
            if (error)
                *error = QCoreApplication::translate(
                    "TopologyFilter", "unknown field '%1'; use name, health, rps, error, p95 or instances")
                             .arg(term.field);
            return false;
        } else if (term.op != QLatin1String("~") && term.op != QLatin1String("=") && term.op != QLatin1String("!=")) {
            if (error)
                *error = QCoreApplication::translate("TopologyFilter", "'%1' takes =, != or ~").arg(term.field);
            return false;
        } else if (term.op == QLatin1String("~") && !QRegularExpression(term.text).isValid()) {
            if (error)
                *error = QCoreApplication::translate("TopologyFilter", "'%1' is not a valid regular expression")
                             .arg(term.text);
            return false;
        }
        terms.append(term);
    }
    m_terms = terms;
    return true;
}

bool TopologyFilter::compare(double value, const QString &op, double reference)
{
    if (op == QLatin1String(">"))
        return value > reference;
    if (op == QLatin1String(">="))
        return value >= reference;
    if (op == QLatin1String("<"))
        return value < reference;
    if (op == QLatin1String("<="))
        return value <= reference;
    if (op == QLatin1String("!="))
        return !qFuzzyCompare(value + 1, reference + 1);
    return qFuzzyCompare(value + 1, reference + 1);
}

bool TopologyFilter::matches(const TopologyNode &node) const
{
    for (const auto &term : m_terms) {
        if (term.field == QLatin1String("name") || term.field == QLatin1String("health")) {
            const auto &value = term.field == QLatin1String("name") ? node.service : node.health;
            bool hit = false;
            if (term.op == QLatin1String("~"))
                hit = QRegularExpression(term.text, QRegularExpression::CaseInsensitiveOption).match(value).hasMatch();
            else
                hit = (value.compare(term.text, Qt::CaseInsensitive) == 0) == (term.op == QLatin1String("="));
            if (!hit)
                return false;
            continue;
        }
        double value = 0;
        if (term.field == QLatin1String("rps"))
            value = node.rps;
        else if (term.field == QLatin1String("error"))
            value = node.errorRatio;
        else if (term.field == QLatin1String("p95"))
            value = node.p95Ms;
        else
            value = double(node.instances.size());
        if (!compare(value, term.op, term.number))
            return false;
    }
    return true;
}
