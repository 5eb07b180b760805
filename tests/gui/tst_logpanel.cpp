#include "logs/logfilterchips.h"
#include "logs/logfilterproxy.h"
#include "logs/logpanel.h"
#include "logs/logtablemodel.h"
#include "metrics/metricspanel.h"

#include <QAbstractItemModelTester>
#include <QAction>
#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QSignalSpy>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QToolButton>

namespace {

QList<LogEntry> makeEntries(int count, quint64 firstSequence = 1)
{
    static const QStringList sources { QStringLiteral("cart-1"), QStringLiteral("cart-2"), QStringLiteral("catalog-1"),
        QStringLiteral("registry"), QStringLiteral("scraper") };
    QList<LogEntry> entries;
    for (int i = 0; i < count; ++i) {
        LogEntry e;
        e.sequence = firstSequence + quint64(i);
        e.timeMs = 1'700'000'000'000 + qint64(e.sequence) * 10;
        e.level = int(e.sequence % 6);
        e.source = sources.at(int(e.sequence % sources.size()));
        e.message = QStringLiteral("request %1 handled in %2 ms").arg(e.sequence).arg(e.sequence % 97);
        entries.append(e);
    }
    return entries;
}

} // namespace

class TestLogPanel : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void serviceIsDerivedFromInstance_data();
    void serviceIsDerivedFromInstance();
    void modelPassesTesterAndIsBounded();
    void proxyFiltersByLevelServiceTextAndSpan();
    void invalidRegexIsReportedNotApplied();
    void panelControlsDriveTheFilter();
    void exportWritesVisibleRecords();
    void chartSpanShowsAsAChipAndClears();
    void escapeClearsEveryFilter();
    void rowCounterStaysClearOfTheFilters();
};

void TestLogPanel::serviceIsDerivedFromInstance_data()
{
    QTest::addColumn<QString>("source");
    QTest::addColumn<QString>("service");
    QTest::newRow("instance") << "cart-2"
                              << "cart";
    QTest::newRow("subsystem") << "scraper"
                               << "scraper";
    QTest::newRow("dash name") << "order-history"
                               << "order-history";
    QTest::newRow("dash name instance") << "order-history-12"
                                        << "order-history";
}

void TestLogPanel::serviceIsDerivedFromInstance()
{
    QFETCH(QString, source);
    QFETCH(QString, service);
    LogEntry entry;
    entry.source = source;
    QCOMPARE(entry.service(), service);
}

void TestLogPanel::modelPassesTesterAndIsBounded()
{
    LogTableModel model;
    model.setCapacity(1000);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    LogFilterProxy proxy;
    proxy.setLogSource(&model);
    QAbstractItemModelTester proxyTester(&proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    model.append(makeEntries(600));
    QCOMPARE(inserted.count(), 1); // one batch, one insertion
    QCOMPARE(model.rowCount(), 600);
    model.append(makeEntries(600, 601));
    QCOMPARE(model.rowCount(), 1000);
    QCOMPARE(model.entry(0).sequence, quint64(201)); // the oldest 200 were dropped
    QCOMPARE(model.entry(999).sequence, quint64(1200));
    model.append(makeEntries(5000, 1201)); // a batch larger than the capacity keeps its newest records
    QCOMPARE(model.rowCount(), 1000);
    QCOMPARE(model.entry(999).sequence, quint64(6200));
    QCOMPARE(model.data(model.index(0, LogTableModel::SourceColumn)).toString(), model.entry(0).source);
    QCOMPARE(model.services(), (QStringList { "cart", "catalog", "registry", "scraper" }));
    model.clear();
    QCOMPARE(model.rowCount(), 0);
}

void TestLogPanel::proxyFiltersByLevelServiceTextAndSpan()
{
    LogTableModel model;
    LogFilterProxy proxy;
    proxy.setLogSource(&model);
    model.append(makeEntries(600));
    auto countMatching = [&](auto predicate) {
        int n = 0;
        for (int row = 0; row < model.rowCount(); ++row)
            n += predicate(model.entry(row)) ? 1 : 0;
        return n;
    };
    proxy.setMinimumLevel(4);
    QCOMPARE(proxy.rowCount(), countMatching([](const LogEntry &e) { return e.level >= 4; }));
    proxy.setService(QStringLiteral("cart"));
    QCOMPARE(proxy.rowCount(),
        countMatching([](const LogEntry &e) { return e.level >= 4 && e.service() == QLatin1String("cart"); }));
    proxy.setMinimumLevel(0);
    proxy.setService({});
    QVERIFY(proxy.setText(QStringLiteral("request 12"), false));
    QCOMPARE(proxy.rowCount(),
        countMatching([](const LogEntry &e) { return e.message.contains(QLatin1String("request 12")); }));
    QVERIFY(proxy.setText(QStringLiteral("in (1|2) ms$"), true));
    QCOMPARE(proxy.rowCount(), countMatching([](const LogEntry &e) {
        return e.message.endsWith(QLatin1String("in 1 ms")) || e.message.endsWith(QLatin1String("in 2 ms"));
    }));
    QVERIFY(proxy.setText({}, false));
    const qint64 from = model.entry(100).timeMs;
    const qint64 to = model.entry(149).timeMs;
    proxy.setTimeSpan(from, to);
    QCOMPARE(proxy.rowCount(), 50);
    proxy.setTimeSpan(0, 0);
    QCOMPARE(proxy.rowCount(), 600);
}

void TestLogPanel::invalidRegexIsReportedNotApplied()
{
    LogTableModel model;
    LogFilterProxy proxy;
    proxy.setLogSource(&model);
    model.append(makeEntries(10));
    QString error;
    QVERIFY(!proxy.setText(QStringLiteral("(unclosed"), true, &error));
    QVERIFY(!error.isEmpty());
    QCOMPARE(proxy.rowCount(), 10);
}

void TestLogPanel::panelControlsDriveTheFilter()
{
    LogPanel panel;
    panel.resize(900, 400);
    panel.show();
    panel.append(makeEntries(300));
    auto *level = panel.findChild<QComboBox *>(QStringLiteral("logLevelFilter"));
    auto *service = panel.findChild<QComboBox *>(QStringLiteral("logServiceFilter"));
    auto *text = panel.findChild<QLineEdit *>(QStringLiteral("logTextFilter"));
    QVERIFY(level && service && text);
    level->setCurrentIndex(0);
    QCOMPARE(panel.proxy()->rowCount(), 300);
    QCOMPARE(service->count(), 5); // "All services" + cart, catalog, registry, scraper
    service->setCurrentIndex(service->findData(QStringLiteral("registry")));
    QCOMPARE(panel.proxy()->rowCount(), 60);
    text->setText(QStringLiteral("request 10"));
    int expected = 0;
    for (const auto &entry : makeEntries(300))
        expected
            += entry.source == QLatin1String("registry") && entry.message.contains(QLatin1String("request 10")) ? 1 : 0;
    QVERIFY(expected > 0);
    QCOMPARE(panel.proxy()->rowCount(), expected);
}

void TestLogPanel::exportWritesVisibleRecords()
{
    LogPanel panel;
    panel.append(makeEntries(120));
    panel.findChild<QComboBox *>(QStringLiteral("logLevelFilter"))->setCurrentIndex(5); // critical only
    QTemporaryDir dir;
    const auto path = dir.filePath(QStringLiteral("logs.txt"));
    QVERIFY(panel.exportTo(path));
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const auto lines = QString::fromUtf8(file.readAll()).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    QCOMPARE(lines.size(), 20);
    for (const auto &line : lines)
        QVERIFY2(line.contains(QLatin1String(" critical [")), qPrintable(line));
}

void TestLogPanel::chartSpanShowsAsAChipAndClears()
{
    // The chart and the log view wired as the console wires them.
    MetricsPanel metrics;
    LogPanel logs;
    connect(&metrics, &MetricsPanel::timeSpanSelected, &logs, &LogPanel::setTimeSpan);
    logs.resize(900, 400);
    logs.show();
    QVERIFY(QTest::qWaitForWindowExposed(&logs));
    auto *chips = logs.filterChips();
    QVERIFY(!chips->isVisible());

    // The chart's context-menu action (the discoverable twin of Shift+drag).
    auto *filter = metrics.findChild<QAction *>(QStringLiteral("actionMetricsFilterLogs"));
    QVERIFY(filter);
    filter->trigger();
    QVERIFY(logs.proxy()->hasTimeSpan());
    QTRY_VERIFY(chips->isVisible());
    QCOMPARE(chips->chipIds(), QStringList { QStringLiteral("span") });
    auto *chip = chips->findChild<QLabel *>(QStringLiteral("logChipText_span"));
    QVERIFY(chip && chip->isVisible());
    QVERIFY2(chip->text().startsWith(QStringLiteral("time ")), qPrintable(chip->text()));

    // Its × clears it.
    auto *remove = chips->findChild<QToolButton *>(QStringLiteral("logChipRemove_span"));
    QVERIFY(remove);
    QTest::mouseClick(remove, Qt::LeftButton);
    QVERIFY(!logs.proxy()->hasTimeSpan());
    QTRY_VERIFY(!chips->isVisible());
    QVERIFY(chips->chipIds().isEmpty());
}

void TestLogPanel::escapeClearsEveryFilter()
{
    LogPanel logs;
    logs.resize(900, 400);
    logs.show();
    QVERIFY(QTest::qWaitForWindowExposed(&logs));
    logs.append(makeEntries(300));
    logs.activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(&logs));
    logs.setTimeSpan(1'700'000'000'500, 1'700'000'001'500);
    auto *level = logs.findChild<QComboBox *>(QStringLiteral("logLevelFilter"));
    auto *service = logs.findChild<QComboBox *>(QStringLiteral("logServiceFilter"));
    auto *text = logs.findChild<QLineEdit *>(QStringLiteral("logTextFilter"));
    const int defaultLevel = level->currentIndex();
    level->setCurrentIndex(4);
    service->setCurrentIndex(service->findData(QStringLiteral("cart")));
    text->setFocus();
    QTest::keyClicks(text, QStringLiteral("handled"));
    QCOMPARE(logs.filterChips()->chipIds(),
        QStringList(
            { QStringLiteral("span"), QStringLiteral("level"), QStringLiteral("service"), QStringLiteral("text") }));
    QVERIFY(logs.filterChips()->chipText(QStringLiteral("service")).contains(QStringLiteral("cart")));

    QTest::keyClick(text, Qt::Key_Escape);
    QVERIFY(!logs.proxy()->hasTimeSpan());
    QCOMPARE(level->currentIndex(), defaultLevel);
    QCOMPARE(service->currentIndex(), 0);
    QVERIFY(text->text().isEmpty());
    QVERIFY(logs.filterChips()->chipIds().isEmpty());
    QTRY_VERIFY(!logs.filterChips()->isVisible());
}

void TestLogPanel::rowCounterStaysClearOfTheFilters()
{
    LogPanel logs;
    logs.resize(900, 400);
    logs.show();
    QVERIFY(QTest::qWaitForWindowExposed(&logs));
    logs.append(makeEntries(5000));
    logs.setTimeSpan(1'700'000'000'000, 1'700'000'060'000);
    auto *count = logs.findChild<QLabel *>(QStringLiteral("logCount"));
    QVERIFY(count);
    QTRY_VERIFY(logs.filterChips()->isVisible());
    // The counter shows its whole text, and no other control of the panel overlaps it.
    QVERIFY(count->fontMetrics().horizontalAdvance(count->text()) <= count->contentsRect().width());
    const QRect counter(count->mapTo(&logs, QPoint()), count->size());
    for (auto *widget : logs.findChildren<QWidget *>()) {
        if (widget == count || !widget->isVisible() || widget->isAncestorOf(count) || count->isAncestorOf(widget)
            || widget->window() != &logs || widget->parentWidget() == logs.view())
            continue;
        if (widget == logs.view() || logs.view()->isAncestorOf(widget))
            continue;
        const QRect other(widget->mapTo(&logs, QPoint()), widget->size());
        QVERIFY2(!other.intersects(counter),
            qPrintable(widget->objectName() + QLatin1Char(' ') + widget->metaObject()->className()));
    }
}

QTEST_MAIN(TestLogPanel)
#include "tst_logpanel.moc"
