#include "alerting/alertengine.h"
#include "alerting/ruleexpression.h"
#include "alerts/alerthistorymodel.h"
#include "alerts/alertruledialog.h"
#include "alerts/alertspanel.h"
#include "alerts/alertstatusmodel.h"
#include "alerts/silencedialog.h"
#include "alerts/silencemodel.h"
#include "common/alertstatestyle.h"
#include "scriptedmetricquery.h"
#include "telemetry/metricquery.h"

#include <atomic>
#include <QAbstractItemModelTester>
#include <QAction>
#include <QComboBox>
#include <qcustomplot.h>
#include <QDateTime>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPointer>
#include <QPushButton>
#include <QSignalSpy>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

namespace {

// The metric values the engine sees: an input the test controls, not the thing under test.
class ScriptedQuery : public MetricQuery
{
public:
    std::atomic<double> errorRatio { 0.0 };
    std::optional<double> evaluate(const MetricSelector &selector, qint64 atMs) const override
    {
        if (selector.kind == MetricKind::ErrorRatio)
            // The last 20 minutes of history had a burst; "now" is whatever the test sets.
            return atMs > QDateTime::currentMSecsSinceEpoch() - 20 * 60'000
                    && atMs < QDateTime::currentMSecsSinceEpoch() - 10 * 60'000
                ? 0.5
                : errorRatio.load();
        if (selector.kind == MetricKind::InstancesUp)
            return 3;
        return 1.0;
    }
};

} // namespace

class TestAlertsPanel : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void createRuleAndSeeItFire();
    void dialogValidatesAndBacktests();
    void silenceCreateEditExpire();
    void deleteRuleAsksFirst();
    void columnsFitTheirText();
    void backtestWithoutDataSaysSo();
};

void TestAlertsPanel::createRuleAndSeeItFire()
{
    QTemporaryDir dir;
    ScriptedQuery query;
    AlertEngine engine(dir.path(), &query);
    engine.setDefaultRules({});
    qint64 now = QDateTime::currentMSecsSinceEpoch();
    engine.setClock([&now] { return now; });
    engine.setTargetProvider([] { return QList<AlertTarget> { { QStringLiteral("cart"), {} } }; });
    QVERIFY(engine.load());
    AlertsPanel panel(&engine, &query);
    QAbstractItemModelTester statusTester(panel.statusModel(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    QAbstractItemModelTester historyTester(
        panel.historyModel(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    QAbstractItemModelTester silenceTester(
        panel.silenceModel(), QAbstractItemModelTester::FailureReportingMode::QtTest);

    auto *dialog = panel.openRuleEditor();
    dialog->findChild<QLineEdit *>(QStringLiteral("ruleName"))->setText(QStringLiteral("CartErrors"));
    dialog->findChild<QLineEdit *>(QStringLiteral("ruleExpression"))
        ->setText(QStringLiteral("error_ratio(service=\"cart\", window=1m) > 0.05"));
    dialog->findChild<QLineEdit *>(QStringLiteral("ruleFor"))->setText(QStringLiteral("10s"));
    dialog->accept();
    QCOMPARE(engine.rules().size(), 1);
    QCOMPARE(engine.rules().first().name, QStringLiteral("CartErrors"));

    QSignalSpy firing(&engine, &AlertEngine::alertFiring);
    engine.evaluateNow();
    panel.refresh();
    QCOMPARE(panel.statusModel()->rowCount(), 1);
    QCOMPARE(panel.statusModel()->data(panel.statusModel()->index(0, AlertStatusModel::StateColumn)).toString(),
        QStringLiteral("inactive"));

    query.errorRatio = 0.2;
    engine.evaluateNow();
    panel.refresh();
    QCOMPARE(panel.statusModel()->data(panel.statusModel()->index(0, AlertStatusModel::StateColumn)).toString(),
        QStringLiteral("pending"));
    now += 11'000;
    engine.evaluateNow();
    panel.refresh();
    QCOMPARE(panel.statusModel()->data(panel.statusModel()->index(0, AlertStatusModel::StateColumn)).toString(),
        QStringLiteral("firing"));
    QCOMPARE(firing.count(), 1);
    QCOMPARE(panel.statusModel()->data(panel.statusModel()->index(0, AlertStatusModel::ValueColumn)).toString(),
        QStringLiteral("0.2"));
    QCOMPARE(panel.historyModel()->rowCount(), 2); // inactive→pending, pending→firing; newest first
    QVERIFY(panel.historyModel()
                ->data(panel.historyModel()->index(0, AlertHistoryModel::TransitionColumn))
                .toString()
                .endsWith(QLatin1String("firing")));
}

void TestAlertsPanel::dialogValidatesAndBacktests()
{
    ScriptedQuery query;
    AlertRuleDialog dialog(&query, { { QStringLiteral("cart"), {} } });
    auto *expression = dialog.findChild<QLineEdit *>(QStringLiteral("ruleExpression"));
    auto *problems = dialog.findChild<QLabel *>(QStringLiteral("ruleProblems"));
    dialog.findChild<QLineEdit *>(QStringLiteral("ruleName"))->setText(QStringLiteral("Burst"));
    expression->setText(QStringLiteral("error_ratio(service=\"cart\" > "));
    QVERIFY(!dialog.rule().has_value());
    QVERIFY(!problems->text().isEmpty());
    expression->setText(QStringLiteral("error_ratio(service=\"cart\", window=1m) > 0.1"));
    dialog.findChild<QLineEdit *>(QStringLiteral("ruleFor"))->setText(QStringLiteral("1m"));
    QVERIFY(dialog.rule().has_value());
    dialog.findChild<QPushButton *>(QStringLiteral("runBacktest"))->click();
    // The scripted history has one ten-minute burst in the last hour.
    QTRY_COMPARE_WITH_TIMEOUT(dialog.backtestFiringCount(), 1, 10000);
    QVERIFY(dialog.previewPlot()->graphCount() == 1);
    QVERIFY(dialog.previewPlot()->graph(0)->dataCount() > 600);
}

namespace {

// The dialog the action opened, once it is shown.
template <typename Dialog> Dialog *openedDialog(QWidget *parent)
{
    Dialog *found = nullptr;
    const bool shown = QTest::qWaitFor([&] {
        for (auto *dialog : parent->findChildren<Dialog *>()) {
            if (dialog->isVisible())
                found = dialog;
        }
        return found != nullptr;
    });
    return shown ? found : nullptr;
}

QString cell(QAbstractItemModel *model, int row, int column, int role = Qt::DisplayRole)
{
    return model->data(model->index(row, column), role).toString();
}

QStringList visibleNotes(QCustomPlot *plot)
{
    QStringList notes;
    for (int i = 0; i < plot->itemCount(); ++i) {
        if (auto *text = qobject_cast<QCPItemText *>(plot->item(i)); text && text->visible())
            notes << text->text();
    }
    return notes;
}

} // namespace

void TestAlertsPanel::silenceCreateEditExpire()
{
    QTemporaryDir dir;
    ScriptedQuery query;
    query.errorRatio = 0.5;
    AlertEngine engine(dir.path(), &query);
    engine.setDefaultRules({});
    engine.setTargetProvider([] { return QList<AlertTarget> { { QStringLiteral("cart"), {} } }; });
    QVERIFY(engine.load());
    AlertRule rule;
    rule.name = QStringLiteral("CartErrors");
    RuleExpression::parse(QStringLiteral("error_ratio(service=\"cart\", window=1m) > 0.05"), nullptr)->applyTo(&rule);
    QVERIFY(engine.upsertRule(rule));
    engine.evaluateNow();
    QCOMPARE(engine.firingCount(), 1);
    AlertsPanel panel(&engine, &query);
    panel.show();
    QSignalSpy actions(&engine, &AlertEngine::silenceAction);
    auto *status = panel.statusModel();
    QCOMPARE(cell(status, 0, AlertStatusModel::StateColumn), QStringLiteral("firing"));

    // Cancel changes nothing.
    panel.statusView()->setCurrentIndex(status->index(0, 0));
    panel.findChild<QAction *>(QStringLiteral("actionSilenceAlert"))->trigger();
    auto *dialog = openedDialog<SilenceDialog>(&panel);
    QVERIFY(dialog);
    QPointer<SilenceDialog> cancelled = dialog;
    dialog->findChild<QPushButton *>(QStringLiteral("silenceCancel"))->click();
    QVERIFY(engine.silences().isEmpty());
    QCOMPARE(actions.count(), 0);
    QTRY_VERIFY(!cancelled); // closed and gone

    // Create: duration, comment, author, matcher (rule and service, prefilled from the selected alert).
    panel.findChild<QAction *>(QStringLiteral("actionSilenceAlert"))->trigger();
    dialog = openedDialog<SilenceDialog>(&panel);
    QVERIFY(dialog);
    QCOMPARE(
        dialog->findChild<QComboBox *>(QStringLiteral("silenceRule"))->currentText(), QStringLiteral("CartErrors"));
    QCOMPARE(dialog->findChild<QLineEdit *>(QStringLiteral("silenceService"))->text(), QStringLiteral("cart"));
    auto *ok = dialog->findChild<QPushButton *>(QStringLiteral("silenceOk"));
    dialog->findChild<QLineEdit *>(QStringLiteral("silenceComment"))->clear();
    QVERIFY(!ok->isEnabled()); // a silence says why
    dialog->findChild<QComboBox *>(QStringLiteral("silenceDuration"))->setCurrentText(QStringLiteral("2h"));
    dialog->findChild<QLineEdit *>(QStringLiteral("silenceAuthor"))->setText(QStringLiteral("alice"));
    dialog->findChild<QLineEdit *>(QStringLiteral("silenceComment"))->setText(QStringLiteral("deploying cart"));
    QVERIFY(ok->isEnabled());
    const qint64 before = QDateTime::currentMSecsSinceEpoch();
    ok->click();
    QCOMPARE(engine.silences().size(), 1);
    const auto created = engine.silences().first();
    QCOMPARE(created.createdBy, QStringLiteral("alice"));
    QCOMPARE(created.comment, QStringLiteral("deploying cart"));
    QVERIFY(qAbs(created.endsAtMs - before - 2 * 3600'000) < 10'000);
    QVERIFY(created.matches({ { QStringLiteral("alertname"), QStringLiteral("CartErrors") },
        { QStringLiteral("service"), QStringLiteral("cart") } }));
    QVERIFY(!created.matches({ { QStringLiteral("alertname"), QStringLiteral("Other") },
        { QStringLiteral("service"), QStringLiteral("cart") } }));
    QCOMPARE(actions.count(), 1);
    QCOMPARE(actions.last().at(0).value<SilenceAction>(), SilenceAction::Created);
    QCOMPARE(actions.last().at(2).toString(), QStringLiteral("alice"));

    // The alert reads "silenced", with who, why and until; it is not counted as firing.
    panel.refresh();
    QCOMPARE(cell(status, 0, AlertStatusModel::StateColumn), QStringLiteral("silenced"));
    QVERIFY(cell(status, 0, AlertStatusModel::SilenceColumn).contains(QLatin1String("alice")));
    QVERIFY(cell(status, 0, AlertStatusModel::SilenceColumn).contains(QLatin1String("deploying cart")));
    QVERIFY(cell(status, 0, AlertStatusModel::StateColumn, Qt::ToolTipRole).startsWith(QLatin1String("firing")));
    QCOMPARE(status->data(status->index(0, AlertStatusModel::StateColumn), Qt::ForegroundRole).value<QBrush>().color(),
        AlertStateStyle::silencedColor());
    QCOMPARE(engine.firingCount(), 0);
    QCOMPARE(cell(panel.silenceModel(), 0, SilenceModel::CreatedByColumn), QStringLiteral("alice"));

    // Edit: a longer silence and a new comment, same silence.
    panel.silenceView()->setCurrentIndex(panel.silenceModel()->index(0, 0));
    panel.findChild<QAction *>(QStringLiteral("actionEditSilence"))->trigger();
    dialog = openedDialog<SilenceDialog>(&panel);
    QVERIFY(dialog);
    QCOMPARE(
        dialog->findChild<QLineEdit *>(QStringLiteral("silenceComment"))->text(), QStringLiteral("deploying cart"));
    dialog->findChild<QComboBox *>(QStringLiteral("silenceDuration"))->setCurrentText(QStringLiteral("4h"));
    dialog->findChild<QLineEdit *>(QStringLiteral("silenceComment"))->setText(QStringLiteral("deploy takes longer"));
    dialog->findChild<QPushButton *>(QStringLiteral("silenceOk"))->click();
    QCOMPARE(engine.silences().size(), 1);
    QCOMPARE(engine.silences().first().id, created.id);
    QCOMPARE(engine.silences().first().comment, QStringLiteral("deploy takes longer"));
    QVERIFY(engine.silences().first().endsAtMs > created.endsAtMs + 3600'000);
    QCOMPARE(actions.last().at(0).value<SilenceAction>(), SilenceAction::Edited);

    // Expire early: the alert reads firing again and counts again.
    panel.refresh();
    panel.silenceView()->setCurrentIndex(panel.silenceModel()->index(0, 0));
    panel.findChild<QAction *>(QStringLiteral("actionExpireSilence"))->trigger();
    QCOMPARE(actions.last().at(0).value<SilenceAction>(), SilenceAction::Expired);
    panel.refresh();
    QCOMPARE(cell(panel.silenceModel(), 0, SilenceModel::StatusColumn), QStringLiteral("expired"));
    QCOMPARE(cell(status, 0, AlertStatusModel::StateColumn), QStringLiteral("firing"));
    QCOMPARE(engine.firingCount(), 1);
}

void TestAlertsPanel::backtestWithoutDataSaysSo()
{
    ScriptedMetricQuery nothingRecorded;
    AlertRuleDialog dialog(&nothingRecorded, { { QStringLiteral("cart"), {} } });
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    auto *plot = dialog.previewPlot();
    const double now = double(QDateTime::currentMSecsSinceEpoch()) / 1000.0;
    // Before a run: what to do, over the hour a run covers (not an axis at 00:00 of 1970).
    QCOMPARE(visibleNotes(plot).size(), 1);
    QVERIFY(visibleNotes(plot).first().contains(QStringLiteral("Backtest")));
    QVERIFY(qAbs(plot->xAxis->range().upper - now) < 60);

    dialog.findChild<QLineEdit *>(QStringLiteral("ruleName"))->setText(QStringLiteral("Quiet"));
    dialog.findChild<QLineEdit *>(QStringLiteral("ruleExpression"))
        ->setText(QStringLiteral("error_ratio(service=\"cart\", window=1m) > 0.1"));
    QVERIFY(dialog.rule().has_value());
    dialog.findChild<QPushButton *>(QStringLiteral("runBacktest"))->click();
    auto *summary = dialog.findChild<QLabel *>(QStringLiteral("backtestSummary"));
    QTRY_VERIFY_WITH_TIMEOUT(summary->text().contains(QStringLiteral("No recorded values")), 10000);
    QCOMPARE(visibleNotes(plot), QStringList { QStringLiteral("No data in this range") });
    QVERIFY(qAbs(plot->xAxis->range().upper - now) < 60);
    QVERIFY(qAbs(plot->xAxis->range().size() - 3600) < 60);
}

void TestAlertsPanel::deleteRuleAsksFirst()
{
    QTemporaryDir dir;
    ScriptedQuery query;
    AlertEngine engine(dir.path(), &query);
    engine.setTargetProvider([] { return QList<AlertTarget> { { QStringLiteral("cart"), {} } }; });
    QVERIFY(engine.load()); // default rules
    engine.evaluateNow();
    AlertsPanel panel(&engine, &query);
    panel.show();
    const auto count = engine.rules().size();
    const auto name = panel.statusModel()->status(0).ruleName;
    panel.statusView()->setCurrentIndex(panel.statusModel()->index(0, 0));

    panel.findChild<QAction *>(QStringLiteral("actionDeleteAlertRule"))->trigger();
    auto *box = openedDialog<QMessageBox>(&panel);
    QVERIFY(box);
    QVERIFY(box->text().contains(name));
    box->button(QMessageBox::Cancel)->click();
    QCOMPARE(engine.rules().size(), count); // cancel keeps the rule
    QTRY_VERIFY(!panel.findChild<QMessageBox *>());

    panel.findChild<QAction *>(QStringLiteral("actionDeleteAlertRule"))->trigger();
    box = openedDialog<QMessageBox>(&panel);
    QVERIFY(box);
    box->findChild<QPushButton *>(QStringLiteral("confirmDeleteRuleConfirm"))->click();
    QCOMPARE(engine.rules().size(), count - 1);
    QVERIFY(
        std::none_of(engine.rules().cbegin(), engine.rules().cend(), [&](const auto &r) { return r.name == name; }));
}

void TestAlertsPanel::columnsFitTheirText()
{
    // At 1600x1000 the Alerts dock is a little under half the window wide: the rule names, the history's
    // time and transition and the silence columns must be whole there.
    QTemporaryDir dir;
    ScriptedQuery query;
    query.errorRatio = 0.5;
    AlertEngine engine(dir.path(), &query);
    engine.setTargetProvider([] {
        return QList<AlertTarget> { { QStringLiteral("catalog"), {} }, { QStringLiteral("cart"), {} },
            { QStringLiteral("cart"), QStringLiteral("cart-2") } };
    });
    QVERIFY(engine.load());
    engine.evaluateNow();
    AlertsPanel panel(&engine, &query);
    panel.resize(900, 400);
    panel.show();
    QVERIFY(QTest::qWaitForWindowExposed(&panel));
    auto *history = panel.findChild<QTableView *>(QStringLiteral("alertHistoryView"));
    QVERIFY(panel.statusModel()->rowCount() > 0 && panel.historyModel()->rowCount() > 0);
    const auto fits = [](QTableView *view, int column) {
        const auto metrics = view->fontMetrics();
        for (int row = 0; row < view->model()->rowCount(); ++row) {
            const auto text = view->model()->index(row, column).data().toString();
            if (metrics.horizontalAdvance(text) + 8 > view->columnWidth(column))
                return QStringLiteral("\"%1\" (%2 px) in %3 px")
                    .arg(text)
                    .arg(metrics.horizontalAdvance(text))
                    .arg(view->columnWidth(column));
        }
        return QString();
    };
    for (int column : { AlertStatusModel::StateColumn, AlertStatusModel::RuleColumn, AlertStatusModel::TargetColumn })
        QVERIFY2(fits(panel.statusView(), column).isEmpty(), qPrintable(fits(panel.statusView(), column)));
    for (int column :
        { AlertHistoryModel::TimeColumn, AlertHistoryModel::RuleColumn, AlertHistoryModel::TransitionColumn })
        QVERIFY2(fits(history, column).isEmpty(), qPrintable(fits(history, column)));
    QCOMPARE(panel.statusView()->textElideMode(), Qt::ElideMiddle);
    QCOMPARE(cell(panel.statusModel(), 0, AlertStatusModel::RuleColumn, Qt::ToolTipRole),
        cell(panel.statusModel(), 0, AlertStatusModel::RuleColumn));
}

QTEST_MAIN(TestAlertsPanel)
#include "tst_alertspanel.moc"
