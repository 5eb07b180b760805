#include "registrypanel.h"

#include "kveditor.h"
#include "paneltables.h"
#include "registryhttp.h"
#include "registryinstancemodel.h"

#include <QHeaderView>
#include <QJsonArray>
#include <QJsonObject>
#include <QLabel>
#include <QTableView>
#include <QTabWidget>
#include <QTime>
#include <QTimer>
#include <QToolBar>
#include <QVBoxLayout>

RegistryPanel::RegistryPanel(const QUrl &registryUrl, QWidget *parent)
    : QWidget(parent)
    , m_http(new RegistryHttp(registryUrl, this))
    , m_instances(new RegistryInstanceModel(this))
    , m_timer(new QTimer(this))
{
    setObjectName(QStringLiteral("registryPanel"));

    auto *instancesTab = new QWidget(this);
    auto *toolbar = new QToolBar(instancesTab);
    toolbar->setToolButtonStyle(Qt::ToolButtonTextOnly);
    m_drainAction = toolbar->addAction(tr("Drain"), this, [this] { setDrained(selectedInstance(), true); });
    m_drainAction->setObjectName(QStringLiteral("actionDrainInstance"));
    m_drainAction->setToolTip(tr("Take the selected instance out of discovery; it stays registered"));
    m_undrainAction = toolbar->addAction(tr("Undrain"), this, [this] { setDrained(selectedInstance(), false); });
    m_undrainAction->setObjectName(QStringLiteral("actionUndrainInstance"));
    m_undrainAction->setToolTip(tr("Put the selected instance back into discovery"));
    auto *reload = toolbar->addAction(tr("Refresh"), this, &RegistryPanel::refresh);
    reload->setObjectName(QStringLiteral("actionRefreshRegistry"));

    m_instanceView = PanelTables::makeTable(m_instances, QStringLiteral("registryInstanceView"), instancesTab);
    auto *header = m_instanceView->horizontalHeader();
    header->setSectionResizeMode(QHeaderView::ResizeToContents);
    header->setStretchLastSection(true);
    connect(
        m_instanceView->selectionModel(), &QItemSelectionModel::currentRowChanged, this, &RegistryPanel::updateActions);
    connect(m_instances, &QAbstractItemModel::dataChanged, this, &RegistryPanel::updateActions);

    auto *instancesLayout = new QVBoxLayout(instancesTab);
    instancesLayout->setContentsMargins(0, 0, 0, 0);
    instancesLayout->addWidget(toolbar);
    instancesLayout->addWidget(PanelTables::withEmptyState(m_instanceView,
                                   new QLabel(tr("No instances are registered (yet)."), instancesTab), instancesTab),
        1);

    m_kv = new KvEditor(m_http, this);
    auto *tabs = new QTabWidget(this);
    tabs->setObjectName(QStringLiteral("registryTabs"));
    tabs->setDocumentMode(true);
    tabs->addTab(instancesTab, tr("Instances"));
    tabs->addTab(m_kv, tr("Configuration"));

    m_status = new QLabel(this);
    m_status->setObjectName(QStringLiteral("registryStatus"));
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    layout->addWidget(tabs, 1);
    auto *statusRow = new QVBoxLayout;
    statusRow->setContentsMargins(6, 0, 6, 4);
    statusRow->addWidget(m_status);
    layout->addLayout(statusRow);

    // Lease ages move every second without the registry's index changing, so this polls rather than
    // waiting in a blocking query.
    m_timer->setInterval(1000);
    connect(m_timer, &QTimer::timeout, this, &RegistryPanel::refresh);
    m_timer->start();
    setStatus(tr("Connecting to the registry at %1…").arg(registryUrl.toDisplayString()));
    updateActions();
    refresh();
}

void RegistryPanel::setToken(const QByteArray &token)
{
    m_http->setToken(token);
}

void RegistryPanel::setRefreshInterval(int ms)
{
    m_timer->setInterval(ms);
    m_kv->setRefreshInterval(ms);
}

QString RegistryPanel::statusText() const
{
    return m_status->text();
}

void RegistryPanel::setStatus(const QString &text, bool error)
{
    m_status->setText(text);
    m_status->setStyleSheet(error ? QStringLiteral("color: #c62828;") : QString());
}

QString RegistryPanel::selectedInstance() const
{
    const auto index = m_instanceView->currentIndex();
    return index.isValid() ? m_instances->instance(index.row()).id : QString();
}

void RegistryPanel::selectInstance(const QString &id)
{
    const int row = m_instances->rowOf(id);
    if (row >= 0)
        m_instanceView->selectRow(row);
    updateActions();
}

void RegistryPanel::updateActions()
{
    const auto index = m_instanceView->currentIndex();
    const bool selected = index.isValid();
    const bool drained = selected && m_instances->instance(index.row()).drained;
    m_drainAction->setEnabled(selected && !drained);
    m_undrainAction->setEnabled(selected && drained);
}

void RegistryPanel::refresh()
{
    if (m_inFlight)
        return;
    m_inFlight = true;
    const auto generation = ++m_generation;
    m_http->get(QStringLiteral("/v1/flightdeck/instances"), {}, this, [this, generation](const RegistryAnswer &answer) {
        m_inFlight = false;
        if (generation != m_generation)
            return;
        if (!answer.ok()) {
            setStatus(
                tr("Cannot reach the registry at %1: %2").arg(m_http->baseUrl().toDisplayString(), answer.errorText()),
                true);
            return;
        }
        QList<RegistryInstanceRow> rows;
        int passing = 0;
        for (const auto &value : answer.json().object().value(QStringLiteral("instances")).toArray()) {
            rows.append(RegistryInstanceRow::fromJson(value.toObject()));
            passing += rows.last().state == QLatin1String("passing") && !rows.last().drained;
        }
        m_instances->setInstances(rows);
        const auto now = QTime::currentTime().toString(QStringLiteral("HH:mm:ss"));
        if (rows.isEmpty())
            setStatus(tr("%1 · no instances registered · updated %2").arg(m_http->baseUrl().toDisplayString(), now));
        else
            setStatus(tr("%1 · %2 of %n instance(s) in service · updated %3", nullptr, int(rows.size()))
                          .arg(m_http->baseUrl().toDisplayString())
                          .arg(passing)
                          .arg(now));
        updateActions();
        Q_EMIT instancesLoaded();
    });
}

void RegistryPanel::setDrained(const QString &id, bool drained)
{
    if (id.isEmpty())
        return;
    const auto path = QStringLiteral("/v1/flightdeck/instances/%1/%2")
                          .arg(id, drained ? QStringLiteral("drain") : QStringLiteral("undrain"));
    m_http->send("PUT", path, {}, {}, this, [this, id, drained](const RegistryAnswer &answer) {
        if (!answer.ok()) {
            setStatus(drained ? tr("Cannot drain %1: %2").arg(id, answer.errorText())
                              : tr("Cannot undrain %1: %2").arg(id, answer.errorText()),
                true);
            Q_EMIT drainFinished(id, false);
            return;
        }
        setStatus(drained ? tr("%1 drained: out of discovery, still registered.").arg(id)
                          : tr("%1 is back in service.").arg(id));
        ++m_generation; // a poll started before the drain would show the old flag
        m_inFlight = false;
        refresh();
        Q_EMIT drainFinished(id, true);
    });
}
