#include "alertevaluator.h"

#include "telemetry/metricquery.h"

#include <QSet>

AlertEvent makeAlertEvent(const AlertRule &rule, const AlertStatus &status, AlertState from, AlertState to,
    qint64 nowMs, const QString &reason)
{
    AlertEvent event;
    event.reason = reason;
    event.ruleName = rule.name;
    event.service = status.target.service;
    event.instance = status.target.instance;
    event.from = from;
    event.to = to;
    event.timestampMs = nowMs;
    event.activeSinceMs = status.activeSinceMs;
    event.value = status.lastValue;
    event.threshold = rule.threshold;
    event.severity = rule.severity;
    event.labels = rule.labels;
    event.labels.insert(QStringLiteral("alertname"), rule.name);
    event.labels.insert(QStringLiteral("severity"), AlertRules::severityName(rule.severity));
    if (!event.service.isEmpty())
        event.labels.insert(QStringLiteral("service"), event.service);
    if (!event.instance.isEmpty())
        event.labels.insert(QStringLiteral("instance"), event.instance);
    for (auto it = rule.annotations.cbegin(); it != rule.annotations.cend(); ++it)
        event.annotations.insert(it.key(),
            AlertRules::renderTemplate(
                it.value(), event.service, event.instance, status.lastValue.value_or(qQNaN()), rule.threshold));
    return event;
}

AlertEvaluator::AlertEvaluator(const MetricQuery *query)
    : m_query(query)
{ }

QString AlertEvaluator::key(const QString &rule, const AlertTarget &target)
{
    return rule + QChar(0x1f) + target.service + QChar(0x1f) + target.instance;
}

QList<AlertTarget> AlertEvaluator::targetsFor(const AlertRule &rule, const QList<AlertTarget> &known)
{
    const auto &metric = rule.metric;
    if (!metric.instance.isEmpty())
        return { { metric.service, metric.instance } };
    QList<AlertTarget> targets;
    QSet<QString> services;
    for (const auto &target : known) {
        if (!metric.service.isEmpty() && target.service != metric.service)
            continue;
        if (rule.perInstance) {
            if (!target.instance.isEmpty() && !targets.contains(target))
                targets << target;
        } else if (!services.contains(target.service)) {
            services.insert(target.service);
            targets << AlertTarget { target.service, {} };
        }
    }
    // A rule pinned to a service is evaluated even before anything is known about it: no data is an
    // answer too (and an "instances up" rule must see a service that vanished).
    if (!rule.perInstance && !metric.service.isEmpty() && targets.isEmpty())
        targets << AlertTarget { metric.service, {} };
    return targets;
}

QList<AlertEvent> AlertEvaluator::setRules(const QList<AlertRule> &rules, qint64 nowMs)
{
    QList<AlertEvent> events;
    QHash<QString, const AlertRule *> kept;
    for (const auto &rule : rules) {
        const auto old
            = std::find_if(m_rules.cbegin(), m_rules.cend(), [&](const AlertRule &r) { return r.name == rule.name; });
        if (old != m_rules.cend() && *old == rule && rule.enabled)
            kept.insert(rule.name, &rule);
    }
    for (auto it = m_order.begin(); it != m_order.end();) {
        auto &entry = m_entries[*it];
        if (kept.contains(entry.status.ruleName)) {
            ++it;
            continue;
        }
        const auto old = std::find_if(
            m_rules.cbegin(), m_rules.cend(), [&](const AlertRule &r) { return r.name == entry.status.ruleName; });
        if (old != m_rules.cend() && (entry.status.state == AlertState::Firing || entry.status.firingBeforeGap))
            events << makeAlertEvent(*old, entry.status, entry.status.state, AlertState::Resolved, nowMs);
        m_entries.remove(*it);
        it = m_order.erase(it);
    }
    m_rules = rules;
    return events;
}

int AlertEvaluator::restoreFiring(const QList<AlertEvent> &history)
{
    QHash<QString, const AlertEvent *> last; // by fingerprint
    for (const auto &event : history)
        last.insert(event.fingerprint(), &event);
    int restored = 0;
    for (const auto &event : history) {
        if (last.value(event.fingerprint()) != &event || event.to != AlertState::Firing)
            continue;
        const auto rule = std::find_if(m_rules.cbegin(), m_rules.cend(),
            [&](const AlertRule &r) { return r.name == event.ruleName && r.enabled; });
        const AlertTarget target { event.service, event.instance };
        const auto entryKey = key(event.ruleName, target);
        if (rule == m_rules.cend() || m_entries.contains(entryKey))
            continue;
        Entry entry;
        entry.status.ruleName = event.ruleName;
        entry.status.target = target;
        entry.status.state = AlertState::Firing;
        entry.status.sinceMs = event.timestampMs;
        entry.status.activeSinceMs = event.activeSinceMs;
        entry.status.lastValue = event.value;
        entry.unlistedGraceUntilMs = 0; // starts at the first evaluation
        m_entries.insert(entryKey, entry);
        m_order << entryKey;
        ++restored;
    }
    return restored;
}

QList<AlertEvent> AlertEvaluator::evaluate(qint64 nowMs)
{
    return evaluateWith(nowMs, m_query, knownTargets());
}

QList<AlertEvent> AlertEvaluator::evaluate(qint64 nowMs, const MetricQuery &readings, const QList<AlertTarget> &known)
{
    return evaluateWith(nowMs, &readings, known);
}

QList<AlertEvent> AlertEvaluator::evaluateWith(qint64 nowMs, const MetricQuery *query, const QList<AlertTarget> &known)
{
    QList<AlertEvent> events;
    for (auto &entry : m_entries)
        entry.seen = false;
    for (const auto &rule : std::as_const(m_rules)) {
        if (!rule.enabled)
            continue;
        for (const auto &target : targetsFor(rule, known)) {
            const auto entryKey = key(rule.name, target);
            auto it = m_entries.find(entryKey);
            if (it == m_entries.end()) {
                Entry fresh;
                fresh.status.ruleName = rule.name;
                fresh.status.target = target;
                fresh.status.sinceMs = nowMs;
                it = m_entries.insert(entryKey, fresh);
                m_order << entryKey;
            }
            MetricSelector selector = rule.metric;
            selector.service = target.service;
            selector.instance = target.instance;
            auto value = query ? query->evaluate(selector, nowMs) : std::nullopt;
            it->seen = true;
            // No instance answering is an answer: zero instances up (the Prometheus export says the same
            // with "or vector(0)"). Only while the targets are the current ones, see setTargetsAreCurrent().
            if (!value && rule.metric.kind == MetricKind::InstancesUp && query
                && (m_targetsAreCurrent || target.instance.isEmpty()))
                value = 0.0;
            if (value)
                step(rule, *it, Reading { value, rule.matches(*value), rule.stillFiring(*value) }, nowMs, &events);
            else
                stepWithoutData(rule, *it, query, selector, nowMs, &events);
        }
    }
    // Targets that are no longer listed (an instance deregistered or scaled away): their alerts end.
    for (auto it = m_order.begin(); it != m_order.end();) {
        auto &entry = m_entries[*it];
        if (entry.seen) {
            entry.unlistedGraceUntilMs = -1;
            ++it;
            continue;
        }
        // Taken up after a restart, before discovery has answered: unlisted is not known to be gone yet.
        if (entry.unlistedGraceUntilMs == 0)
            entry.unlistedGraceUntilMs = nowMs + kRestoredGraceMs;
        if (nowMs < entry.unlistedGraceUntilMs) {
            ++it;
            continue;
        }
        const auto rule = std::find_if(
            m_rules.cbegin(), m_rules.cend(), [&](const AlertRule &r) { return r.name == entry.status.ruleName; });
        if (rule != m_rules.cend())
            endForGoneTarget(*rule, entry, nowMs, &events);
        m_entries.remove(*it);
        it = m_order.erase(it);
    }
    return events;
}

void AlertEvaluator::stepWithoutData(const AlertRule &rule, Entry &entry, const MetricQuery *query,
    const MetricSelector &selector, qint64 nowMs, QList<AlertEvent> *events) const
{
    switch (rule.noData) {
    case NoDataPolicy::Alerting:
        step(rule, entry, Reading { std::nullopt, true, true }, nowMs, events);
        return;
    case NoDataPolicy::Ok:
        step(rule, entry, Reading { std::nullopt, false, false }, nowMs, events);
        return;
    case NoDataPolicy::KeepLast:
        return; // state and last value stay as they were
    case NoDataPolicy::NoData:
        break;
    }
    // Error when the target is known to the scraper but none of its instances answered within the window:
    // the data is missing because scrapes fail, not because there was nothing to measure.
    MetricSelector up = selector;
    up.kind = MetricKind::InstancesUp;
    const auto answering = query ? query->evaluate(up, nowMs) : std::nullopt;
    const bool scrapeFailing = !query || (answering && *answering < 1);
    const auto to = scrapeFailing ? AlertState::Error : AlertState::NoData;
    auto &status = entry.status;
    status.lastValue.reset();
    if (status.state == to)
        return;
    if (status.state == AlertState::Firing)
        status.firingBeforeGap = true;
    transition(
        rule, entry, to, nowMs, events, scrapeFailing ? QStringLiteral("scrape failing") : QStringLiteral("no data"));
}

void AlertEvaluator::endForGoneTarget(const AlertRule &rule, Entry &entry, qint64 nowMs, QList<AlertEvent> *events)
{
    auto &status = entry.status;
    if (status.state == AlertState::Firing || status.firingBeforeGap) {
        status.firingBeforeGap = false;
        transition(rule, entry, AlertState::Resolved, nowMs, events, QStringLiteral("deregistered"));
    } else if (status.state == AlertState::Pending) {
        transition(rule, entry, AlertState::Inactive, nowMs, events, QStringLiteral("deregistered"));
    }
}

void AlertEvaluator::step(
    const AlertRule &rule, Entry &entry, const Reading &reading, qint64 nowMs, QList<AlertEvent> *events) const
{
    auto &status = entry.status;
    status.lastValue = reading.value;
    const bool holds = reading.holds;
    switch (status.state) {
    case AlertState::Inactive:
    case AlertState::Resolved:
        if (holds) {
            status.activeSinceMs = nowMs;
            transition(rule, entry, AlertState::Pending, nowMs, events);
            if (rule.forMs <= 0)
                transition(rule, entry, AlertState::Firing, nowMs, events);
        } else if (status.state == AlertState::Resolved) {
            transition(rule, entry, AlertState::Inactive, nowMs, events);
        }
        break;
    case AlertState::Pending:
        if (!holds)
            transition(rule, entry, AlertState::Inactive, nowMs, events);
        else if (nowMs - status.activeSinceMs >= rule.forMs)
            transition(rule, entry, AlertState::Firing, nowMs, events);
        break;
    case AlertState::Firing:
        if (!reading.stillFiring)
            transition(rule, entry, AlertState::Resolved, nowMs, events);
        break;
    case AlertState::NoData:
    case AlertState::Error:
        // Data is back. An alert that fired before the gap continues (or resolves) from where it was; any
        // other starts over, as from inactive.
        if (status.firingBeforeGap) {
            status.firingBeforeGap = false;
            transition(rule, entry, reading.stillFiring ? AlertState::Firing : AlertState::Resolved, nowMs, events);
        } else if (holds) {
            status.activeSinceMs = nowMs;
            transition(rule, entry, AlertState::Pending, nowMs, events);
            if (rule.forMs <= 0)
                transition(rule, entry, AlertState::Firing, nowMs, events);
        } else {
            transition(rule, entry, AlertState::Inactive, nowMs, events);
        }
        break;
    }
}

void AlertEvaluator::transition(
    const AlertRule &rule, Entry &entry, AlertState to, qint64 nowMs, QList<AlertEvent> *events, const QString &reason)
{
    const auto from = entry.status.state;
    entry.status.state = to;
    entry.status.sinceMs = nowMs;
    const auto isGap = [](AlertState state) { return state == AlertState::NoData || state == AlertState::Error; };
    bool quiet = false;
    if (isGap(to))
        quiet = isGap(from) ? !entry.gapRecorded : from == AlertState::Inactive;
    else if (isGap(from) && to == AlertState::Inactive)
        quiet = !entry.gapRecorded;
    if (isGap(to))
        entry.gapRecorded = !quiet;
    if (!quiet)
        events->append(makeAlertEvent(rule, entry.status, from, to, nowMs, reason));
    if (to == AlertState::Inactive)
        entry.status.activeSinceMs = 0;
}

QList<AlertStatus> AlertEvaluator::statuses() const
{
    QList<AlertStatus> result;
    for (const auto &entryKey : m_order)
        result << m_entries.value(entryKey).status;
    return result;
}
