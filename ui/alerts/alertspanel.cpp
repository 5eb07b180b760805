#include "alertspanel.h"

#include "alerthistorymodel.h"
#include "alerting/alertengine.h"
#include "alertruledialog.h"
#include "alertstatusmodel.h"
#include "silencemodel.h"
#include "tablecolumns.h"

#include <QDateTime>
#include <QHeaderView>
#include <QMessageBox>
#include <QTableView>
#include <QTabWidget>
#include <QTimer>
#include <QToolBar>
#include <QVBoxLayout>

namespace {

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
    auto *remove = toolbar->addAction(tr("Delete"), this, [this] {
        const auto index = m_statusView->currentIndex();
        if (!index.isValid())
            return;
        const auto name = m_status->status(index.row()).ruleName;
        if (QMessageBox::question(this, tr("Delete Rule"), tr("Delete the alert rule '%1'?").arg(name))
            != QMessageBox::Yes)
            return;
        QString error;
        if (!m_engine->removeRule(name, &error))
            QMessageBox::warning(this, tr("Delete Rule"), error);
    });
    remove->setObjectName(QStringLiteral("actionDeleteAlertRule"));
    auto *silence = toolbar->addAction(tr("Silence 1 h"), this, [this] { silenceSelected(3600 * 1000); });
    silence->setObjectName(QStringLiteral("actionSilenceAlert"));

    auto *tabs = new QTabWidget(this);
    m_statusView = makeTable(m_status, tabs, QStringLiteral("alertStatusView"));
    // Columns start wide enough for the longest state word and a long rule name (see TableColumns).
    QString longestState;
    for (const auto state : { AlertState::Inactive, AlertState::Pending, AlertState::Firing, AlertState::Resolved }) {
        if (AlertStates::name(state).size() > longestState.size())
            longestState = AlertStates::name(state);
    }
    const QString longRule = QStringLiteral("CheckoutLatencyP99AboveBudget");
    const QString longTarget = QStringLiteral("order-history-12");
    TableColumns::setup(m_statusView, QStringLiteral("alertStatus"),
        { { AlertStatusModel::StateColumn, longestState }, { AlertStatusModel::RuleColumn, longRule },
            { AlertStatusModel::TargetColumn, longTarget }, { AlertStatusModel::ValueColumn, QStringLiteral("0.1234") },
            { AlertStatusModel::SinceColumn, QStringLiteral("23 h 59 min") } });
    tabs->addTab(m_statusView, tr("Alerts"));
    auto *historyView = makeTable(m_history, tabs, QStringLiteral("alertHistoryView"));
    TableColumns::setup(historyView, QStringLiteral("alertHistory"),
        { { AlertHistoryModel::TimeColumn, QStringLiteral("2026-12-31 23:59:59") },
            { AlertHistoryModel::RuleColumn, longRule }, { AlertHistoryModel::TargetColumn, longTarget },
            { AlertHistoryModel::TransitionColumn,
                QStringLiteral("%1 → %2 (%3)")
                    .arg(longestState, longestState, AlertStates::name(AlertState::Inactive)) } });
    tabs->addTab(historyView, tr("History"));
    tabs->addTab(makeTable(m_silences, tabs, QStringLiteral("silenceView")), tr("Silences"));
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

void AlertsPanel::silenceSelected(qint64 durationMs)
{
    const auto index = m_statusView->currentIndex();
    if (!index.isValid())
        return;
    const auto &status = m_status->status(index.row());
    Silence silence;
    silence.matchers.append({ QStringLiteral("alertname"), SilenceMatcher::Op::Equal, status.ruleName });
    if (!status.target.service.isEmpty())
        silence.matchers.append({ QStringLiteral("service"), SilenceMatcher::Op::Equal, status.target.service });
    silence.startsAtMs = QDateTime::currentMSecsSinceEpoch();
    silence.endsAtMs = silence.startsAtMs + durationMs;
    silence.comment = tr("silenced from the console");
    silence.createdBy = QStringLiteral("console");
    QString error;
    if (m_engine->addSilence(silence, &error).isEmpty())
        QMessageBox::warning(this, tr("Silence"), error);
}
