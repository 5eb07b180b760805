// The live console with a metric store too small for its fleet: the status bar says the store is full and how
// many instances' figures are incomplete, in the failure colour, and the Details of a service whose series were
// refused says so under its numbers. Nothing is shown as if it were whole.
#include "details/servicedetailspanel.h"
#include "embeddedconsole.h"
#include "shell/console.h"
#include "shell/mainwindow.h"
#include "topology/servicenodeitem.h"
#include "topology/topologyscene.h"
#include "topology/topologyview.h"

#include <QLabel>
#include <QStandardPaths>
#include <QTest>

class TestStoreFull : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void statusBarAndDetailsSayFiguresAreIncomplete();

private:
    EmbeddedConsole m_live;
};

void TestStoreFull::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QString error;
    EmbeddedConsole::Options options;
    options.cartInstances = 1;
    options.maxSeries = 150; // a few instances' pages: reached within the first scrapes
    QVERIFY2(m_live.start(options, &error), qPrintable(error));
}

void TestStoreFull::cleanupTestCase()
{
    m_live.stop();
}

void TestStoreFull::statusBarAndDetailsSayFiguresAreIncomplete()
{
    auto *warning = m_live.window()->findChild<QLabel *>(QStringLiteral("limitWarning"));
    QVERIFY(warning);
    QTRY_VERIFY_WITH_TIMEOUT(warning->isVisible(), 20000);
    QVERIFY2(warning->text().startsWith(QStringLiteral("Metric store full: ")), qPrintable(warning->text()));
    QVERIFY2(warning->text().contains(QStringLiteral("(cap 150)")), qPrintable(warning->text()));

    // A service with refused series: its Details say so.
    QString incomplete;
    for (const auto &node : m_live.monitor()->topology().nodes) {
        for (const auto &instance : node.instances) {
            if (instance.droppedSeries > 0)
                incomplete = node.service;
        }
    }
    QVERIFY2(!incomplete.isEmpty(), "some instance has refused series");
    auto *scene = m_live.console()->topologyView()->scene();
    QTRY_VERIFY_WITH_TIMEOUT(scene->nodeItem(incomplete), 20000);
    scene->clearSelection();
    scene->nodeItem(incomplete)->setSelected(true);
    auto *summary = m_live.console()->detailsPanel()->findChild<QLabel *>(QStringLiteral("detailsSummary"));
    QVERIFY(summary);
    QTRY_VERIFY_WITH_TIMEOUT(summary->text().contains(QStringLiteral("Incomplete: ")), 10000);
}

QTEST_MAIN(TestStoreFull)
#include "tst_storefull.moc"
