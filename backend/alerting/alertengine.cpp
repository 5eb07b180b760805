#include "alertengine.h"

#include "core/logging.h"
#include "defaultrules.h"
#include "rulefile.h"

#include <QDateTime>
#include <QDir>
#include <QTimer>
#include <spdlog/spdlog.h>

AlertEngine::AlertEngine(const QString &dataDir, const MetricQuery *query, QObject *parent)
    : QObject(parent)
    , m_dataDir(dataDir)
    , m_query(query)
    , m_clock([] { return QDateTime::currentMSecsSinceEpoch(); })
    , m_evaluator(query)
    , m_history(QDir(dataDir).filePath(QStringLiteral("alert-history.jsonl")))
    , m_silences(QDir(dataDir).filePath(QStringLiteral("alert-silences.json")))
    , m_defaults(DefaultRules::create())
    , m_timer(new QTimer(this))
{
    qRegisterMetaType<AlertEvent>();
    qRegisterMetaType<AlertRule>();
    qRegisterMetaType<Silence>();
    qRegisterMetaType<SilenceAction>();
    m_timer->setTimerType(Qt::CoarseTimer);
    connect(m_timer, &QTimer::timeout, this, &AlertEngine::evaluateInBackground);
}

AlertEngine::~AlertEngine() = default;

QString AlertEngine::rulesPath() const
{
    return QDir(m_dataDir).filePath(RuleFile::defaultName());
}

void AlertEngine::setTargetProvider(AlertEvaluator::TargetProvider provider)
{
    m_targets = provider;
    m_evaluator.setTargetProvider(std::move(provider));
}

bool AlertEngine::load(QString *error)
{
    auto log = Logging::get("alerting");
    QStringList problems;
    QList<AlertRule> rules;
    QString message;
    switch (RuleFile::load(rulesPath(), &rules, &message)) {
    case RuleFile::LoadResult::Loaded:
        log->info("{} alert rule(s) loaded from {}", rules.size(), rulesPath().toStdString());
        break;
    case RuleFile::LoadResult::Missing:
        rules = m_defaults;
        if (!RuleFile::save(rulesPath(), rules, &message))
            problems << message;
        log->info("no rule file yet; {} default alert rule(s) written to {}", rules.size(), rulesPath().toStdString());
        break;
    case RuleFile::LoadResult::Invalid:
        // Leave the user's file alone: they can fix it by hand. Run with the defaults meanwhile.
        problems << message;
        rules = m_defaults;
        log->error("alert rules not loaded, running the defaults: {}", message.toStdString());
        break;
    }
    m_round.cancel(); // readings taken for the old rules would read as missing data for the new ones
    publish(m_evaluator.setRules(rules, now()), now());
    if (!m_history.open(&message))
        problems << message;
    else if (m_history.skippedLines() > 0)
        log->warn("{} unreadable line(s) dropped from the alert history", m_history.skippedLines());
    if (const int restored = m_evaluator.restoreFiring(m_history.events()); restored > 0)
        log->info("{} alert(s) still firing from before the restart", restored);
    // They were announced before the restart: their resolution is news, their firing is not.
    for (const auto &status : m_evaluator.statuses()) {
        if (status.state == AlertState::Firing)
            m_announced.insert(
                status.ruleName + QLatin1Char('/') + status.target.service + QLatin1Char('/') + status.target.instance);
    }
    if (!m_silences.load(&message))
        problems << message;
    Q_EMIT rulesChanged();
    Q_EMIT silencesChanged();
    if (!problems.isEmpty() && error)
        *error = problems.join(QStringLiteral("; "));
    return problems.isEmpty();
}

bool AlertEngine::setRules(const QList<AlertRule> &rules, QString *error)
{
    if (!RuleFile::save(rulesPath(), rules, error))
        return false;
    m_round.cancel(); // readings taken for the old rules would read as missing data for the new ones
    publish(m_evaluator.setRules(rules, now()), now());
    Q_EMIT rulesChanged();
    return true;
}

bool AlertEngine::upsertRule(const AlertRule &rule, QString *error)
{
    auto updated = rules();
    const auto it = std::find_if(updated.begin(), updated.end(), [&](const auto &r) { return r.name == rule.name; });
    if (it != updated.end())
        *it = rule;
    else
        updated << rule;
    return setRules(updated, error);
}

bool AlertEngine::removeRule(const QString &name, QString *error)
{
    auto updated = rules();
    const auto removed = updated.removeIf([&](const AlertRule &r) { return r.name == name; });
    if (removed == 0) {
        if (error)
            *error = QStringLiteral("no rule named %1").arg(name);
        return false;
    }
    return setRules(updated, error);
}

void AlertEngine::start(int intervalMs)
{
    m_timer->start(intervalMs);
}

void AlertEngine::stop()
{
    m_timer->stop();
    m_round.cancel();
}

bool AlertEngine::isRunning() const
{
    return m_timer->isActive();
}

void AlertEngine::evaluateNow()
{
    m_round.cancel(); // this round is newer than one in flight
    finishRound(now(), nullptr);
}

void AlertEngine::evaluateInBackground()
{
    if (!m_query) {
        evaluateNow();
        return;
    }
    // Reading the store is the slow part: it runs on a worker thread, and only the state machine (which
    // reads nothing but the readings) runs here.
    m_round.run([query = m_query, rules = m_evaluator.rules(), targets = m_evaluator.knownTargets(),
                    nowMs = now()] { return ReadingSnapshot::take(*query, rules, targets, nowMs); },
        [this](const ReadingSnapshot &readings) { finishRound(readings.atMs(), &readings); });
}

void AlertEngine::finishRound(qint64 nowMs, const ReadingSnapshot *readings)
{
    if (m_silences.pruneExpired(nowMs) > 0)
        Q_EMIT silencesChanged();
    publish(
        readings ? m_evaluator.evaluate(nowMs, *readings, readings->targets()) : m_evaluator.evaluate(nowMs), nowMs);
    releaseUnsilenced(nowMs);
    Q_EMIT evaluated();
}

QList<AlertStatus> AlertEngine::statuses() const
{
    auto result = m_evaluator.statuses();
    const auto nowMs = now();
    for (auto &status : result) {
        const auto rule = std::find_if(m_evaluator.rules().cbegin(), m_evaluator.rules().cend(),
            [&](const auto &r) { return r.name == status.ruleName; });
        if (rule == m_evaluator.rules().cend())
            continue;
        const auto labels = makeAlertEvent(*rule, status, status.state, status.state, nowMs).labels;
        status.silence = m_silences.silencing(labels, nowMs);
    }
    return result;
}

int AlertEngine::firingCount() const
{
    const auto all = statuses();
    return int(std::count_if(all.cbegin(), all.cend(), [](const AlertStatus &s) { return s.isFiringUnsilenced(); }));
}

void AlertEngine::publish(QList<AlertEvent> events, qint64 nowMs)
{
    auto log = Logging::get("alerting");
    for (auto &event : events) {
        const auto silence = m_silences.silencing(event.labels, nowMs);
        event.silenced = silence.has_value();
        QString error;
        if (!m_history.append(event, &error)) {
            log->error("{}", error.toStdString());
            Q_EMIT persistenceError(error);
        }
        Q_EMIT alertTransition(event);
        const auto fingerprint = event.fingerprint();
        // For the log: "InstanceDown on cart-2", as the operator reads it elsewhere.
        const std::string named = QString(
            event.ruleName + QStringLiteral(" on ") + (event.instance.isEmpty() ? event.service : event.instance))
                                      .toStdString();
        if (event.to == AlertState::Firing) {
            if (m_announced.contains(fingerprint) || m_heldBack.contains(fingerprint))
                continue; // back from a gap in its data: still the same alert, already told
            log->warn("alert {} firing{}", named, event.silenced ? " (silenced)" : "");
            if (event.silenced) {
                m_heldBack.insert(fingerprint, event);
            } else {
                m_announced.insert(fingerprint);
                notify(event);
            }
        } else if (event.to == AlertState::Resolved) {
            log->info("alert {} resolved{}{}", named, event.silenced ? " (silenced)" : "",
                event.reason.isEmpty() ? std::string() : " (" + event.reason.toStdString() + ")");
            // Nobody heard it fire, so nobody needs to hear it resolve.
            m_heldBack.remove(fingerprint);
            const bool wasAnnounced = m_announced.remove(fingerprint);
            if (!event.silenced && wasAnnounced)
                notify(event);
        } else if (event.to == AlertState::NoData || event.to == AlertState::Error) {
            log->warn("alert {}: {}", named, event.reason.toStdString());
        }
    }
}

void AlertEngine::notify(const AlertEvent &event)
{
    if (event.to == AlertState::Firing)
        Q_EMIT alertFiring(event);
    else
        Q_EMIT alertResolved(event);
    if (m_webhook)
        m_webhook->notify(event);
}

void AlertEngine::releaseUnsilenced(qint64 nowMs)
{
    for (auto it = m_heldBack.begin(); it != m_heldBack.end();) {
        if (m_silences.silencing(it->labels, nowMs)) {
            ++it;
            continue;
        }
        AlertEvent event = *it;
        it = m_heldBack.erase(it);
        event.from = AlertState::Firing;
        event.timestampMs = nowMs;
        event.silenced = false;
        m_announced.insert(event.fingerprint());
        notify(event);
    }
}

QString AlertEngine::addSilence(const Silence &silence, QString *error, const QString &author)
{
    const bool edit = !silence.id.isEmpty() && m_silences.find(silence.id);
    Silence stored = silence;
    if (stored.createdBy.isEmpty())
        stored.createdBy = author;
    const auto id = m_silences.add(stored, error);
    if (id.isEmpty())
        return id;
    stored.id = id;
    Q_EMIT silencesChanged();
    Q_EMIT silenceAction(edit ? SilenceAction::Edited : SilenceAction::Created, stored, author);
    return id;
}

bool AlertEngine::expireSilence(const QString &id, QString *error, const QString &author)
{
    if (!m_silences.expire(id, now(), error))
        return false;
    Q_EMIT silencesChanged();
    if (const auto expired = m_silences.find(id))
        Q_EMIT silenceAction(SilenceAction::Expired, *expired, author);
    return true;
}

void AlertEngine::setWebhook(const WebhookOptions &options)
{
    m_webhook.reset();
    if (options.url.isValid() && !options.url.isEmpty())
        m_webhook = std::make_unique<WebhookNotifier>(options);
}

std::optional<BacktestResult> AlertEngine::backtest(
    const AlertRule &rule, qint64 fromMs, qint64 toMs, qint64 stepMs, QString *error) const
{
    if (!m_query) {
        if (error)
            *error = QStringLiteral("no metric history to test against");
        return std::nullopt;
    }
    return Backtest::run(rule, *m_query, fromMs, toMs, stepMs, m_targets ? m_targets() : QList<AlertTarget> {}, error);
}
