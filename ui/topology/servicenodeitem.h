#pragma once

#include "common/healthstyle.h"
#include "telemetry/topologysnapshot.h"

#include <QGraphicsObject>
#include <QHash>

class QPalette;

// One service in the topology: a card with its name, health, traffic figures and one dot per instance.
class ServiceNodeItem : public QGraphicsObject
{
    Q_OBJECT
public:
    static constexpr qreal kWidth = 200;
    // The figures line and the state word, relative to the view's font: the smallest text on a card.
    static constexpr qreal kSmallFontScale = 0.85;
    // The card's fill: raised from the canvas (the window colour) in the light and the dark theme.
    static QColor cardColor(const QPalette &palette);

    explicit ServiceNodeItem(const TopologyNode &node, QGraphicsItem *parent = nullptr);

    // outgoingRps: calls this service makes; a pure caller (a traffic source) is busy, not idle.
    void setNode(const TopologyNode &node, const HealthThresholds &thresholds, double outgoingRps = 0);
    const TopologyNode &node() const { return m_node; }
    QString service() const { return m_node.service; }
    QSizeF size() const;
    HealthStyle::State state() const { return m_state; }
    // The figures line under the name: incoming rate, errors and p95, or the outgoing rate of a pure caller.
    QString statsText() const;
    // Keeps the faults of this service's instances (from all faults in force, by instance id) for the badge.
    void setFaults(const QHash<QString, QString> &faults);
    const QHash<QString, QString> &faults() const { return m_faults; }
    // Operations under way on this service's instances (from all, by instance id: "restarting", "stopping"):
    // a badge and a dashed ring, so a draining instance is never mistaken for a healthy or a dead one.
    void setOperations(const QHash<QString, QString> &operations);
    const QHash<QString, QString> &operations() const { return m_operations; }
    // Instance under a scene position, or empty.
    QString instanceAt(const QPointF &scenePos) const;

    QRectF boundingRect() const override;
    void paint(QPainter *painter, const QStyleOptionGraphicsItem *option, QWidget *widget) override;

Q_SIGNALS:
    void moved(const QString &service);

protected:
    QVariant itemChange(GraphicsItemChange change, const QVariant &value) override;

private:
    QRectF instanceRect(int index) const;
    void updateToolTip();

    TopologyNode m_node;
    HealthStyle::State m_state = HealthStyle::State::Idle;
    double m_outgoingRps = 0;
    // Keeps the entries of this service's instances from all (by instance id) in kept; repaints on a change.
    void keepMine(const QHash<QString, QString> &all, QHash<QString, QString> *kept);

    QHash<QString, QString> m_faults; // of this service's instances
    QHash<QString, QString> m_operations; // of this service's instances
};
