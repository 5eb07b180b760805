#include "topologypainter.h"

#include "reportstyle.h"
#include "topology/graphlayout.h"

#include <QPainter>
#include <QPainterPath>
#include <QtMath>

namespace {

constexpr QSizeF kNodeSize(150, 54);

void arrowHead(QPainter *painter, const QPainterPath &path)
{
    const QPointF tip = path.pointAtPercent(1.0);
    const QPointF before = path.pointAtPercent(0.97);
    const double angle = std::atan2(tip.y() - before.y(), tip.x() - before.x());
    const double size = 7;
    QPolygonF head;
    head << tip << tip - QPointF(size * std::cos(angle - 0.4), size * std::sin(angle - 0.4))
         << tip - QPointF(size * std::cos(angle + 0.4), size * std::sin(angle + 0.4));
    painter->drawPolygon(head);
}

} // namespace

namespace TopologyPainter {

void paint(QPainter *painter, const TopologySnapshot &snapshot, const QRectF &area)
{
    if (snapshot.nodes.isEmpty())
        return;
    GraphLayoutInput input;
    for (const auto &node : snapshot.nodes)
        input.nodes.append({ node.service, kNodeSize });
    for (const auto &edge : snapshot.edges)
        input.edges.append({ edge.caller, edge.callee });
    const auto layout = GraphLayout::compute(input);
    if (!layout.error.isEmpty() || layout.bounds.isEmpty())
        return;

    painter->save();
    const QRectF bounds = layout.bounds.adjusted(-10, -10, 10, 10);
    const double scale = std::min({ 1.0, area.width() / bounds.width(), area.height() / bounds.height() });
    const QSizeF drawn = bounds.size() * scale;
    painter->translate(
        area.left() + (area.width() - drawn.width()) / 2, area.top() + (area.height() - drawn.height()) / 2);
    painter->scale(scale, scale);
    painter->translate(-bounds.topLeft());
    painter->setRenderHint(QPainter::Antialiasing);

    for (const auto &edge : snapshot.edges) {
        const auto path = layout.edgePaths.value(GraphLayout::edgeKey(edge.caller, edge.callee));
        if (path.isEmpty())
            continue;
        const QColor color
            = edge.errorRatio > 0.05 ? ReportStyle::healthColor(QStringLiteral("critical")) : QColor(0x6b, 0x77, 0x85);
        painter->setPen(QPen(color, 1.4));
        painter->setBrush(Qt::NoBrush);
        painter->drawPath(path);
        painter->setBrush(color);
        arrowHead(painter, path);
        painter->setFont(ReportStyle::font(7));
        painter->setPen(ReportStyle::muted());
        const QPointF middle = path.pointAtPercent(0.5);
        painter->drawText(QRectF(middle.x() - 60, middle.y() - 16, 120, 14), Qt::AlignCenter,
            QStringLiteral("%1 req/s").arg(edge.rps, 0, 'f', 1));
    }
    for (const auto &node : snapshot.nodes) {
        const QPointF center = layout.centers.value(node.service);
        const QRectF box(center - QPointF(kNodeSize.width() / 2, kNodeSize.height() / 2), kNodeSize);
        const QColor color = ReportStyle::healthColor(node.health);
        painter->setPen(QPen(color, 1.6));
        painter->setBrush(QColor(0xfa, 0xfb, 0xfc));
        painter->drawRoundedRect(box, 6, 6);
        painter->fillRect(QRectF(box.left() + 1, box.top() + 6, 5, box.height() - 12), color);
        painter->setPen(Qt::black);
        painter->setFont(ReportStyle::font(9, true));
        painter->drawText(box.adjusted(10, 4, -6, -box.height() / 2), Qt::AlignLeft | Qt::AlignVCenter, node.service);
        painter->setFont(ReportStyle::font(7));
        painter->setPen(ReportStyle::muted());
        const QString detail = QStringLiteral("%1 inst · %2 req/s · %3 % err")
                                   .arg(node.instances.size())
                                   .arg(node.rps, 0, 'f', 1)
                                   .arg(node.errorRatio * 100, 0, 'f', 1);
        painter->drawText(box.adjusted(10, box.height() / 2, -6, -4), Qt::AlignLeft | Qt::AlignVCenter, detail);
    }
    painter->restore();
}

} // namespace TopologyPainter
