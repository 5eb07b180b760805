#pragma once

#include "alertrule.h"
#include "silence.h"

#include <optional>
#include <QJsonObject>
#include <QMap>
#include <QMetaType>
#include <QString>

// Inactive → Pending → Firing → Resolved, plus two states for when a rule cannot be evaluated: NoData (its
// series are gone or never existed) and Error (its targets do not answer scrapes). Neither is "resolved":
// missing data is not the condition turning false (see AlertEvaluator and the rule's noData policy).
enum class AlertState { Inactive, Pending, Firing, Resolved, NoData, Error };

// What one rule is evaluated against: a service (instance empty) or one instance of it.
struct AlertTarget
{
    QString service;
    QString instance;

    bool operator==(const AlertTarget &other) const = default;
};

// One transition of one alert (a rule applied to one target). The UI, the history and the webhook all get
// the same value.
struct AlertEvent
{
    QString ruleName;
    QString service;
    QString instance;
    AlertState from = AlertState::Inactive;
    AlertState to = AlertState::Inactive;
    qint64 timestampMs = 0;
    qint64 activeSinceMs = 0; // when the condition started to hold (the pending transition)
    std::optional<double> value;
    double threshold = 0;
    Severity severity = Severity::Warning;
    QMap<QString, QString> labels; // rule labels + alertname, severity, service, instance
    QMap<QString, QString> annotations; // placeholders already filled in
    bool silenced = false;
    // Why the transition happened when the value alone does not say: "deregistered" (the registry no longer
    // lists the instance), "scrape failing", "no data". Empty otherwise.
    QString reason;

    // Identifies the alert across transitions: the rule and its target.
    QString fingerprint() const;

    QJsonObject toJson() const;
    static std::optional<AlertEvent> fromJson(const QJsonObject &object);
};
Q_DECLARE_METATYPE(AlertEvent)

// The current state of one alert.
struct AlertStatus
{
    QString ruleName;
    AlertTarget target;
    AlertState state = AlertState::Inactive;
    qint64 sinceMs = 0; // when the current state was entered
    qint64 activeSinceMs = 0; // when the condition started to hold, while pending or firing
    std::optional<double> lastValue;
    // The alert was firing when its data went missing (NoData / Error): it goes back to firing, not to
    // pending, when the condition still holds once data returns, and resolves when it does not.
    bool firingBeforeGap = false;
    // The active silence covering this alert, filled in by the engine (the evaluator knows nothing of silences).
    std::optional<Silence> silence;

    // Counted and announced as firing: firing and not silenced.
    bool isFiringUnsilenced() const { return state == AlertState::Firing && !silence; }
};

namespace AlertStates {
QString name(AlertState state); // "inactive", "pending", "firing", "resolved", "nodata", "error"
std::optional<AlertState> fromName(const QString &name);
} // namespace AlertStates
