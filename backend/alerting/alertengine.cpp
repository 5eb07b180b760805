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
    m_timer->setTimerType(Qt::CoarseTimer);
    connect(m_timer, &QTimer::timeout, this, &AlertEngine::evaluateNow);
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
    publish(m_evaluator.setRules(rules, now()), now());
    if (!m_history.open(&message))
        problems << message;
    else if (m_history.skippedLines() > 0)
        log->warn("{} unreadable line(s) dropped from the alert history", m_history.skippedLines());
    if (const int restored = m_evaluator.restoreFiring(m_history.events()); restored > 0)
        log->info("{} alert(s) still firing from before the restart", restored);
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
}

bool AlertEngine::isRunning() const
{
    return m_timer->isActive();
}

void AlertEngine::evaluateNow()
{
    const auto nowMs = now();
    if (m_silences.pruneExpired(nowMs) > 0)
        Q_EMIT silencesChanged();
    publish(m_evaluator.evaluate(nowMs), nowMs);
    releaseUnsilenced(nowMs);
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
        if (event.to == AlertState::Firing) {
            log->warn("alert {} firing{}", event.fingerprint().toStdString(), event.silenced ? " (silenced)" : "");
            if (event.silenced)
                m_heldBack.insert(event.fingerprint(), event);
            else
                notify(event);
        } else if (event.to == AlertState::Resolved && event.from == AlertState::Firing) {
            log->info("alert {} resolved{}", event.fingerprint().toStdString(), event.silenced ? " (silenced)" : "");
            // Nobody heard it fire, so nobody needs to hear it resolve.
            const bool wasAnnounced = m_heldBack.remove(event.fingerprint()) == 0;
            if (!event.silenced && wasAnnounced)
                notify(event);
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
        notify(event);
    }
}

QString AlertEngine::addSilence(const Silence &silence, QString *error)
{
    const auto id = m_silences.add(silence, error);
    if (!id.isEmpty())
        Q_EMIT silencesChanged();
    return id;
}

bool AlertEngine::expireSilence(const QString &id, QString *error)
{
    if (!m_silences.expire(id, now(), error))
        return false;
    Q_EMIT silencesChanged();
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
