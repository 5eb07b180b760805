#include "confirmationdriver.h"
#include "details/healthtimelineview.h"
#include "details/instancetablemodel.h"
#include "details/servicedetailspanel.h"
#include "embeddedconsole.h"
#include "httptestclient.h"
#include "logs/logfilterproxy.h"
#include "logs/logtablemodel.h"
#include "metrics/metricspanel.h"
#include "registry/registryinstancemodel.h"
#include "registry/registrypanel.h"
#include "runtime/embeddedfleet.h"
#include "runtime/fleet.h"
#include "runtime/monitor.h"
#include "shell/console.h"
#include "shell/mainwindow.h"
#include "topology/servicenodeitem.h"
#include "topology/topologyscene.h"
#include "topologymenudriver.h"

#include <QAbstractItemModelTester>
#include <QAction>
#include <QComboBox>
#include <QDockWidget>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMenu>
#include <QSortFilterProxyModel>
#include <QStandardPaths>
#include <QTest>
#include <QTimer>

namespace {

const TopologyNode *nodeOf(const TopologySnapshot &snapshot, const QString &service)
{
    for (const auto &node : snapshot.nodes) {
        if (node.service == service)
            return &node;
    }
    return nullptr;
}

int passingInstances(const TopologySnapshot &snapshot, const QString &service)
{
    const auto *node = nodeOf(snapshot, service);
    if (!node)
        return 0;
    int passing = 0;
    for (const auto &instance : node->instances)
        passing += instance.health == QLatin1String("passing") ? 1 : 0;
    return passing;
}

QJsonObject trafficCounts(Fleet &fleet)
{
    auto url = fleet.host(QStringLiteral("traffic-1"))->baseUrl();
    url.setPath(QStringLiteral("/traffic"));
    return TestHttp::get(url).json();
}

} // namespace

// The whole console against the real embedded fleet: registry, catalog, three carts and the traffic
// generator on loopback, discovered and scraped like any fleet.
class TestConsole : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void graphShowsTheLiveFleet();
    void selectingANodeShowsItsInstances();
    void doubleClickDrillsIntoTheServiceInstances();
    void killFromContextMenuReroutesTraffic();

private:
    EmbeddedConsole m_live;
};

void TestConsole::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QString error;
    QVERIFY2(m_live.start({ 3, QSize(1400, 900), 500 }, &error), qPrintable(error));
}

void TestConsole::cleanupTestCase()
{
    m_live.stop();
}

void TestConsole::graphShowsTheLiveFleet()
{
    auto *scene = m_live.console()->topologyView()->scene();
    QTRY_VERIFY_WITH_TIMEOUT(
        scene->nodeItem(QStringLiteral("cart")) && scene->nodeItem(QStringLiteral("catalog")), 20000);
    QTRY_COMPARE_WITH_TIMEOUT(passingInstances(m_live.monitor()->topology(), QStringLiteral("cart")), 3, 20000);
    // Edges come from real calls: traffic → cart and cart → catalog.
    QTRY_VERIFY_WITH_TIMEOUT(scene->edgeItem(QStringLiteral("traffic"), QStringLiteral("cart")), 20000);
    QTRY_VERIFY_WITH_TIMEOUT(scene->edgeItem(QStringLiteral("cart"), QStringLiteral("catalog")), 20000);
    QCOMPARE(scene->nodeItem(QStringLiteral("cart"))->node().instances.size(), 3);
}

void TestConsole::selectingANodeShowsItsInstances()
{
    auto *scene = m_live.console()->topologyView()->scene();
    QTRY_VERIFY_WITH_TIMEOUT(scene->nodeItem(QStringLiteral("cart")), 20000);
    scene->clearSelection();
    scene->nodeItem(QStringLiteral("cart"))->setSelected(true);
    auto *service = m_live.console()->metricsPanel()->findChild<QComboBox *>(QStringLiteral("metricsService"));
    auto *instances = m_live.console()->metricsPanel()->findChild<QComboBox *>(QStringLiteral("metricsInstance"));
    QCOMPARE(service->currentData().toString(), QStringLiteral("cart"));
    QTRY_COMPARE_WITH_TIMEOUT(instances->count(), 4, 10000); // "All instances" + cart-1..3
    for (const auto *id : { "cart-1", "cart-2", "cart-3" })
        QVERIFY2(instances->findData(QString::fromLatin1(id)) >= 0, id);

    // The details dock follows: the service's instances and a health lane per instance.
    auto *details = m_live.console()->detailsPanel();
    QCOMPARE(details->service(), QStringLiteral("cart"));
    QTRY_COMPARE_WITH_TIMEOUT(details->instances()->rowCount(), 3, 10000);
    QTRY_COMPARE_WITH_TIMEOUT(details->healthTimeline()->lanes().size(), 3, 10000);
    for (const auto &lane : details->healthTimeline()->lanes())
        QCOMPARE(lane.segments.last().state, InstanceHealth::Up);
}

void TestConsole::doubleClickDrillsIntoTheServiceInstances()
{
    auto *view = m_live.console()->topologyView();
    auto *node = view->scene()->nodeItem(QStringLiteral("catalog"));
    QVERIFY(node);
    view->canvas()->centerOn(node);
    const QPoint at = view->canvas()->mapFromScene(node->sceneBoundingRect().center());
    QTest::mouseDClick(view->canvas()->viewport(), Qt::LeftButton, {}, at);

    // The registry dock lists exactly the catalog's instances.
    auto *registry = m_live.console()->registryPanel();
    QVERIFY(registry);
    QCOMPARE(registry->shownService(), QStringLiteral("catalog"));
    QAbstractItemModelTester tester(registry->shownInstances(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    auto shownIds = [registry] {
        QStringList ids;
        auto *shown = registry->shownInstances();
        for (int row = 0; row < shown->rowCount(); ++row)
            ids << shown->index(row, RegistryInstanceModel::IdColumn).data().toString();
        ids.sort();
        return ids;
    };
    QTRY_COMPARE_WITH_TIMEOUT(
        shownIds(), (QStringList { QStringLiteral("catalog-1"), QStringLiteral("catalog-2") }), 10000);
    QVERIFY(!m_live.window()->dock(MainWindow::Panel::Registry)->visibleRegion().isEmpty());
    registry->showService({});
    // All services again: catalog ×2, cart ×3 and traffic.
    QTRY_COMPARE_WITH_TIMEOUT(registry->shownInstances()->rowCount(), 6, 10000);
    QCOMPARE(registry->shownInstances()->rowCount(), registry->instanceModel()->rowCount());
}

void TestConsole::killFromContextMenuReroutesTraffic()
{
    // Open the graph's context menu on the cart service and choose cart-2 → Kill, as an operator would.
    QVERIFY(chooseInstanceAction(m_live.console()->topologyView(), QStringLiteral("cart"), QStringLiteral("cart-2"),
        TopologyView::InstanceAction::Kill));
    QVERIFY(answerConfirmation(QStringLiteral("confirmKill"), true));
    QTRY_VERIFY_WITH_TIMEOUT(!m_live.fleet()->host(QStringLiteral("cart-2"))->isRunning(), 5000);

    // The registry stops offering it once its lease expires (TTL 5 s)...
    QUrl health(QStringLiteral("http://127.0.0.1:%1/v1/health/service/cart?passing").arg(m_live.registryPort()));
    auto passingIds = [&health] {
        QStringList ids;
        for (const auto &entry : QJsonDocument::fromJson(TestHttp::get(health).body).array())
            ids << entry.toObject().value(QStringLiteral("Service")).toObject().value(QStringLiteral("ID")).toString();
        return ids;
    };
    QTRY_VERIFY_WITH_TIMEOUT(!passingIds().contains(QStringLiteral("cart-2")), 15000);
    QCOMPARE(passingIds().size(), 2);
    // ...and the graph no longer shows it as a passing instance.
    QTRY_COMPARE_WITH_TIMEOUT(passingInstances(m_live.monitor()->topology(), QStringLiteral("cart")), 2, 15000);

    // Traffic keeps flowing to the two survivors: new shopper actions succeed.
    const auto before = trafficCounts(*m_live.fleet());
    QTRY_VERIFY_WITH_TIMEOUT(trafficCounts(*m_live.fleet()).value(QStringLiteral("ok")).toInt()
            > before.value(QStringLiteral("ok")).toInt() + 20,
        15000);
    const auto after = trafficCounts(*m_live.fleet());
    const int newFailures
        = after.value(QStringLiteral("failed")).toInt() - before.value(QStringLiteral("failed")).toInt();
    const int newSuccesses = after.value(QStringLiteral("ok")).toInt() - before.value(QStringLiteral("ok")).toInt();
    QVERIFY2(newFailures * 10 <= newSuccesses,
        qPrintable(QStringLiteral("%1 failed vs %2 ok").arg(newFailures).arg(newSuccesses)));

    // The details dock's health timeline shows when cart-2 stopped answering, while the others stayed up.
    auto laneState = [this](const QString &instance) {
        for (const auto &lane : m_live.console()->detailsPanel()->healthTimeline()->lanes()) {
            if (lane.instance == instance)
                return lane.segments.last().state;
        }
        return InstanceHealth::Up;
    };
    QTRY_VERIFY_WITH_TIMEOUT(laneState(QStringLiteral("cart-2")) != InstanceHealth::Up, 15000);
    QCOMPARE(laneState(QStringLiteral("cart-1")), InstanceHealth::Up);
}

QTEST_MAIN(TestConsole)
#include "tst_console.moc"
