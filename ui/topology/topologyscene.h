#pragma once

#include "common/healthstyle.h"
#include "core/latestonly.h"
#include "graphlayout.h"
#include "telemetry/topologysnapshot.h"
#include "topologyfilter.h"

#include <QGraphicsScene>
#include <QHash>
#include <QTimer>

class EdgeItem;
class ServiceNodeItem;

// Keeps graphics items in step with topology snapshots. Items are updated in place; a change in the set of
// services or edges triggers an automatic layout on a worker thread (stale layouts are dropped by
// LatestOnly). Positions the operator dragged are remembered and win over the automatic layout.
class TopologyScene : public QGraphicsScene
{
    Q_OBJECT
public:
    explicit TopologyScene(QObject *parent = nullptr);
    ~TopologyScene() override;

    void applySnapshot(const TopologySnapshot &snapshot);
    const TopologySnapshot &snapshot() const { return m_snapshot; }

    bool setFilter(const QString &expression, QString *error);
    void setThresholds(const HealthThresholds &thresholds);
    void setAnimated(bool animated);
    // Faults in force by instance id (a one-line description each); nodes show a badge.
    void setActiveFaults(const QHash<QString, QString> &faults);
    const QHash<QString, QString> &activeFaults() const { return m_faults; }
    // Operations under way by instance id ("restarting", "stopping"); nodes show a badge.
    void setActiveOperations(const QHash<QString, QString> &operations);
    // Click band of every edge in scene units (see EdgeItem::setHitWidth).
    void setEdgeHitWidth(qreal width);
    // Forgets dragged positions and lays everything out again.
    void relayout();

    ServiceNodeItem *nodeItem(const QString &service) const { return m_nodes.value(service); }
    QList<ServiceNodeItem *> nodeItems() const { return m_nodes.values(); }
    EdgeItem *edgeItem(const QString &caller, const QString &callee) const;
    QString toDot() const;
    bool isLayoutPending() const { return m_layoutQuery.busy(); }
    int layoutGeneration() const { return m_generation; }

Q_SIGNALS:
    void layoutApplied(int generation, qint64 milliseconds);

private:
    void requestLayout();
    void applyLayout(const GraphLayoutResult &result);
    void applyFilter();
    void nodeMoved(const QString &service);
    GraphLayoutInput layoutInput() const;
    void loadPinnedPositions();
    void savePinnedPositions() const;

    TopologySnapshot m_snapshot;
    QHash<QString, ServiceNodeItem *> m_nodes;
    QHash<QString, EdgeItem *> m_edges; // key: GraphLayout::edgeKey
    QHash<QString, QPointF> m_pinned; // services the operator placed by hand
    HealthThresholds m_thresholds;
    QHash<QString, QString> m_faults;
    QHash<QString, QString> m_operations;
    TopologyFilter m_filter;
    LatestOnly<GraphLayoutResult> m_layoutQuery;
    int m_generation = 0; // of the layout applied last
    bool m_applyingLayout = false;
    QTimer m_animation;
    qreal m_phase = 0;
    qreal m_edgeHitWidth = 12;
};
