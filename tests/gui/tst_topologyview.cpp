#include "common/theme.h"
#include "telemetry/topologysnapshot.h"
#include "topology/edgeitem.h"
#include "topology/servicenodeitem.h"
#include "topology/topologyfilter.h"
#include "topology/topologyscene.h"
#include "topology/topologyview.h"
#include "topologymenudriver.h"

#include <QAction>
#include <QApplication>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QPainterPathStroker>
#include <QScrollBar>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <QtMath>

namespace {

TopologySnapshot sampleSnapshot()
{
    auto instance = [](const QString &id, const QString &health) {
        return TopologyInstance { id, QStringLiteral("127.0.0.1"), 1, health, 1, 0 };
    };
    TopologySnapshot s;
    s.nodes = {
        { QStringLiteral("traffic"), { instance(QStringLiteral("traffic-1"), QStringLiteral("passing")) },
            QStringLiteral("passing"), 20, 0, 4, true, 600, true },
        { QStringLiteral("cart"),
            { instance(QStringLiteral("cart-1"), QStringLiteral("passing")),
                instance(QStringLiteral("cart-2"), QStringLiteral("passing")),
                instance(QStringLiteral("cart-3"), QStringLiteral("critical")) },
            QStringLiteral("warning"), 18, 0.08, 12, true, 540, true },
        { QStringLiteral("catalog"),
            { instance(QStringLiteral("catalog-1"), QStringLiteral("passing")),
                instance(QStringLiteral("catalog-2"), QStringLiteral("passing")) },
            QStringLiteral("passing"), 30, 0.0, 2, true, 900, true },
    };
    s.edges = { { QStringLiteral("traffic"), QStringLiteral("cart"), 18, 0.08, 12 },
        { QStringLiteral("cart"), QStringLiteral("catalog"), 30, 0, 2 },
        { QStringLiteral("traffic"), QStringLiteral("catalog"), 5, 0, 2 } };
    return s;
}

} // namespace

class TestTopologyView : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }
    void init() { QSettings().clear(); }
    void filterExpressions_data();
    void filterExpressions();
    void layoutPlacesCallersLeftOfCallees();
    void selectingANodeAnnouncesIt();
    void filterHidesNodesAndTheirEdges();
    void draggedPositionIsRemembered();
    void edgesAreRoutedAroundOtherNodes();
    void pureCallerShowsWhatItSends();
    void unknownTrafficIsNotZero();
    void contextMenuRequestsInstanceActions();
    void exportsPngSvgAndDot();
    void textIsReadableAtDefaultZoom();
    void fittedGraphIsCentredWithoutScrollBars();
    void edgesAreEasyToHitAtAnyZoom();
    void clickingAnEdgeLabelSelectsTheEdge();
    void cardsFollowTheTheme();

private:
    // The topology dock's canvas at 1600×1000, laid out and fitted.
    void showLaidOut(TopologyView &view);
};

void TestTopologyView::filterExpressions_data()
{
    QTest::addColumn<QString>("expression");
    QTest::addColumn<bool>("valid");
    QTest::addColumn<QStringList>("matching");
    QTest::newRow("empty") << "" << true << QStringList { "traffic", "cart", "catalog" };
    QTest::newRow("error percent") << "error > 5%" << true << QStringList { "cart" };
    QTest::newRow("name regex") << "name ~ ^ca" << true << QStringList { "cart", "catalog" };
    QTest::newRow("and") << "name ~ ca and rps > 20" << true << QStringList { "catalog" };
    QTest::newRow("health") << "health = warning" << true << QStringList { "cart" };
    QTest::newRow("instances") << "instances >= 2" << true << QStringList { "cart", "catalog" };
    QTest::newRow("p95 ms") << "p95 < 5ms" << true << QStringList { "traffic", "catalog" };
    QTest::newRow("unknown field") << "colour = red" << false << QStringList {};
    QTest::newRow("not a number") << "rps > lots" << false << QStringList {};
    QTest::newRow("garbage") << "error >" << false << QStringList {};
}

void TestTopologyView::filterExpressions()
{
    QFETCH(QString, expression);
    QFETCH(bool, valid);
    QFETCH(QStringList, matching);
    TopologyFilter filter;
    QString error;
    QCOMPARE(filter.parse(expression, &error), valid);
    if (!valid) {
        QVERIFY(!error.isEmpty());
        return;
    }
    QStringList matched;
    for (const auto &node : sampleSnapshot().nodes) {
        if (filter.matches(node))
            matched << node.service;
    }
    QCOMPARE(matched, matching);
}

void TestTopologyView::layoutPlacesCallersLeftOfCallees()
{
    TopologyView view;
    view.resize(900, 600);
    view.show();
    QSignalSpy laidOut(view.scene(), &TopologyScene::layoutApplied);
    view.applySnapshot(sampleSnapshot());
    QVERIFY(laidOut.wait(5000));
    auto *traffic = view.scene()->nodeItem(QStringLiteral("traffic"));
    auto *cart = view.scene()->nodeItem(QStringLiteral("cart"));
    auto *catalog = view.scene()->nodeItem(QStringLiteral("catalog"));
    QVERIFY(traffic && cart && catalog);
    QVERIFY(traffic->x() < cart->x());
    QVERIFY(cart->x() < catalog->x());
    QVERIFY(!traffic->sceneBoundingRect().intersects(cart->sceneBoundingRect()));
    QCOMPARE(cart->state(), HealthStyle::State::Failing); // 8 % errors is over the 5 % failing threshold
    QCOMPARE(catalog->state(), HealthStyle::State::Healthy);
    // A second snapshot with the same structure updates in place, without a new layout.
    auto updated = sampleSnapshot();
    updated.nodes[1].errorRatio = 0.0;
    updated.nodes[1].health = QStringLiteral("passing");
    view.applySnapshot(updated);
    QCOMPARE(view.scene()->nodeItem(QStringLiteral("cart")), cart);
    QCOMPARE(cart->state(), HealthStyle::State::Healthy);
    QVERIFY(!view.scene()->isLayoutPending());
}

void TestTopologyView::selectingANodeAnnouncesIt()
{
    TopologyView view;
    view.applySnapshot(sampleSnapshot());
    QSignalSpy selected(&view, &TopologyView::serviceSelected);
    QSignalSpy edgeSelected(&view, &TopologyView::edgeSelected);
    view.scene()->nodeItem(QStringLiteral("catalog"))->setSelected(true);
    QCOMPARE(selected.count(), 1);
    QCOMPARE(selected.first().first().toString(), QStringLiteral("catalog"));
    QCOMPARE(view.selectedService(), QStringLiteral("catalog"));
    view.scene()->clearSelection();
    view.scene()->edgeItem(QStringLiteral("cart"), QStringLiteral("catalog"))->setSelected(true);
    QCOMPARE(edgeSelected.count(), 1);
    QCOMPARE(edgeSelected.first().at(1).toString(), QStringLiteral("catalog"));
}

void TestTopologyView::filterHidesNodesAndTheirEdges()
{
    TopologyView view;
    view.applySnapshot(sampleSnapshot());
    auto *filter = view.findChild<QLineEdit *>(QStringLiteral("topologyFilter"));
    QVERIFY(filter);
    filter->setText(QStringLiteral("name ~ cat"));
    QVERIFY(!view.scene()->nodeItem(QStringLiteral("cart"))->isVisible());
    QVERIFY(view.scene()->nodeItem(QStringLiteral("catalog"))->isVisible());
    QVERIFY(!view.scene()->edgeItem(QStringLiteral("cart"), QStringLiteral("catalog"))->isVisible());
    filter->setText(QStringLiteral("nonsense here"));
    auto *error = view.findChild<QLabel *>(QStringLiteral("topologyFilterError"));
    QVERIFY(!error->isHidden());
    QVERIFY(!error->text().isEmpty());
    filter->clear();
    QVERIFY(view.scene()->nodeItem(QStringLiteral("cart"))->isVisible());
    QVERIFY(error->isHidden());
}

void TestTopologyView::draggedPositionIsRemembered()
{
    {
        TopologyView view;
        QSignalSpy laidOut(view.scene(), &TopologyScene::layoutApplied);
        view.applySnapshot(sampleSnapshot());
        QVERIFY(laidOut.wait(5000));
        view.scene()->nodeItem(QStringLiteral("cart"))->setPos(QPointF(1234, 567));
    }
    TopologyView again;
    QSignalSpy laidOut(again.scene(), &TopologyScene::layoutApplied);
    again.applySnapshot(sampleSnapshot());
    QVERIFY(laidOut.wait(5000));
    QCOMPARE(again.scene()->nodeItem(QStringLiteral("cart"))->pos(), QPointF(1234, 567));
    // The edge follows the node.
    QVERIFY(again.scene()
                ->edgeItem(QStringLiteral("traffic"), QStringLiteral("cart"))
                ->boundingRect()
                .contains(again.scene()->nodeItem(QStringLiteral("cart"))->sceneBoundingRect().center()
                    - QPointF(ServiceNodeItem::kWidth / 2, 0)));
}

void TestTopologyView::edgesAreRoutedAroundOtherNodes()
{
    // traffic calls four services that all call catalog, and calls catalog directly too: that edge skips a
    // rank full of cards, so a plain curve from traffic to catalog would cross one of them.
    TopologySnapshot snapshot;
    auto node = [](const QString &service) {
        return TopologyNode { service,
            { TopologyInstance {
                service + QStringLiteral("-1"), QStringLiteral("127.0.0.1"), 1, QStringLiteral("passing"), 1, 0 } },
            QStringLiteral("passing"), 1, 0, 1 };
    };
    snapshot.nodes = { node(QStringLiteral("traffic")), node(QStringLiteral("catalog")) };
    for (const auto *middle : { "cart", "search", "orders", "payments" }) {
        const QString service = QString::fromLatin1(middle);
        snapshot.nodes.append(node(service));
        snapshot.edges.append({ QStringLiteral("traffic"), service, 1, 0, 1 });
        snapshot.edges.append({ service, QStringLiteral("catalog"), 1, 0, 1 });
    }
    snapshot.edges.append({ QStringLiteral("traffic"), QStringLiteral("catalog"), 1, 0, 1 });

    TopologyView view;
    QSignalSpy laidOut(view.scene(), &TopologyScene::layoutApplied);
    view.applySnapshot(snapshot);
    QVERIFY(laidOut.wait(5000));
    auto *scene = view.scene();
    const auto *skipping = scene->edgeItem(QStringLiteral("traffic"), QStringLiteral("catalog"));
    QVERIFY(skipping);
    for (const auto *item : scene->nodeItems()) {
        if (item->service() == QLatin1String("traffic") || item->service() == QLatin1String("catalog"))
            continue;
        for (int i = 0; i <= 200; ++i)
            QVERIFY2(!item->sceneBoundingRect().contains(skipping->path().pointAtPercent(i / 200.0)),
                qPrintable(item->service()));
    }
    // Both ends still touch their cards.
    QVERIFY(scene->nodeItem(QStringLiteral("traffic"))
                ->sceneBoundingRect()
                .adjusted(-4, -4, 4, 4)
                .contains(skipping->path().pointAtPercent(0)));
    QVERIFY(scene->nodeItem(QStringLiteral("catalog"))
                ->sceneBoundingRect()
                .adjusted(-4, -4, 4, 4)
                .contains(skipping->path().pointAtPercent(1)));
}

void TestTopologyView::pureCallerShowsWhatItSends()
{
    auto snapshot = sampleSnapshot();
    snapshot.nodes[0].rps = 0; // traffic serves nothing; it calls cart (18 rps) and catalog (5 rps)
    TopologyView view;
    view.applySnapshot(snapshot);
    auto *scene = view.scene();
    QCOMPARE(scene->nodeItem(QStringLiteral("traffic"))->statsText(), QStringLiteral("23 rps out"));
    QCOMPARE(scene->nodeItem(QStringLiteral("traffic"))->state(), HealthStyle::State::Healthy);
    QCOMPARE(scene->nodeItem(QStringLiteral("catalog"))->statsText(), QStringLiteral("30 rps · 0.0% err · p95 2.0 ms"));
}

void TestTopologyView::unknownTrafficIsNotZero()
{
    // A service whose /metrics hold no request counts (one written elsewhere), and one that had no request
    // in the window: neither has an error ratio or a p95 to show.
    auto snapshot = sampleSnapshot();
    snapshot.nodes[2].hasTraffic = false;
    snapshot.nodes[2].rps = snapshot.nodes[2].errorRatio = snapshot.nodes[2].p95Ms = snapshot.nodes[2].requests = 0;
    snapshot.nodes[1].rps = snapshot.nodes[1].errorRatio = snapshot.nodes[1].p95Ms = snapshot.nodes[1].requests = 0;
    snapshot.edges.clear();
    TopologyView view;
    view.applySnapshot(snapshot);
    QCOMPARE(view.scene()->nodeItem(QStringLiteral("catalog"))->statsText(), QStringLiteral("no request metrics"));
    QCOMPARE(view.scene()->nodeItem(QStringLiteral("catalog"))->state(), HealthStyle::State::NoMetrics);
    QCOMPARE(view.scene()->nodeItem(QStringLiteral("cart"))->statsText(), QStringLiteral("0 rps · no requests"));
    // Counts without latency buckets (a Micrometer summary): rate and errors, and no made-up p95.
    snapshot.nodes[1].rps = 4;
    snapshot.nodes[1].requests = 120;
    snapshot.nodes[1].hasLatency = false;
    view.applySnapshot(snapshot);
    QCOMPARE(view.scene()->nodeItem(QStringLiteral("cart"))->statsText(),
        QStringLiteral("4.0 rps · 0.0% err · no latency data"));
}

void TestTopologyView::contextMenuRequestsInstanceActions()
{
    TopologyView view;
    view.resize(900, 600);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    QSignalSpy laidOut(view.scene(), &TopologyScene::layoutApplied);
    view.applySnapshot(sampleSnapshot());
    QVERIFY(laidOut.wait(5000));
    QSignalSpy requested(&view, &TopologyView::instanceActionRequested);
    QVERIFY(chooseInstanceAction(
        &view, QStringLiteral("cart"), QStringLiteral("cart-2"), TopologyView::InstanceAction::Kill));
    QTRY_COMPARE(requested.count(), 1);
    QCOMPARE(requested.first().at(0).value<TopologyView::InstanceAction>(), TopologyView::InstanceAction::Kill);
    QCOMPARE(requested.first().at(1).toString(), QStringLiteral("cart"));
    QCOMPARE(requested.first().at(2).toString(), QStringLiteral("cart-2"));
}

void TestTopologyView::exportsPngSvgAndDot()
{
    TopologyView view;
    QSignalSpy laidOut(view.scene(), &TopologyScene::layoutApplied);
    view.applySnapshot(sampleSnapshot());
    QVERIFY(laidOut.wait(5000));
    QTemporaryDir dir;
    for (const auto *name : { "t.png", "t.svg", "t.dot" }) {
        const auto path = dir.filePath(QString::fromLatin1(name));
        QString error;
        QVERIFY2(view.exportTo(path, &error), qPrintable(error));
        QVERIFY(QFileInfo(path).size() > 100);
    }
    QFile dot(dir.filePath(QStringLiteral("t.dot")));
    QVERIFY(dot.open(QIODevice::ReadOnly));
    const auto text = QString::fromUtf8(dot.readAll());
    QVERIFY(text.contains(QStringLiteral("\"cart\" -> \"catalog\"")));
    QVERIFY(text.contains(QStringLiteral("30 rps")));
    QVERIFY(!QImage(dir.filePath(QStringLiteral("t.png"))).isNull());
}

void TestTopologyView::showLaidOut(TopologyView &view)
{
    view.resize(960, 560);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    QSignalSpy laidOut(view.scene(), &TopologyScene::layoutApplied);
    view.applySnapshot(sampleSnapshot());
    QVERIFY(laidOut.wait(5000));
    QCoreApplication::processEvents();
}

void TestTopologyView::textIsReadableAtDefaultZoom()
{
    TopologyView view;
    showLaidOut(view);
    // The smallest text of the graph (a card's figures, an edge's label) in on-screen pixels.
    const qreal scale = view.canvas()->transform().m11();
    const qreal basePixels = QFontInfo(view.canvas()->font()).pixelSize();
    const qreal smallest = basePixels * std::min(ServiceNodeItem::kSmallFontScale, EdgeItem::kLabelFontScale) * scale;
    QVERIFY2(smallest >= 10.5, qPrintable(QStringLiteral("%1 px at zoom %2").arg(smallest).arg(scale)));
}

void TestTopologyView::fittedGraphIsCentredWithoutScrollBars()
{
    TopologyView view;
    showLaidOut(view);
    auto *canvas = view.canvas();
    const QRect graph = canvas->mapFromScene(view.scene()->itemsBoundingRect()).boundingRect();
    // This graph fits the view at a readable zoom, so no scroll bar ...
    QVERIFY(canvas->viewport()->rect().contains(graph));
    QVERIFY(!canvas->horizontalScrollBar()->isVisible());
    QVERIFY(!canvas->verticalScrollBar()->isVisible());
    // ... and it sits in the middle.
    const QPoint offset = graph.center() - canvas->viewport()->rect().center();
    QVERIFY2(qAbs(offset.x()) <= 3 && qAbs(offset.y()) <= 3,
        qPrintable(QStringLiteral("off centre by %1,%2").arg(offset.x()).arg(offset.y())));
}

void TestTopologyView::edgesAreEasyToHitAtAnyZoom()
{
    TopologyView view;
    showLaidOut(view);
    auto *edge = view.scene()->edgeItem(QStringLiteral("cart"), QStringLiteral("catalog"));
    QVERIFY(edge);
    for (const qreal zoom : { 1.0, 0.5, 0.5 }) {
        view.canvas()->zoomBy(zoom);
        const qreal scale = view.canvas()->transform().m11();
        // 4 px either side of the curve (on screen) is still the edge.
        const QPointF middle = edge->path().pointAtPercent(0.5);
        const qreal angle = qDegreesToRadians(edge->path().angleAtPercent(0.5));
        const QPointF normal(std::sin(angle), std::cos(angle));
        for (const qreal side : { -4.0, 4.0 }) {
            const QPointF point = middle + normal * (side / scale);
            QVERIFY2(edge->shape().contains(point),
                qPrintable(QStringLiteral("zoom %1: %2 px beside the curve is not the edge").arg(scale).arg(side)));
        }
    }
}

void TestTopologyView::clickingAnEdgeLabelSelectsTheEdge()
{
    TopologyView view;
    showLaidOut(view);
    auto *edge = view.scene()->edgeItem(QStringLiteral("traffic"), QStringLiteral("cart"));
    QVERIFY(edge);
    QSignalSpy selected(&view, &TopologyView::edgeSelected);
    // A point of the label well away from the curve itself.
    const QRectF label = edge->labelRect();
    QVERIFY(!label.isEmpty());
    QPainterPathStroker stroker;
    stroker.setWidth(16);
    const QPainterPath band = stroker.createStroke(edge->path());
    QPointF target;
    for (const QPointF &candidate : { label.topLeft() + QPointF(3, 3), label.topRight() + QPointF(-3, 3),
             label.bottomLeft() + QPointF(3, -3), label.bottomRight() + QPointF(-3, -3) }) {
        if (!band.contains(candidate)) {
            target = candidate;
            break;
        }
    }
    QVERIFY2(!target.isNull(), "every corner of the label lies on the curve");
    QTest::mouseClick(view.canvas()->viewport(), Qt::LeftButton, {}, view.canvas()->mapFromScene(target));
    QVERIFY(edge->isSelected());
    QCOMPARE(selected.count(), 1);
    QCOMPARE(selected.first().at(0).toString(), QStringLiteral("traffic"));
}

void TestTopologyView::cardsFollowTheTheme()
{
    auto colours = [this](Theme::Kind kind) {
        Theme::apply(kind);
        TopologyView view;
        showLaidOut(view);
        auto *node = view.scene()->nodeItem(QStringLiteral("catalog"));
        // Inside the card, below the instance dots and right of the stripe: the card's own fill.
        const QRectF card = node->sceneBoundingRect().adjusted(3, 3, -3, -3);
        const QPoint inside = view.canvas()->mapFromScene(card.bottomRight() - QPointF(12, 4));
        const QPoint outside = view.canvas()->mapFromScene(card.bottomRight() + QPointF(12, 12));
        const QImage image = view.canvas()->viewport()->grab().toImage();
        return std::pair { QColor(image.pixel(inside)), QColor(image.pixel(outside)) };
    };
    const auto [lightCard, lightCanvas] = colours(Theme::Kind::Light);
    const auto [darkCard, darkCanvas] = colours(Theme::Kind::Dark);
    Theme::apply(Theme::Kind::Light);
    QVERIFY2(darkCard != lightCard, qPrintable(darkCard.name()));
    QVERIFY2(darkCard.lightness() < 100, qPrintable(darkCard.name())); // a dark card, not a white one
    // A card stands out from its canvas in both themes.
    QVERIFY2(lightCard != lightCanvas, qPrintable(lightCard.name() + QLatin1Char(' ') + lightCanvas.name()));
    QVERIFY2(darkCard != darkCanvas, qPrintable(darkCard.name() + QLatin1Char(' ') + darkCanvas.name()));
}

QTEST_MAIN(TestTopologyView)
#include "tst_topologyview.moc"
