#pragma once

#include "common/healthstyle.h"
#include "telemetry/topologysnapshot.h"

#include <QGraphicsItem>

class ServiceNodeItem;

// A call path between two services: a curve from caller to callee, thicker with more traffic, coloured by
// its error rate, labelled with rps, error % and p95.
class EdgeItem : public QGraphicsItem
{
public:
    EdgeItem(ServiceNodeItem *from, ServiceNodeItem *to);

    void setEdge(const TopologyEdge &edge, const HealthThresholds &thresholds);
    const TopologyEdge &edge() const { return m_edge; }
    ServiceNodeItem *from() const { return m_from; }
    ServiceNodeItem *to() const { return m_to; }
    QString label() const;
    // The label as drawn: the rate on the first line, errors and p95 on the second (narrow enough to sit
    // between two ranks of the layout).
    QStringList labelLines() const;
    const QPainterPath &path() const { return m_path; }
    // The route the graph layout drew for this edge around other nodes, with where that layout put its ends;
    // followed for as long as both ends are there (not pinned elsewhere, not dragged).
    void setRoute(const QPainterPath &route, QPointF fromCenter, QPointF toCenter);
    // Recomputes the curve after a node moved.
    void adjust();
    // 0..1 position of the moving traffic dots; advanced by the scene when animation is on.
    void setPhase(qreal phase);
    // Width of the band around the curve that takes clicks, in scene units; the view keeps it about 10 px on
    // screen whatever the zoom, so a thin edge is as easy to hit as a thick one.
    void setHitWidth(qreal width);
    qreal hitWidth() const { return m_hitWidth; }
    // Where the figures are drawn (scene coordinates); part of the shape, so clicking them selects the edge.
    QRectF labelRect() const { return m_labelRect; }
    // Label text relative to the view's font (the smallest text of the graph, with the cards' figures).
    static constexpr qreal kLabelFontScale = 0.85;

    QRectF boundingRect() const override;
    QPainterPath shape() const override;
    void paint(QPainter *painter, const QStyleOptionGraphicsItem *option, QWidget *widget) override;

private:
    void updateLabelRect();

    ServiceNodeItem *m_from;
    ServiceNodeItem *m_to;
    TopologyEdge m_edge;
    QColor m_color;
    QPainterPath m_path;
    QPainterPath m_route;
    QPointF m_routeFrom;
    QPointF m_routeTo;
    qreal m_phase = -1;
    qreal m_hitWidth = 12;
    QRectF m_labelRect;
};
