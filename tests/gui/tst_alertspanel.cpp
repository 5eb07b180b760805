#include "alerthistorymodel.h"
#include "alerting/alertengine.h"
#include "alertruledialog.h"
#include "alertspanel.h"
#include "alertstatusmodel.h"
#include "scriptedmetricquery.h"
#include "silencemodel.h"
#include "telemetry/metricquery.h"

#include <atomic>
#include <QAbstractItemModelTester>
#include <QAction>
#include <qcustomplot.h>
#include <QDateTime>
#include <QLabel>
#include <QLineEdit>
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
    void backtestWithoutDataSaysSo();
    void silenceFromThePanel();
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

void TestAlertsPanel::silenceFromThePanel()
{
    QTemporaryDir dir;
    ScriptedQuery query;
    AlertEngine engine(dir.path(), &query);
    engine.setTargetProvider([] { return QList<AlertTarget> { { QStringLiteral("cart"), {} } }; });
    QVERIFY(engine.load()); // default rules
    engine.evaluateNow();
    AlertsPanel panel(&engine, &query);
    QVERIFY(panel.statusModel()->rowCount() > 0);
    panel.statusView()->setCurrentIndex(panel.statusModel()->index(0, 0));
    panel.findChild<QAction *>(QStringLiteral("actionSilenceAlert"))->trigger();
    QCOMPARE(engine.silences().size(), 1);
    QCOMPARE(panel.silenceModel()->rowCount(), 1);
    QCOMPARE(panel.silenceModel()->data(panel.silenceModel()->index(0, SilenceModel::StatusColumn)).toString(),
        QStringLiteral("active"));
}

QTEST_MAIN(TestAlertsPanel)
#include "tst_alertspanel.moc"
