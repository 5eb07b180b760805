#include "topologyscene.h"

#include "edgeitem.h"
#include "servicenodeitem.h"

#include <QSettings>

TopologyScene::TopologyScene(QObject *parent)
    : QGraphicsScene(parent)
{
    m_animation.setInterval(40);
    connect(&m_animation, &QTimer::timeout, this, [this] {
        m_phase = std::fmod(m_phase + 0.02, 1.0);
        for (auto *edge : std::as_const(m_edges))
            edge->setPhase(m_phase);
    });
    m_thresholds = HealthStyle::storedThresholds();
    loadPinnedPositions();
}

TopologyScene::~TopologyScene()
{
    m_layoutQuery.cancel(); // its destructor still waits for a layout in flight
    // Deleting selected items emits selectionChanged; nobody may react to a half-destroyed scene.
    blockSignals(true);
    m_edges.clear();
    m_nodes.clear();
    clear();
}

void TopologyScene::applySnapshot(const TopologySnapshot &snapshot)
{
    m_snapshot = snapshot;
    bool structureChanged = false;

    QHash<QString, double> outgoing;
    for (const auto &edge : snapshot.edges)
        outgoing[edge.caller] += edge.rps;
    QSet<QString> seenNodes;
    for (const auto &node : snapshot.nodes) {
        seenNodes.insert(node.service);
        auto *item = m_nodes.value(node.service);
        if (!item) {
            item = new ServiceNodeItem(node);
            addItem(item);
            connect(item, &ServiceNodeItem::moved, this, &TopologyScene::nodeMoved);
            m_nodes.insert(node.service, item);
            if (m_pinned.contains(node.service)) {
                m_applyingLayout = true;
                item->setPos(m_pinned.value(node.service));
                m_applyingLayout = false;
            }
            structureChanged = true;
        }
        item->setNode(node, m_thresholds, outgoing.value(node.service));
        item->setFaults(m_faults);
        item->setOperations(m_operations);
    }
    QSet<QString> seenEdges;
    for (const auto &edge : snapshot.edges) {
        auto *from = m_nodes.value(edge.caller);
        auto *to = m_nodes.value(edge.callee);
        if (!from || !to || from == to)
            continue;
        const auto key = GraphLayout::edgeKey(edge.caller, edge.callee);
        seenEdges.insert(key);
        auto *item = m_edges.value(key);
        if (!item) {
            item = new EdgeItem(from, to);
            item->setHitWidth(m_edgeHitWidth);
            addItem(item);
            m_edges.insert(key, item);
            structureChanged = true;
        }
        item->setEdge(edge, m_thresholds);
    }
    for (auto it = m_edges.begin(); it != m_edges.end();) {
        if (!seenEdges.contains(it.key())) {
            delete it.value();
            it = m_edges.erase(it);
            structureChanged = true;
        } else {
            ++it;
        }
    }
    for (auto it = m_nodes.begin(); it != m_nodes.end();) {
        if (!seenNodes.contains(it.key())) {
            delete it.value();
            it = m_nodes.erase(it);
            structureChanged = true;
        } else {
            ++it;
        }
    }
    if (structureChanged)
        requestLayout();
    applyFilter();
}

EdgeItem *TopologyScene::edgeItem(const QString &caller, const QString &callee) const
{
    return m_edges.value(GraphLayout::edgeKey(caller, callee));
}

GraphLayoutInput TopologyScene::layoutInput() const
{
    GraphLayoutInput input;
    for (auto it = m_nodes.cbegin(); it != m_nodes.cend(); ++it)
        input.nodes.append({ it.key(), it.value()->size() + QSizeF(0, 0) });
    for (auto *edge : m_edges)
        input.edges.append({ edge->from()->service(), edge->to()->service() });
    return input;
}

void TopologyScene::requestLayout()
{
    // A newer request supersedes a running one: its result is dropped.
    m_layoutQuery.run([input = layoutInput()] { return GraphLayout::compute(input); },
        [this](const GraphLayoutResult &result) { applyLayout(result); });
}

void TopologyScene::applyLayout(const GraphLayoutResult &result)
{
    m_applyingLayout = true;
    for (auto it = result.centers.cbegin(); it != result.centers.cend(); ++it) {
        auto *item = m_nodes.value(it.key());
        if (item && !m_pinned.contains(it.key()))
            item->setPos(it.value());
    }
    m_applyingLayout = false;
    for (auto it = m_edges.cbegin(); it != m_edges.cend(); ++it) {
        auto *edge = it.value();
        const auto from = result.centers.find(edge->from()->service());
        const auto to = result.centers.find(edge->to()->service());
        if (from != result.centers.cend() && to != result.centers.cend())
            edge->setRoute(result.edgePaths.value(it.key()), *from, *to);
        else
            edge->adjust();
    }
    setSceneRect(itemsBoundingRect().adjusted(-80, -80, 80, 80));
    m_generation = int(m_layoutQuery.applied());
    Q_EMIT layoutApplied(m_generation, result.elapsedMs);
}

void TopologyScene::nodeMoved(const QString &service)
{
    for (auto *edge : std::as_const(m_edges)) {
        if (edge->from()->service() == service || edge->to()->service() == service)
            edge->adjust();
    }
    if (m_applyingLayout)
        return;
    m_pinned.insert(service, m_nodes.value(service)->pos());
    savePinnedPositions();
}

void TopologyScene::relayout()
{
    m_pinned.clear();
    savePinnedPositions();
    requestLayout();
}

bool TopologyScene::setFilter(const QString &expression, QString *error)
{
    if (!m_filter.parse(expression, error))
        return false;
    applyFilter();
    return true;
}

void TopologyScene::applyFilter()
{
    for (auto *item : std::as_const(m_nodes))
        item->setVisible(m_filter.matches(item->node()));
    for (auto *edge : std::as_const(m_edges))
        edge->setVisible(edge->from()->isVisible() && edge->to()->isVisible());
}

void TopologyScene::setThresholds(const HealthThresholds &thresholds)
{
    m_thresholds = thresholds;
    HealthStyle::storeThresholds(thresholds);
    applySnapshot(m_snapshot);
}

void TopologyScene::setActiveFaults(const QHash<QString, QString> &faults)
{
    m_faults = faults;
    for (auto *item : std::as_const(m_nodes))
        item->setFaults(faults);
}

void TopologyScene::setActiveOperations(const QHash<QString, QString> &operations)
{
    m_operations = operations;
    for (auto *item : std::as_const(m_nodes))
        item->setOperations(operations);
}

void TopologyScene::setEdgeHitWidth(qreal width)
{
    m_edgeHitWidth = width;
    for (auto *edge : std::as_const(m_edges))
        edge->setHitWidth(width);
}

void TopologyScene::setAnimated(bool animated)
{
    if (animated) {
        m_animation.start();
    } else {
        m_animation.stop();
        for (auto *edge : std::as_const(m_edges))
            edge->setPhase(-1);
    }
}

QString TopologyScene::toDot() const
{
    QHash<QString, QString> labels;
    for (auto it = m_edges.cbegin(); it != m_edges.cend(); ++it)
        labels.insert(it.key(), it.value()->label());
    return GraphLayout::toDot(layoutInput(), labels);
}

void TopologyScene::loadPinnedPositions()
{
    QSettings settings;
    const auto map = settings.value(QStringLiteral("topology/pinned")).toMap();
    for (auto it = map.cbegin(); it != map.cend(); ++it)
        m_pinned.insert(it.key(), it.value().toPointF());
}

void TopologyScene::savePinnedPositions() const
{
    QVariantMap map;
    for (auto it = m_pinned.cbegin(); it != m_pinned.cend(); ++it)
        map.insert(it.key(), it.value());
    QSettings().setValue(QStringLiteral("topology/pinned"), map);
}
