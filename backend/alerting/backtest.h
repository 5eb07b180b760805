#pragma once

#include "alertevent.h"
#include "alertrule.h"

#include <optional>
#include <QList>

class MetricQuery;

// A stretch of time one alert spent pending or firing. endMs is the evaluation at which it left the state;
// an interval still open at the end of the range has open = true and endMs = the range's end.
struct BacktestInterval
{
    AlertTarget target;
    AlertState state = AlertState::Firing;
    qint64 startMs = 0;
    qint64 endMs = 0;
    bool open = false;

    bool operator==(const BacktestInterval &other) const = default;
};

struct BacktestResult
{
    QList<BacktestInterval> intervals; // pending and firing, ordered by start
    QList<AlertEvent> transitions;
    int evaluations = 0;

    QList<BacktestInterval> firing() const;
    QList<BacktestInterval> pending() const;
};

// Replays a rule over recorded history: the same state machine the engine runs, evaluated at
// from, from + step, ... up to and including to, against the metric query's past values. Answers "when
// would this rule have fired?" before a rule is saved.
namespace Backtest {

constexpr int kMaxEvaluations = 1'000'000;

std::optional<BacktestResult> run(const AlertRule &rule, const MetricQuery &query, qint64 fromMs, qint64 toMs,
    qint64 stepMs, const QList<AlertTarget> &targets, QString *error);

} // namespace Backtest
