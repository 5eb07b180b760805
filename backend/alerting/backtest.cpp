#include "backtest.h"

#include "alertevaluator.h"

#include <QHash>

QList<BacktestInterval> BacktestResult::firing() const
{
    QList<BacktestInterval> result;
    for (const auto &interval : intervals) {
        if (interval.state == AlertState::Firing)
            result << interval;
    }
    return result;
}

QList<BacktestInterval> BacktestResult::pending() const
{
    QList<BacktestInterval> result;
    for (const auto &interval : intervals) {
        if (interval.state == AlertState::Pending)
            result << interval;
    }
    return result;
}

namespace Backtest {

std::optional<BacktestResult> run(const AlertRule &rule, const MetricQuery &query, qint64 fromMs, qint64 toMs,
    qint64 stepMs, const QList<AlertTarget> &targets, QString *error)
{
    const auto fail = [error](const QString &message) {
        if (error)
            *error = message;
        return std::nullopt;
    };
    const auto problems = rule.validate();
    if (!problems.isEmpty())
        return fail(problems.join(QStringLiteral("; ")));
    if (stepMs <= 0)
        return fail(QStringLiteral("step must be positive"));
    if (toMs < fromMs)
        return fail(QStringLiteral("the range ends before it starts"));
    if ((toMs - fromMs) / stepMs + 1 > kMaxEvaluations)
        return fail(QStringLiteral("%1 evaluations requested; at most %2 (use a larger step)")
                        .arg((toMs - fromMs) / stepMs + 1)
                        .arg(kMaxEvaluations));

    AlertRule replayed = rule;
    replayed.enabled = true; // a disabled rule can still be tried out
    AlertEvaluator evaluator(&query);
    evaluator.setTargetProvider([&targets] { return targets; });
    evaluator.setTargetsAreCurrent(false); // today's instances did not necessarily exist back then
    evaluator.setRules({ replayed }, fromMs);

    BacktestResult result;
    // Open interval per alert (fingerprint), closed by the next transition out of its state.
    QHash<QString, qsizetype> open;
    const auto record = [&](const AlertEvent &event) {
        result.transitions << event;
        const auto fingerprint = event.fingerprint();
        if (const auto it = open.constFind(fingerprint); it != open.constEnd()) {
            auto &interval = result.intervals[*it];
            interval.endMs = event.timestampMs;
            interval.open = false;
            open.remove(fingerprint);
        }
        if (event.to == AlertState::Pending || event.to == AlertState::Firing) {
            open.insert(fingerprint, result.intervals.size());
            result.intervals << BacktestInterval { { event.service, event.instance }, event.to, event.timestampMs, toMs,
                true };
        }
    };
    for (qint64 t = fromMs; t <= toMs; t += stepMs) {
        for (const auto &event : evaluator.evaluate(t))
            record(event);
        ++result.evaluations;
    }
    // for = 0 passes through pending without spending time there: not an interval worth showing.
    result.intervals.removeIf([](const BacktestInterval &interval) {
        return interval.state == AlertState::Pending && !interval.open && interval.endMs == interval.startMs;
    });
    std::stable_sort(result.intervals.begin(), result.intervals.end(),
        [](const auto &a, const auto &b) { return a.startMs < b.startMs; });
    return result;
}

} // namespace Backtest
