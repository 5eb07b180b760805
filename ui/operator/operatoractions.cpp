#include "operatoractions.h"

#include "client/registryclient.h"
#include "common/confirmation.h"
#include "faultdialog.h"
#include "runtime/fleet.h"
#include "runtime/monitor.h"
#include "runtime/operatorevents.h"

#include <algorithm>
#include <QDateTime>
#include <QTimer>
#include <QWidget>

namespace {

// "cart-12" → 12, to pick the newest instance of a service; 0 when the id has no number.
int instanceNumber(const QString &id)
{
    const auto dash = id.lastIndexOf(QLatin1Char('-'));
    return dash < 0 ? 0 : id.mid(dash + 1).toInt();
}

} // namespace

OperatorActions::OperatorActions(Monitor *monitor, Fleet *fleet, QWidget *dialogParent, QObject *parent)
    : QObject(parent)
    , m_monitor(monitor)
    , m_fleet(fleet)
    , m_dialogParent(dialogParent)
    , m_registry(monitor->options().registryUrl.isValid()
              ? new RegistryClient(monitor->options().registryUrl, monitor->options().accessToken, this)
              : nullptr)
    , m_expiry(new QTimer(this))
{
    m_expiry->setInterval(1000);
    connect(m_expiry, &QTimer::timeout, this, &OperatorActions::checkExpiry);
}

void OperatorActions::request(TopologyView::InstanceAction action, const QString &service, const QString &instanceId)
{
    QString error;
    bool ok = true;
    switch (action) {
    case TopologyView::InstanceAction::Kill:
        requestKill(service, instanceId);
        return;
    case TopologyView::InstanceAction::InjectFault:
        requestFault(service, instanceId);
        return;
    case TopologyView::InstanceAction::Drain:
    case TopologyView::InstanceAction::Undrain:
        setDrained(service, instanceId, action == TopologyView::InstanceAction::Drain);
        return;
    case TopologyView::InstanceAction::Restart:
        ok = restart(instanceId, &error);
        break;
    case TopologyView::InstanceAction::ScaleUp:
        ok = scaleUp(service, &error);
        break;
    case TopologyView::InstanceAction::ScaleDown:
        ok = scaleDown(service, &error);
        break;
    case TopologyView::InstanceAction::ClearFaults:
        ok = clearFaults(service, instanceId, &error);
        break;
    }
    if (!ok)
        Q_EMIT message(error, true);
}

void OperatorActions::requestKill(const QString &service, const QString &instanceId)
{
    Q_UNUSED(service)
    auto *host = m_fleet ? m_fleet->host(instanceId) : nullptr;
    if (!host || !host->isRunning()) {
        QString error;
        kill(instanceId, &error); // explains why not
        Q_EMIT message(error, true);
        return;
    }
    Confirmation::ask(m_dialogParent, QStringLiteral("confirmKill"), tr("Kill Instance"),
        tr("Kill %1?\n\nIt stops at once, like a crashed process: requests in flight fail, and the registry "
           "keeps it until its lease expires. Restart brings it back on the same port.")
            .arg(instanceId),
        tr("Kill"), [this, instanceId] {
            QString error;
            if (!kill(instanceId, &error))
                Q_EMIT message(error, true);
        });
}

void OperatorActions::requestFault(const QString &service, const QString &instanceId)
{
    if (!m_fleet) {
        Q_EMIT message(tr("This console watches an external fleet; it cannot control its instances."), true);
        return;
    }
    const auto count = int(m_fleet->hostsOf(service).size());
    auto *dialog = new FaultDialog(service, instanceId, count, m_dialogParent);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, [this, dialog] {
        QString error;
        if (!injectFault(dialog->service(), dialog->instanceId(), dialog->request(), &error))
            Q_EMIT message(error, true);
    });
    dialog->open();
}

bool OperatorActions::fail(QString *error, const QString &text) const
{
    if (error)
        *error = text;
    return false;
}

void OperatorActions::record(const QString &action, const QString &service, const QString &target,
    const QString &detail, bool ok, const QString &error)
{
    OperatorEvent event;
    event.action = action;
    event.service = service;
    event.target = target;
    event.detail = detail;
    event.ok = ok;
    event.error = error;
    if (auto *events = m_monitor ? m_monitor->operatorEvents() : nullptr)
        events->record(event);
}

bool OperatorActions::kill(const QString &instanceId, QString *error)
{
    if (!m_fleet)
        return fail(error, tr("This console watches an external fleet; it cannot control its instances."));
    auto *host = m_fleet->host(instanceId);
    if (!host)
        return fail(error, tr("%1 is not part of the embedded fleet").arg(instanceId));
    if (!host->isRunning())
        return fail(error, tr("%1 is not running").arg(instanceId));
    if (m_operations.contains(instanceId))
        return fail(error, tr("%1 is %2 already").arg(instanceId, m_operations.value(instanceId)));
    host->kill();
    m_injected.remove(instanceId);
    record(QStringLiteral("kill"), host->serviceName(), instanceId, {});
    Q_EMIT message(tr("%1 killed").arg(instanceId), false);
    Q_EMIT faultsChanged();
    return true;
}

bool OperatorActions::restart(const QString &instanceId, QString *error)
{
    if (!m_fleet)
        return fail(error, tr("This console watches an external fleet; it cannot control its instances."));
    auto *host = m_fleet->host(instanceId);
    if (!host)
        return fail(error, tr("%1 is not part of the embedded fleet").arg(instanceId));
    if (m_operations.contains(instanceId))
        return fail(error, tr("%1 is %2 already").arg(instanceId, m_operations.value(instanceId)));
    if (!host->isRunning()) {
        startAgain(host, QStringLiteral("start"));
        return true;
    }
    // Graceful: the instance answers what it has in flight (up to its drain timeout) while the console goes
    // on; it starts again once it is gone.
    setOperation(instanceId, tr("restarting"));
    host->requestStop([self = QPointer(this), host] {
        if (self)
            self->startAgain(host, QStringLiteral("restart"));
    });
    Q_EMIT message(tr("%1 restarting: draining…").arg(instanceId), false);
    return true;
}

void OperatorActions::startAgain(ServiceHost *host, const QString &action)
{
    const auto instanceId = host->instanceId();
    setOperation(instanceId, {});
    QString startError;
    const bool ok = host->start(&startError);
    m_injected.remove(instanceId);
    m_scaledDown.remove(instanceId);
    record(action, host->serviceName(), instanceId, ok ? QStringLiteral("port %1").arg(host->port()) : QString(), ok,
        startError);
    Q_EMIT faultsChanged(); // a fresh instance starts without faults
    if (ok)
        Q_EMIT message(tr("%1 running again on port %2").arg(instanceId).arg(host->port()), false);
    else
        Q_EMIT message(startError, true);
}

void OperatorActions::setOperation(const QString &instanceId, const QString &word)
{
    if (word.isEmpty() ? m_operations.remove(instanceId) == 0 : m_operations.value(instanceId) == word)
        return;
    if (!word.isEmpty())
        m_operations.insert(instanceId, word);
    Q_EMIT operationsChanged();
}

void OperatorActions::setDrained(const QString &service, const QString &instanceId, bool drained)
{
    // Draining keeps the instance registered and running but takes it out of discovery, so clients stop
    // sending it new work; undrain puts it back. Every drain of the console comes through here (graph,
    // Details, the Registry dock), so each is recorded once, the same way.
    if (!m_registry) {
        Q_EMIT message(tr("No registry: nothing to drain %1 from").arg(instanceId), true);
        Q_EMIT drainFinished(instanceId, drained, false, tr("no registry"));
        return;
    }
    m_registry->setDrained(instanceId, drained, this, [this, service, instanceId, drained](const Reply<bool> &reply) {
        const bool ok = reply.decoded;
        const auto why = ok ? QString() : reply.errorText();
        record(drained ? QStringLiteral("drain") : QStringLiteral("undrain"), service, instanceId, {}, ok, why);
        if (ok)
            Q_EMIT message(drained ? tr("%1 drained: out of discovery, still running").arg(instanceId)
                                   : tr("%1 is back in service").arg(instanceId),
                false);
        else
            Q_EMIT message(drained ? tr("Drain of %1 failed (%2)").arg(instanceId, why)
                                   : tr("Undrain of %1 failed (%2)").arg(instanceId, why),
                true);
        Q_EMIT drainFinished(instanceId, drained, ok, why);
    });
}

bool OperatorActions::scaleUp(const QString &service, QString *error)
{
    if (!m_fleet)
        return fail(error, tr("This console watches an external fleet; it cannot control its instances."));
    const auto existing = m_fleet->hostsOf(service);
    if (existing.isEmpty())
        return fail(error, tr("%1 is not part of the embedded fleet").arg(service));
    // An instance scaled down before comes back first (same id, same port).
    for (auto *host : existing) {
        if (m_operations.contains(host->instanceId()))
            return fail(error,
                tr("%1 is %2; try again when it is done")
                    .arg(host->instanceId(), m_operations.value(host->instanceId())));
    }
    for (auto *host : existing) {
        if (!host->isRunning() && m_scaledDown.contains(host->instanceId())) {
            QString startError;
            if (!host->start(&startError))
                return fail(error, startError);
            m_scaledDown.remove(host->instanceId());
            record(
                QStringLiteral("scale-up"), service, host->instanceId(), QStringLiteral("port %1").arg(host->port()));
            return true;
        }
    }
    auto config = existing.first()->config();
    config.port = 0;
    int next = int(existing.size()) + 1;
    while (m_fleet->host(QStringLiteral("%1-%2").arg(service).arg(next)))
        ++next;
    config.instanceId = QStringLiteral("%1-%2").arg(service).arg(next);
    auto *host = m_fleet->add(config, existing.first()->factory());
    QString startError;
    const bool ok = host->start(&startError);
    record(QStringLiteral("scale-up"), service, config.instanceId,
        ok ? QStringLiteral("port %1").arg(host->port()) : QString(), ok, startError);
    return ok || fail(error, startError);
}

bool OperatorActions::scaleDown(const QString &service, QString *error)
{
    if (!m_fleet)
        return fail(error, tr("This console watches an external fleet; it cannot control its instances."));
    QList<ServiceHost *> running;
    for (auto *host : m_fleet->hostsOf(service)) {
        if (host->isRunning())
            running.append(host);
    }
    if (running.size() < 2)
        return fail(error, tr("%1 keeps at least one instance; kill it instead to stop the service").arg(service));
    // The newest instance goes, gracefully: it answers what it has in flight and deregisters.
    auto *host = *std::max_element(running.cbegin(), running.cend(), [](ServiceHost *a, ServiceHost *b) {
        return instanceNumber(a->instanceId()) < instanceNumber(b->instanceId());
    });
    const auto id = host->instanceId();
    if (m_operations.contains(id))
        return fail(error, tr("%1 is %2 already").arg(id, m_operations.value(id)));
    m_monitor->forgetWhenDeregistered(service, id);
    m_scaledDown.insert(id);
    m_injected.remove(id);
    setOperation(id, tr("stopping"));
    // It drains on its own thread; the console does not wait.
    host->requestStop([self = QPointer(this), service, id] {
        if (!self)
            return;
        self->setOperation(id, {});
        self->record(QStringLiteral("scale-down"), service, id, {});
        Q_EMIT self->message(tr("%1 scaled down: %2 stopped").arg(service, id), false);
    });
    Q_EMIT faultsChanged();
    return true;
}

bool OperatorActions::injectFault(
    const QString &service, const QString &instanceId, const FaultRequest &request, QString *error)
{
    if (!m_fleet)
        return fail(error, tr("This console watches an external fleet; it cannot control its instances."));
    QList<ServiceHost *> targets;
    if (request.wholeService || instanceId.isEmpty()) {
        for (auto *host : m_fleet->hostsOf(service)) {
            if (host->isRunning())
                targets.append(host);
        }
    } else if (auto *host = m_fleet->host(instanceId); host && host->isRunning()) {
        targets.append(host);
    }
    if (targets.isEmpty())
        return fail(error, tr("No running instance of %1 to inject a fault into").arg(service));
    FaultInjection faults = request.faults;
    faults.untilMs = request.durationMs > 0 ? QDateTime::currentMSecsSinceEpoch() + request.durationMs : 0;
    for (auto *host : std::as_const(targets)) {
        host->setFaults(faults);
        m_injected.insert(host->instanceId(), faults);
    }
    const bool whole = request.wholeService || instanceId.isEmpty();
    record(QStringLiteral("fault-set"), service, whole ? QString() : instanceId, describe(faults));
    m_expiry->start();
    Q_EMIT faultsChanged();
    return true;
}

bool OperatorActions::clearFaults(const QString &service, const QString &instanceId, QString *error)
{
    if (!m_fleet)
        return fail(error, tr("This console watches an external fleet; it cannot control its instances."));
    const auto hosts
        = instanceId.isEmpty() ? m_fleet->hostsOf(service) : QList<ServiceHost *> { m_fleet->host(instanceId) };
    int cleared = 0;
    for (auto *host : hosts) {
        if (!host || !host->faults().active())
            continue;
        host->setFaults({});
        m_injected.remove(host->instanceId());
        ++cleared;
    }
    if (cleared == 0)
        return fail(error, tr("No fault is in force on %1").arg(instanceId.isEmpty() ? service : instanceId));
    record(QStringLiteral("fault-cleared"), service, instanceId, {});
    Q_EMIT faultsChanged();
    return true;
}

QList<OperatorActions::ActiveFault> OperatorActions::activeFaults() const
{
    QList<ActiveFault> faults;
    if (!m_fleet)
        return faults;
    for (auto *host : m_fleet->hosts()) {
        if (host->isRunning() && host->faults().active())
            faults.append({ host->serviceName(), host->instanceId(), host->faults() });
    }
    return faults;
}

QHash<QString, QString> OperatorActions::activeFaultTexts() const
{
    QHash<QString, QString> texts;
    for (const auto &fault : activeFaults())
        texts.insert(fault.instance, describe(fault.faults));
    return texts;
}

QString OperatorActions::describe(const FaultInjection &faults)
{
    QStringList parts;
    if (faults.errorRatio > 0)
        parts << tr("%1 % errors").arg(faults.errorRatio * 100, 0, 'f', faults.errorRatio * 100 < 1 ? 1 : 0);
    if (faults.extraLatencyMs > 0)
        parts << tr("+%1 ms").arg(faults.extraLatencyMs);
    if (faults.dropHeartbeats)
        parts << tr("no heartbeats");
    const QString what = parts.join(QStringLiteral(", "));
    if (faults.untilMs <= 0)
        return tr("%1, until cleared").arg(what);
    return tr("%1, until %2")
        .arg(what, QDateTime::fromMSecsSinceEpoch(faults.untilMs).toString(QStringLiteral("HH:mm:ss")));
}

void OperatorActions::checkExpiry()
{
    bool changed = false;
    for (auto it = m_injected.begin(); it != m_injected.end();) {
        auto *host = m_fleet ? m_fleet->host(it.key()) : nullptr;
        if (host && host->isRunning() && host->faults().active()) {
            ++it;
            continue;
        }
        if (host)
            record(QStringLiteral("fault-expired"), host->serviceName(), it.key(), describe(it.value()));
        it = m_injected.erase(it);
        changed = true;
    }
    if (m_injected.isEmpty())
        m_expiry->stop();
    if (changed)
        Q_EMIT faultsChanged();
}
