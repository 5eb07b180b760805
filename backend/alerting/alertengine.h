#pragma once

#include "alertevaluator.h"
#include "alerthistory.h"
#include "backtest.h"
#include "core/latestonly.h"
#include "readingsnapshot.h"
#include "silence.h"
#include "webhooknotifier.h"

#include <functional>
#include <memory>
#include <QObject>
#include <QSet>

class MetricQuery;
class QTimer;

// Everything about alerts in one facade: the rules (alert-rules.json in the data dir; the default set
// when that file is absent), their evaluation every second, the transition history, silences and
// notifications. Lives on one thread (normally the GUI thread); the timer's rounds read the metric query on a worker
// thread, so it must be thread safe (the time-series store is).
//
// Notifications: alertTransition for every change (for tables), alertFiring / alertResolved only for
// alerts no silence covers (for the tray message and the webhook). An alert that started firing under a
// silence is announced when the silence ends if it still fires; its resolution is announced only if its
// firing was. An alert is announced firing once: a gap in its data (NoData, Error) and its return to firing
// announce nothing, since the alert never stopped being a problem.
//
// Silences are created, edited and expired here, and each such operator action is signalled once
// (silenceAction) with who did it, for whoever records operator events.
class AlertEngine : public QObject
{
    Q_OBJECT
public:
    using Clock = std::function<qint64()>; // milliseconds since the epoch

    AlertEngine(const QString &dataDir, const MetricQuery *query, QObject *parent = nullptr);
    ~AlertEngine() override;

    void setClock(Clock clock) { m_clock = std::move(clock); }
    void setTargetProvider(AlertEvaluator::TargetProvider provider);
    // The rules used when the data dir has no rule file yet (DefaultRules::create() unless set).
    void setDefaultRules(QList<AlertRule> rules) { m_defaults = std::move(rules); }

    // Loads rules, history and silences. A missing rule file means the defaults, which are then written.
    // An invalid rule file is reported and left alone (the defaults run until the rules are saved).
    bool load(QString *error = nullptr);

    const QList<AlertRule> &rules() const { return m_evaluator.rules(); }
    // Validates and persists the whole set first; nothing changes when that fails.
    bool setRules(const QList<AlertRule> &rules, QString *error = nullptr);
    bool upsertRule(const AlertRule &rule, QString *error = nullptr);
    bool removeRule(const QString &name, QString *error = nullptr);

    // Evaluation every intervalMs on a timer: the metrics are read on a worker thread (ReadingSnapshot) and the
    // states move here when the readings are in. evaluateNow() runs one round at the clock's time, at once.
    void start(int intervalMs = 1000);
    void stop();
    bool isRunning() const;
    void evaluateNow();

    // Every alert's state; those an active silence covers carry it (AlertStatus::silence).
    QList<AlertStatus> statuses() const;
    // Alerts firing and not silenced: what the status bar, the banner and the tray count.
    int firingCount() const;
    const AlertHistory &history() const { return m_history; }

    // Creates a silence (a new id) or, when its id is known, replaces that silence (an edit). author is who
    // did it (the silence's createdBy is set to it when empty). Returns the id, or empty with error set.
    QString addSilence(const Silence &silence, QString *error = nullptr, const QString &author = {});
    bool expireSilence(const QString &id, QString *error = nullptr, const QString &author = {});
    const QList<Silence> &silences() const { return m_silences.all(); }

    // Posts unsilenced firing/resolved alerts to a URL; an empty URL turns the webhook off.
    void setWebhook(const WebhookOptions &options);
    WebhookNotifier *webhook() const { return m_webhook.get(); }

    // When would this rule have fired over [fromMs, toMs]? Uses the current targets.
    std::optional<BacktestResult> backtest(
        const AlertRule &rule, qint64 fromMs, qint64 toMs, qint64 stepMs, QString *error = nullptr) const;

    QString rulesPath() const;

Q_SIGNALS:
    void alertTransition(const AlertEvent &event);
    void alertFiring(const AlertEvent &event);
    void alertResolved(const AlertEvent &event);
    void rulesChanged();
    void silencesChanged();
    // One per operator action on a silence: created, edited or expired early, with who did it.
    void silenceAction(SilenceAction action, const Silence &silence, const QString &author);
    // After every evaluation round (states, "for" ages and silences may have moved).
    void evaluated();
    void persistenceError(const QString &message);

private:
    void evaluateInBackground();
    // One round at nowMs: against readings taken for it, or (null) against the query directly.
    void finishRound(qint64 nowMs, const ReadingSnapshot *readings);
    void publish(QList<AlertEvent> events, qint64 nowMs);
    void notify(const AlertEvent &event);
    void releaseUnsilenced(qint64 nowMs);
    qint64 now() const { return m_clock(); }

    QString m_dataDir;
    const MetricQuery *m_query;
    Clock m_clock;
    AlertEvaluator::TargetProvider m_targets;
    AlertEvaluator m_evaluator;
    AlertHistory m_history;
    SilenceStore m_silences;
    QList<AlertRule> m_defaults;
    QTimer *m_timer;
    std::unique_ptr<WebhookNotifier> m_webhook;
    // Firing alerts whose notification a silence held back: announced when the silence ends while they
    // still fire, forgotten when they resolve first.
    QHash<QString, AlertEvent> m_heldBack;
    // Fingerprints whose firing was announced and whose resolution has not been yet.
    QSet<QString> m_announced;
    LatestOnly<ReadingSnapshot> m_round; // last: waits for readings in flight before the rest goes
};
