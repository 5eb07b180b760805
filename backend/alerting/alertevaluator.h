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
//    without hysteresis); the next evaluation moves it to inactive, or straight to pending if the
//    condition holds again.
// Missing data is not "condition false". When the query answers nothing, the rule's noData policy decides
// (default: the NoData state, or Error when the target's scrapes fail; a firing alert stays announced and
// goes back to firing or resolves once data returns). instances_up rules read missing data as 0 instances
// up, since the targets are what the registry lists now: a killed instance that left discovery but is still
// registered stays down until it answers again. An alert whose target is no longer listed at all (the
// instance was deregistered, the service is gone) resolves with the reason "deregistered".
// Pure logic: the caller says what time it is, so production (a timer), tests (a scripted clock) and the
// backtest (a walk over recorded history) all drive the same code.
class AlertEvaluator
{
public:
    // The services and instances currently known; rules not pinned to one are evaluated for each of them.
    using TargetProvider = std::function<QList<AlertTarget>()>;

    explicit AlertEvaluator(const MetricQuery *query);

    void setTargetProvider(TargetProvider provider) { m_targets = std::move(provider); }
    // True (the default) when the targets are what is registered right now, so an instance without an "up"
    // series is one that does not answer. The backtest turns it off: it cannot know when an instance existed.
    void setTargetsAreCurrent(bool current) { m_targetsAreCurrent = current; }

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
    // The same against other readings for given targets: a ReadingSnapshot taken off this thread for them.
    QList<AlertEvent> evaluate(qint64 nowMs, const MetricQuery &readings, const QList<AlertTarget> &known);
    // The targets an evaluation now would be for (what the target provider lists).
    QList<AlertTarget> knownTargets() const { return m_targets ? m_targets() : QList<AlertTarget> {}; }

    QList<AlertStatus> statuses() const;

    // Which targets a rule is evaluated for, given the known ones.
    static QList<AlertTarget> targetsFor(const AlertRule &rule, const QList<AlertTarget> &known);

private:
    struct Entry
    {
        AlertStatus status;
        bool seen = false;
        bool gapRecorded = false; // the way into the current NoData/Error state is in the history
        // For alerts taken up after a restart: until when an unlisted target is not taken as gone (0 = from
        // the first evaluation on, -1 = no grace).
        qint64 unlistedGraceUntilMs = -1;
    };

    // What one evaluation found: whether the condition holds (and, once firing, still holds above the clear
    // threshold), for a value or for a gap the rule's policy turned into an answer.
    struct Reading
    {
        std::optional<double> value;
        bool holds = false;
        bool stillFiring = false;
    };

    void step(
        const AlertRule &rule, Entry &entry, const Reading &reading, qint64 nowMs, QList<AlertEvent> *events) const;
    QList<AlertEvent> evaluateWith(qint64 nowMs, const MetricQuery *query, const QList<AlertTarget> &known);
    void stepWithoutData(const AlertRule &rule, Entry &entry, const MetricQuery *query, const MetricSelector &selector,
        qint64 nowMs, QList<AlertEvent> *events) const;
    static void endForGoneTarget(const AlertRule &rule, Entry &entry, qint64 nowMs, QList<AlertEvent> *events);
    // Records a transition as an event, except between Inactive and NoData/Error: a quiet rule that has
    // nothing to evaluate (a service with no traffic yet) shows "no data" in the dock without filling the
    // history.
    static void transition(const AlertRule &rule, Entry &entry, AlertState to, qint64 nowMs, QList<AlertEvent> *events,
        const QString &reason = {});
    static QString key(const QString &rule, const AlertTarget &target);

    // How long a restored alert waits for discovery to list its target before it counts as deregistered.
    static constexpr qint64 kRestoredGraceMs = 30'000;

    const MetricQuery *m_query;
    TargetProvider m_targets;
    bool m_targetsAreCurrent = true;
    QList<AlertRule> m_rules;
    QHash<QString, Entry> m_entries;
    QList<QString> m_order; // keys in creation order, so statuses() is stable
};

// Builds the event for a transition; shared with the backtest and tests.
AlertEvent makeAlertEvent(const AlertRule &rule, const AlertStatus &status, AlertState from, AlertState to,
    qint64 nowMs, const QString &reason = {});
