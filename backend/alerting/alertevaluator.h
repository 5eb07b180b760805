#pragma once

#include "alertevent.h"
#include "alertrule.h"

#include <functional>
#include <QHash>
#include <QList>

class MetricQuery;

// The state machine of every alert: inactive → pending → firing → resolved → inactive.
//  - pending when the condition holds; back to inactive if it stops holding before `for` has passed;
//  - firing once it has held for `for` (at once when `for` is 0);
//  - resolved when a firing alert's value no longer passes the clear threshold (the threshold itself
//    without hysteresis) or when its data disappears; the next evaluation moves it to inactive, or straight
//    to pending if the condition holds again.
// No data (the query answers nothing) counts as "condition does not hold".
// Pure logic: the caller says what time it is, so production (a timer), tests (a scripted clock) and the
// backtest (a walk over recorded history) all drive the same code.
class AlertEvaluator
{
public:
    // The services and instances currently known; rules not pinned to one are evaluated for each of them.
    using TargetProvider = std::function<QList<AlertTarget>()>;

    explicit AlertEvaluator(const MetricQuery *query);

    void setTargetProvider(TargetProvider provider) { m_targets = std::move(provider); }

    // Replaces the rule set. Alerts of unchanged rules keep their state; alerts of removed, changed or
    // disabled rules are dropped, and the firing ones among them come back as "resolved" transitions.
    QList<AlertEvent> setRules(const QList<AlertRule> &rules, qint64 nowMs);
    const QList<AlertRule> &rules() const { return m_rules; }

    // Takes up the alerts that were firing when the history ended (the console stopped while they fired), for
    // the current enabled rules, so that a restart neither forgets them nor announces them again: the next
    // evaluation keeps each firing or resolves it. Pending alerts start over, since nobody watched their
    // condition in between. Returns how many were taken up.
    int restoreFiring(const QList<AlertEvent> &history);

    // Evaluates every enabled rule at nowMs and returns the transitions, in order.
    QList<AlertEvent> evaluate(qint64 nowMs);

    QList<AlertStatus> statuses() const;

    // Which targets a rule is evaluated for, given the known ones.
    static QList<AlertTarget> targetsFor(const AlertRule &rule, const QList<AlertTarget> &known);

private:
    struct Entry
    {
        AlertStatus status;
        bool seen = false;
    };

    void step(const AlertRule &rule, Entry &entry, std::optional<double> value, qint64 nowMs,
        QList<AlertEvent> *events) const;
    static void transition(const AlertRule &rule, Entry &entry, AlertState to, qint64 nowMs, QList<AlertEvent> *events);
    static QString key(const QString &rule, const AlertTarget &target);

    const MetricQuery *m_query;
    TargetProvider m_targets;
    QList<AlertRule> m_rules;
    QHash<QString, Entry> m_entries;
    QList<QString> m_order; // keys in creation order, so statuses() is stable
};

// Builds the event for a transition; shared with the backtest and tests.
AlertEvent makeAlertEvent(
    const AlertRule &rule, const AlertStatus &status, AlertState from, AlertState to, qint64 nowMs);
