#include "edgeitem.h"

#include "servicenodeitem.h"

#include <QApplication>
#include <QCoreApplication>
#include <QFontMetricsF>
#include <QPainter>
#include <QPainterPathStroker>
#include <QStyleOptionGraphicsItem>
#include <QtMath>

EdgeItem::EdgeItem(ServiceNodeItem *from, ServiceNodeItem *to)
    : m_from(from)
    , m_to(to)
{
    setFlag(ItemIsSelectable);
    setAcceptHoverEvents(true);
    setZValue(0);
    adjust();
}

void EdgeItem::setEdge(const TopologyEdge &edge, const HealthThresholds &thresholds)
{
    m_edge = edge;
    m_color
        = HealthStyle::color(HealthStyle::classify(QStringLiteral("passing"), edge.rps, edge.errorRatio, thresholds));
    setToolTip(QStringLiteral("%1 → %2\n%3").arg(edge.caller, edge.callee, label()));
    updateLabelRect();
    update();
}

QStringList EdgeItem::labelLines() const
{
    return { QCoreApplication::translate("EdgeItem", "%1 rps").arg(m_edge.rps, 0, 'f', m_edge.rps < 10 ? 1 : 0),
        QCoreApplication::translate("EdgeItem", "%1% · p95 %2 ms")
            .arg(m_edge.errorRatio * 100, 0, 'f', 1)
            .arg(m_edge.p95Ms, 0, 'f', 0) };
}

static QFont labelFont()
{
    QFont font = QApplication::font();
    font.setPointSizeF(font.pointSizeF() * EdgeItem::kLabelFontScale);
    return font;
}

void EdgeItem::updateLabelRect()
{
    const QFontMetricsF metrics(labelFont());
    qreal width = 0;
    const auto lines = labelLines();
    for (const auto &line : lines)
        width = std::max(width, metrics.horizontalAdvance(line));
    QRectF box(0, 0, width + 10, metrics.lineSpacing() * lines.size() + 4);
    box.moveCenter(m_path.isEmpty() ? QPointF() : m_path.pointAtPercent(0.5));
    if (box != m_labelRect) {
        prepareGeometryChange();
        m_labelRect = box;
    }
}

void EdgeItem::setHitWidth(qreal width)
{
    if (qFuzzyCompare(width, m_hitWidth))
        return;
    prepareGeometryChange();
    m_hitWidth = width;
}

QString EdgeItem::label() const
{
    return QCoreApplication::translate("EdgeItem", "%1 rps · %2% · p95 %3 ms")
        .arg(m_edge.rps, 0, 'f', m_edge.rps < 10 ? 1 : 0)
        .arg(m_edge.errorRatio * 100, 0, 'f', 1)
        .arg(m_edge.p95Ms, 0, 'f', 0);
}

void EdgeItem::setRoute(const QPainterPath &route, QPointF fromCenter, QPointF toCenter)
{
    m_route = route;
    m_routeFrom = fromCenter;
    m_routeTo = toCenter;
    adjust();
}

void EdgeItem::adjust()
{
    prepareGeometryChange();
    if (!m_route.isEmpty() && m_from->pos() == m_routeFrom && m_to->pos() == m_routeTo) {
        m_path = m_route;
        updateLabelRect();
        return;
    }
    // A dragged or pinned node: a plain curve between the facing sides.
    const auto a = m_from->sceneBoundingRect();
    const auto b = m_to->sceneBoundingRect();
    QPointF start(a.right(), a.center().y());
    QPointF end(b.left(), b.center().y());
    if (b.center().x() < a.center().x()) { // callee left of caller: leave and enter on the facing sides
        start = QPointF(a.left(), a.center().y());
        end = QPointF(b.right(), b.center().y());
    }
    const qreal bend = std::max<qreal>(40, std::abs(end.x() - start.x()) / 2);
    const qreal direction = end.x() >= start.x() ? 1 : -1;
    m_path = QPainterPath(start);
    m_path.cubicTo(start + QPointF(direction * bend, 0), end - QPointF(direction * bend, 0), end);
    updateLabelRect();
}

void EdgeItem::setPhase(qreal phase)
{
    m_phase = phase;
    update();
}

QRectF EdgeItem::boundingRect() const
{
    // The widest pen, the arrow head, the traffic dots and the hit band all stay within this margin.
    const qreal margin = std::max<qreal>(14, m_hitWidth / 2 + 1);
    return m_path.boundingRect().adjusted(-margin, -margin, margin, margin).united(m_labelRect.adjusted(-1, -1, 1, 1));
}

QPainterPath EdgeItem::shape() const
{
    QPainterPathStroker stroker;
    stroker.setWidth(m_hitWidth);
    stroker.setCapStyle(Qt::RoundCap);
    QPainterPath shape = stroker.createStroke(m_path);
    shape.addRoundedRect(m_labelRect, 4, 4);
    return shape.simplified();
}

void EdgeItem::paint(QPainter *painter, const QStyleOptionGraphicsItem *option, QWidget *)
{
    painter->setRenderHint(QPainter::Antialiasing);
    const qreal width = 1.5 + std::min(5.0, std::log10(1 + m_edge.rps) * 2);
    QColor color = isSelected() ? option->palette.color(QPalette::Highlight) : m_color;
    painter->setPen(QPen(color, width, Qt::SolidLine, Qt::RoundCap));
    painter->setBrush(Qt::NoBrush);
    painter->drawPath(m_path);

    // Arrow head at the callee.
    const QPointF tip = m_path.pointAtPercent(1.0);
    const qreal angle = qDegreesToRadians(m_path.angleAtPercent(0.98));
    const QPointF back(std::cos(angle) * 12, -std::sin(angle) * 12);
    const QPointF side(-back.y() * 0.5, back.x() * 0.5);
    painter->setBrush(color);
    painter->setPen(Qt::NoPen);
    painter->drawPolygon(QPolygonF({ tip, tip - back + side, tip - back - side }));

    if (m_phase >= 0 && m_edge.rps > 0) {
        painter->setBrush(color.lighter(140));
        for (qreal offset = 0; offset < 1; offset += 0.25)
            painter->drawEllipse(m_path.pointAtPercent(std::fmod(m_phase + offset, 1.0)), 3.5, 3.5);
    }

    painter->setFont(labelFont());
    painter->setPen(isSelected() ? QPen(color, 1) : Qt::NoPen);
    QColor background = option->palette.color(QPalette::Window);
    background.setAlpha(225);
    painter->setBrush(background);
    painter->drawRoundedRect(m_labelRect, 4, 4);
    painter->setPen(option->palette.color(QPalette::Text));
    painter->drawText(m_labelRect, Qt::AlignCenter, labelLines().join(QLatin1Char('\n')));
}
