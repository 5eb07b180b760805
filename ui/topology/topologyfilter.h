#pragma once

#include <QList>
#include <QString>

struct TopologyNode;

// A filter typed by the operator, e.g. `error > 5%`, `name ~ cart`, `p95 >= 100 and rps > 1`,
// `health = critical`. Fields: name, health, rps, error (ratio; "5%" means 0.05), p95 (ms), instances.
// Operators: > >= < <= = != and ~ (name contains / regular expression). Terms combine with "and".
class TopologyFilter
{
public:
    // Parses text; an empty text matches everything. Returns false with a message on a syntax error.
    bool parse(const QString &text, QString *error = nullptr);
    bool matches(const TopologyNode &node) const;
    bool isEmpty() const { return m_terms.isEmpty(); }

private:
    struct Term
    {
        QString field;
        QString op;
        QString text;
        double number = 0;
    };
    static bool compare(double value, const QString &op, double reference);
    QList<Term> m_terms;
};
