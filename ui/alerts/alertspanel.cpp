#include "alertspanel.h"

#include "alerthistorymodel.h"
#include "alerting/alertengine.h"
#include "alertruledialog.h"
#include "alertstatusmodel.h"
#include "common/alertstatestyle.h"
#include "common/confirmation.h"
#include "common/tablecolumns.h"
#include "silencedialog.h"
#include "silencemodel.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QHeaderView>
#include <QMessageBox>
#include <QTableView>
#include <QTabWidget>
#include <QTimer>
#include <QToolBar>
#include <QVBoxLayout>

namespace {

QString longest(const QStringList &texts)
{
    QString widest;
    for (const auto &text : texts)
        widest = text.size() > widest.size() ? text : widest;
    return widest;
}

// A transition as the history shows it, for measuring.
QString transitionSample(AlertState from, AlertState to, const QString &reason, bool silenced = false)
{
    AlertEvent event;
    event.from = from;
    event.to = to;
    event.reason = reason;
    event.silenced = silenced;
    return AlertStateStyle::transitionText(event);
}

QTableView *makeTable(QAbstractItemModel *model, QWidget *parent, const QString &name)
{
    auto *view = new QTableView(parent);
    view->setObjectName(name);
    view->setModel(model);
    view->setSelectionBehavior(QAbstractItemView::SelectRows);
    view->setSelectionMode(QAbstractItemView::SingleSelection);
    view->setAlternatingRowColors(true);
    view->verticalHeader()->hide();
    view->horizontalHeader()->setStretchLastSection(true);
    view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    view->setTextElideMode(Qt::ElideMiddle);
    view->setWordWrap(false);
    return view;
}

} // namespace

AlertsPanel::AlertsPanel(AlertEngine *engine, const MetricQuery *query, QWidget *parent)
    : QWidget(parent)
    , m_engine(engine)
    , m_query(query)
    , m_status(new AlertStatusModel(this))
    , m_history(new AlertHistoryModel(this))
    , m_silences(new SilenceModel(this))
    , m_refresh(new QTimer(this))
{
    setObjectName(QStringLiteral("alertsPanel"));
    auto *toolbar = new QToolBar(this);
    auto *add = toolbar->addAction(tr("New Rule…"), this, [this] { openRuleEditor()->open(); });
    add->setObjectName(QStringLiteral("actionNewAlertRule"));
    auto *edit = toolbar->addAction(tr("Edit…"), this, [this] {
        const auto index = m_statusView->currentIndex();
        if (index.isValid())
            openRuleEditor(m_status->status(index.row()).ruleName)->open();
    });
    edit->setObjectName(QStringLiteral("actionEditAlertRule"));
    auto *remove = toolbar->addAction(tr("Delete"), this, &AlertsPanel::confirmDeleteSelectedRule);
    remove->setObjectName(QStringLiteral("actionDeleteAlertRule"));
    toolbar->addSeparator();
    auto *silence = toolbar->addAction(tr("Silence…"), this, [this] {
        if (auto *dialog = openSilenceDialog())
            dialog->open();
    });
    silence->setObjectName(QStringLiteral("actionSilenceAlert"));
    silence->setToolTip(tr("Silence the selected alert: no tray message, no webhook, not counted as firing"));
    auto *editSilence = toolbar->addAction(tr("Edit Silence…"), this, [this] {
        if (auto *dialog = openSilenceDialog(true))
            dialog->open();
    });
    editSilence->setObjectName(QStringLiteral("actionEditSilence"));
    auto *expire = toolbar->addAction(tr("Expire Silence"), this, &AlertsPanel::expireSelectedSilence);
    expire->setObjectName(QStringLiteral("actionExpireSilence"));
    expire->setToolTip(tr("End the selected silence now"));

    auto *tabs = new QTabWidget(this);
    m_tabs = tabs;
    m_statusView = makeTable(m_status, tabs, QStringLiteral("alertStatusView"));
    // Columns start wide enough for the longest state word, a long rule name and the longest transition
    // (see TableColumns); longer cells elide in the middle with the whole text as tooltip.
    QStringList states { AlertStateStyle::silencedWord() };
    for (auto state : { AlertState::Inactive, AlertState::Pending, AlertState::Firing, AlertState::Resolved,
             AlertState::NoData, AlertState::Error })
        states << AlertStateStyle::word(state);
    const QString longRule = QStringLiteral("CheckoutLatencyP99AboveBudget");
    const QString longTarget = QStringLiteral("order-history-12");
    TableColumns::setup(m_statusView, QStringLiteral("alertStatus"),
        { { AlertStatusModel::StateColumn, longest(states) }, { AlertStatusModel::RuleColumn, longRule },
            { AlertStatusModel::TargetColumn, longTarget }, { AlertStatusModel::ValueColumn, QStringLiteral("0.1234") },
            { AlertStatusModel::SinceColumn, QStringLiteral("23 h 59 min") } });
    tabs->addTab(m_statusView, tr("Alerts"));
    auto *historyView = makeTable(m_history, tabs, QStringLiteral("alertHistoryView"));
    TableColumns::setup(historyView, QStringLiteral("alertHistory"),
        { { AlertHistoryModel::TimeColumn, QStringLiteral("2026-12-31 23:59:59") },
            { AlertHistoryModel::RuleColumn, longRule }, { AlertHistoryModel::TargetColumn, longTarget },
            { AlertHistoryModel::TransitionColumn,
                longest({ transitionSample(AlertState::Firing, AlertState::Resolved, QStringLiteral("deregistered")),
                    transitionSample(AlertState::Firing, AlertState::Error, QStringLiteral("scrape failing")),
                    transitionSample(AlertState::Pending, AlertState::Firing, {}, true) }) } });
    tabs->addTab(historyView, tr("History"));
    m_silenceView = makeTable(m_silences, tabs, QStringLiteral("silenceView"));
    TableColumns::setup(m_silenceView, QStringLiteral("silences"),
        { { SilenceModel::StatusColumn,
              longest({ QCoreApplication::translate("SilenceModel", "active"),
                  QCoreApplication::translate("SilenceModel", "expired"),
                  QCoreApplication::translate("SilenceModel", "pending") }) },
            { SilenceModel::MatchersColumn, QStringLiteral("alertname=\"%1\", service=\"catalog\"").arg(longRule) },
            { SilenceModel::EndsColumn, QStringLiteral("2026-12-31 23:59") },
            { SilenceModel::CreatedByColumn, QStringLiteral("operator-name") } });
    tabs->addTab(m_silenceView, tr("Silences"));
    connect(m_statusView, &QTableView::doubleClicked, this,
        [this](const QModelIndex &index) { openRuleEditor(m_status->status(index.row()).ruleName)->open(); });

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addWidget(toolbar);
    layout->addWidget(tabs, 1);

    connect(m_engine, &AlertEngine::alertTransition, this, [this](const AlertEvent &event) {
        m_history->prepend(event);
        refresh();
    });
    connect(m_engine, &AlertEngine::rulesChanged, this, &AlertsPanel::refresh);
    connect(m_engine, &AlertEngine::silencesChanged, this, &AlertsPanel::refresh);
    m_history->setEvents(m_engine->history().events());
    // "For" ages and last values move every second even without transitions.
    m_refresh->setInterval(1000);
    connect(m_refresh, &QTimer::timeout, this, &AlertsPanel::refresh);
    m_refresh->start();
    refresh();
}

void AlertsPanel::addHistoryTab(QWidget *page, const QString &title)
{
    m_tabs->addTab(page, title);
}

void AlertsPanel::confirmDeleteSelectedRule()
{
    const auto index = m_statusView->currentIndex();
    if (!index.isValid())
        return;
    const auto name = m_status->status(index.row()).ruleName;
    // Not exec()'d: the console keeps evaluating while the question is up.
    Confirmation::ask(this, QStringLiteral("confirmDeleteRule"), tr("Delete Rule"),
        tr("Delete the alert rule '%1'? Its alerts end now; its history stays.").arg(name), tr("Delete"), [this, name] {
            QString error;
            if (!m_engine->removeRule(name, &error))
                QMessageBox::warning(this, tr("Delete Rule"), error);
        });
}

void AlertsPanel::showAlert(const QString &ruleName, const AlertTarget &target)
{
    refresh();
    m_tabs->setCurrentWidget(m_statusView);
    for (int row = 0; row < m_status->rowCount(); ++row) {
        const auto &status = m_status->status(row);
        if (status.ruleName == ruleName && status.target == target) {
            m_statusView->selectRow(row);
            m_statusView->scrollTo(m_status->index(row, 0));
            m_statusView->setFocus();
            return;
        }
    }
}

void AlertsPanel::refresh()
{
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    m_status->setStatuses(m_engine->statuses(), now);
    m_silences->setSilences(m_engine->silences(), now);
}

QList<AlertTarget> AlertsPanel::currentTargets() const
{
    QList<AlertTarget> targets;
    for (const auto &status : m_engine->statuses()) {
        if (!targets.contains(status.target))
            targets.append(status.target);
    }
    return targets;
}

AlertRuleDialog *AlertsPanel::openRuleEditor(const QString &ruleName)
{
    auto *dialog = new AlertRuleDialog(m_query, currentTargets(), this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    for (const auto &rule : m_engine->rules()) {
        if (rule.name == ruleName)
            dialog->setRule(rule);
    }
    connect(dialog, &QDialog::accepted, this, [this, dialog, ruleName] {
        const auto rule = dialog->rule();
        if (!rule)
            return;
        QString error;
        if (!ruleName.isEmpty() && ruleName != rule->name)
            m_engine->removeRule(ruleName, &error);
        if (!m_engine->upsertRule(*rule, &error))
            QMessageBox::warning(this, tr("Alert Rule"), tr("The rule was not saved: %1").arg(error));
    });
    return dialog;
}

SilenceDialog *AlertsPanel::openSilenceDialog(bool edit)
{
    QStringList ruleNames;
    for (const auto &rule : m_engine->rules())
        ruleNames << rule.name;
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    SilenceDialog *dialog = nullptr;
    if (edit) {
        const auto index = m_silenceView->currentIndex();
        if (!index.isValid())
            return nullptr;
        dialog = new SilenceDialog(ruleNames, this);
        dialog->setSilence(m_silences->silence(index.row()), now);
    } else {
        dialog = new SilenceDialog(ruleNames, this);
        const auto index = m_statusView->currentIndex();
        if (index.isValid()) {
            const auto &status = m_status->status(index.row());
            dialog->setTarget(status.ruleName, status.target.service, status.target.instance);
        }
    }
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, [this, dialog] {
        const auto silence = dialog->silence(QDateTime::currentMSecsSinceEpoch());
        if (!silence)
            return;
        QString error;
        if (m_engine->addSilence(*silence, &error, dialog->author()).isEmpty())
            QMessageBox::warning(this, tr("Silence"), tr("The silence was not saved: %1").arg(error));
    });
    return dialog;
}

void AlertsPanel::expireSelectedSilence()
{
    const auto index = m_silenceView->currentIndex();
    if (!index.isValid())
        return;
    const auto id = m_silences->silence(index.row()).id;
    QString error;
    if (!m_engine->expireSilence(id, &error, qEnvironmentVariable("USER", qEnvironmentVariable("USERNAME"))))
        QMessageBox::warning(this, tr("Silence"), error);
}
