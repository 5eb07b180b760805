#include "registrypanel.h"

#include "client/registryclient.h"
#include "common/paneltables.h"
#include "common/statuslabel.h"
#include "common/tablecolumns.h"
#include "kveditor.h"
#include "registryinstancemodel.h"

#include <QComboBox>
#include <QElapsedTimer>
#include <QHeaderView>
#include <QLabel>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QTabWidget>
#include <QTime>
#include <QTimer>
#include <QToolBar>
#include <QVBoxLayout>

RegistryPanel::RegistryPanel(RegistryClient *registry, QWidget *parent)
    : QWidget(parent)
    , m_registry(registry)
    , m_instances(new RegistryInstanceModel(this))
    , m_shown(new QSortFilterProxyModel(this))
    , m_timer(new QTimer(this))
{
    setObjectName(QStringLiteral("registryPanel"));

    auto *instancesTab = new QWidget(this);
    auto *toolbar = new QToolBar(instancesTab);
    toolbar->setToolButtonStyle(Qt::ToolButtonTextOnly);
    m_drainAction = toolbar->addAction(tr("Drain"), this, [this] { requestDrain(true); });
    m_drainAction->setObjectName(QStringLiteral("actionDrainInstance"));
    m_drainAction->setToolTip(tr("Take the selected instance out of discovery; it stays registered"));
    m_undrainAction = toolbar->addAction(tr("Undrain"), this, [this] { requestDrain(false); });
    m_undrainAction->setObjectName(QStringLiteral("actionUndrainInstance"));
    m_undrainAction->setToolTip(tr("Put the selected instance back into discovery"));
    auto *reload = toolbar->addAction(tr("Refresh"), this, &RegistryPanel::refresh);
    reload->setObjectName(QStringLiteral("actionRefreshRegistry"));
    toolbar->addSeparator();
    m_serviceFilter = new QComboBox(toolbar);
    m_serviceFilter->setObjectName(QStringLiteral("registryServiceFilter"));
    m_serviceFilter->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    m_serviceFilter->addItem(tr("All services"), QString());
    toolbar->addWidget(m_serviceFilter);

    m_shown->setSourceModel(m_instances);
    m_shown->setFilterKeyColumn(RegistryInstanceModel::ServiceColumn);
    connect(m_serviceFilter, &QComboBox::currentIndexChanged, this, [this] {
        const QString service = m_serviceFilter->currentData().toString();
        m_shown->setFilterRegularExpression(service.isEmpty()
                ? QRegularExpression()
                : QRegularExpression(QRegularExpression::anchoredPattern(QRegularExpression::escape(service))));
        updateActions();
    });
    m_instanceView = PanelTables::makeTable(m_shown, QStringLiteral("registryInstanceView"), instancesTab);
    TableColumns::setup(m_instanceView, QStringLiteral("registryInstances"),
        { { RegistryInstanceModel::ServiceColumn, QStringLiteral("order-history") },
            { RegistryInstanceModel::IdColumn, QStringLiteral("order-history-12") },
            { RegistryInstanceModel::AddressColumn, QStringLiteral("127.0.0.1:65535") },
            { RegistryInstanceModel::StateColumn, QStringLiteral("critical") },
            { RegistryInstanceModel::DrainedColumn, QStringLiteral("in service") },
            { RegistryInstanceModel::LeaseColumn, QStringLiteral("10.0 s of 10.0 s") },
            { RegistryInstanceModel::WeightColumn, QStringLiteral("100") } });
    connect(
        m_instanceView->selectionModel(), &QItemSelectionModel::currentRowChanged, this, &RegistryPanel::updateActions);
    connect(m_instances, &QAbstractItemModel::dataChanged, this, &RegistryPanel::updateActions);

    auto *instancesLayout = new QVBoxLayout(instancesTab);
    instancesLayout->setContentsMargins(0, 0, 0, 0);
    instancesLayout->addWidget(toolbar);
    instancesLayout->addWidget(PanelTables::withEmptyState(m_instanceView,
                                   new QLabel(tr("No instances are registered (yet)."), instancesTab), instancesTab),
        1);

    m_kv = new KvEditor(m_registry, this);
    auto *tabs = new QTabWidget(this);
    m_tabs = tabs;
    tabs->setObjectName(QStringLiteral("registryTabs"));
    tabs->setDocumentMode(true);
    tabs->addTab(instancesTab, tr("Instances"));
    tabs->addTab(m_kv, tr("Configuration"));

    m_status = new StatusLabel(QStringLiteral("registryStatus"), this);

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
    setStatus(tr("Connecting to the registry at %1…").arg(m_registry->baseUrl().toDisplayString()));
    updateActions();
    refresh();
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
    m_status->showMessage(text, error);
}

void RegistryPanel::selectInstance(const QString &id)
{
    const int row = m_instances->rowOf(id);
    if (row >= 0) {
        const auto shown = m_shown->mapFromSource(m_instances->index(row, 0));
        if (shown.isValid())
            m_instanceView->selectRow(shown.row());
    }
    updateActions();
}

void RegistryPanel::showService(const QString &service)
{
    if (!service.isEmpty() && m_serviceFilter->findData(service) < 0)
        m_serviceFilter->addItem(service, service); // not listed yet: the next refresh keeps it
    m_serviceFilter->setCurrentIndex(std::max(0, m_serviceFilter->findData(service)));
    m_tabs->setCurrentIndex(0);
}

QString RegistryPanel::shownService() const
{
    return m_serviceFilter->currentData().toString();
}

void RegistryPanel::fillServiceChoices()
{
    QStringList services;
    for (int row = 0; row < m_instances->rowCount(); ++row)
        services << m_instances->instance(row).service;
    const QString current = shownService();
    if (!current.isEmpty())
        services << current;
    services.removeDuplicates();
    services.sort();
    QStringList listed;
    for (int i = 1; i < m_serviceFilter->count(); ++i)
        listed << m_serviceFilter->itemData(i).toString();
    if (listed == services)
        return;
    const QSignalBlocker quiet(m_serviceFilter); // the choice stays the same; only the list grows or shrinks
    while (m_serviceFilter->count() > 1)
        m_serviceFilter->removeItem(1);
    for (const auto &service : services)
        m_serviceFilter->addItem(service, service);
    m_serviceFilter->setCurrentIndex(std::max(0, m_serviceFilter->findData(current)));
}

void RegistryPanel::updateActions()
{
    const auto index = m_shown->mapToSource(m_instanceView->currentIndex());
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
    const auto generation = m_polls.next();
    m_registry->instances(this, [this, generation](const Reply<QList<RegistryInstanceRow>> &answer) {
        m_inFlight = false;
        if (!m_polls.isLatest(generation))
            return;
        const auto registryName = m_registry->baseUrl().toDisplayString();
        if (!answer.decoded) {
            setStatus(tr("Cannot reach the registry at %1: %2").arg(registryName, answer.errorText()), true);
            return;
        }
        const QList<RegistryInstanceRow> &rows = answer.value;
        int passing = 0;
        int drained = 0;
        for (const auto &row : rows) {
            passing += row.state == QLatin1String("passing") && !row.drained;
            drained += row.drained ? 1 : 0;
        }
        m_instances->setInstances(rows);
        fillServiceChoices();
        const auto now = QTime::currentTime().toString(QStringLiteral("HH:mm:ss"));
        // What an action did stays readable for a while instead of being replaced by the next poll.
        if (m_actionShown.isValid() && !m_actionShown.hasExpired(8000)) {
            // keep it
        } else if (rows.isEmpty())
            setStatus(tr("%1 · no instances registered · updated %2").arg(registryName, now));
        else
            setStatus(tr("%1 · %2 of %n instance(s) in service · updated %3", nullptr, int(rows.size()))
                          .arg(registryName)
                          .arg(passing)
                          .arg(now)
                + (drained > 0 ? tr(" · %1 drained").arg(drained) : QString()));
        updateActions();
        Q_EMIT instancesLoaded();
    });
}

void RegistryPanel::requestDrain(bool drained)
{
    const auto index = m_shown->mapToSource(m_instanceView->currentIndex());
    if (!index.isValid())
        return;
    const auto &row = m_instances->instance(index.row());
    setStatus(drained ? tr("Draining %1…").arg(row.id) : tr("Putting %1 back into service…").arg(row.id));
    Q_EMIT drainRequested(row.service, row.id, drained);
}

void RegistryPanel::showDrainResult(const QString &id, bool drained, bool ok, const QString &error)
{
    if (!ok) {
        setStatus(
            drained ? tr("Cannot drain %1: %2").arg(id, error) : tr("Cannot undrain %1: %2").arg(id, error), true);
        m_actionShown.start();
        Q_EMIT drainFinished(id, false);
        return;
    }
    m_actionShown.start();
    setStatus(
        drained ? tr("%1 drained: out of discovery, still registered.").arg(id) : tr("%1 is back in service.").arg(id));
    m_polls.invalidate(); // a poll started before the drain would show the old flag
    m_inFlight = false;
    refresh();
    Q_EMIT drainFinished(id, true);
}
