#include "servicenodeitem.h"

#include <QPainter>
#include <QStyleOptionGraphicsItem>

namespace {
constexpr qreal kHeader = 30;
constexpr qreal kStats = 22;
constexpr qreal kDot = 14;
constexpr int kDotsPerRow = 8;
constexpr qreal kPadding = 10;
const QColor kFaultColour(0xc2, 0x41, 0x0c); // injected faults: burnt orange, apart from the health colours
const QColor kOperationColour(0x14, 0x8f, 0x99); // an operator's restart or stop under way: teal
} // namespace

ServiceNodeItem::ServiceNodeItem(const TopologyNode &node, QGraphicsItem *parent)
    : QGraphicsObject(parent)
    , m_node(node)
{
    setFlags(ItemIsMovable | ItemIsSelectable | ItemSendsGeometryChanges);
    setAcceptHoverEvents(true);
    setCursor(Qt::PointingHandCursor);
    setZValue(1);
}

void ServiceNodeItem::setNode(const TopologyNode &node, const HealthThresholds &thresholds, double outgoingRps)
{
    const bool resized = node.instances.size() != m_node.instances.size();
    if (resized)
        prepareGeometryChange();
    m_node = node;
    m_outgoingRps = outgoingRps;
    m_state = HealthStyle::classifyNode(node, outgoingRps, thresholds);
    updateToolTip();
    update();
}

void ServiceNodeItem::updateToolTip()
{
    QStringList lines { QStringLiteral("%1 — %2").arg(m_node.service, HealthStyle::label(m_state)) };
    for (const auto &instance : m_node.instances)
        lines << QStringLiteral("%1: %2").arg(instance.id, HealthStyle::checkStateName(instance.health));
    for (auto it = m_faults.cbegin(); it != m_faults.cend(); ++it)
        lines << tr("%1: fault %2").arg(it.key(), it.value());
    for (auto it = m_operations.cbegin(); it != m_operations.cend(); ++it)
        lines << tr("%1: %2 (under way)").arg(it.key(), it.value());
    setToolTip(lines.join(QLatin1Char('\n')));
}

void ServiceNodeItem::keepMine(const QHash<QString, QString> &all, QHash<QString, QString> *kept)
{
    QHash<QString, QString> mine;
    for (const auto &instance : std::as_const(m_node.instances)) {
        if (all.contains(instance.id))
            mine.insert(instance.id, all.value(instance.id));
    }
    if (mine == *kept)
        return;
    *kept = mine;
    updateToolTip();
    update();
}

void ServiceNodeItem::setFaults(const QHash<QString, QString> &faults)
{
    keepMine(faults, &m_faults);
}

void ServiceNodeItem::setOperations(const QHash<QString, QString> &operations)
{
    keepMine(operations, &m_operations);
}

QSizeF ServiceNodeItem::size() const
{
    const int rows = std::max<qsizetype>(1, (m_node.instances.size() + kDotsPerRow - 1) / kDotsPerRow);
    return { kWidth, kHeader + kStats + rows * (kDot + 6) + kPadding };
}

QRectF ServiceNodeItem::boundingRect() const
{
    const auto s = size();
    return QRectF(-s.width() / 2 - 3, -s.height() / 2 - 3, s.width() + 6, s.height() + 6);
}

QRectF ServiceNodeItem::instanceRect(int index) const
{
    const auto s = size();
    const int row = index / kDotsPerRow;
    const int column = index % kDotsPerRow;
    const qreal left = -s.width() / 2 + kPadding;
    const qreal top = -s.height() / 2 + kHeader + kStats + row * (kDot + 6);
    return QRectF(left + column * (kDot + 8), top, kDot, kDot);
}

QString ServiceNodeItem::instanceAt(const QPointF &scenePos) const
{
    const auto local = mapFromScene(scenePos);
    for (int i = 0; i < m_node.instances.size(); ++i) {
        if (instanceRect(i).adjusted(-3, -3, 3, 3).contains(local))
            return m_node.instances.at(i).id;
    }
    return {};
}

void ServiceNodeItem::paint(QPainter *painter, const QStyleOptionGraphicsItem *option, QWidget *)
{
    const auto s = size();
    const QRectF card(-s.width() / 2, -s.height() / 2, s.width(), s.height());
    const QPalette palette = option->palette;
    const QColor accent = HealthStyle::color(m_state);
    painter->setRenderHint(QPainter::Antialiasing);

    painter->setPen(QPen(isSelected() ? palette.color(QPalette::Highlight) : accent, isSelected() ? 3 : 1.5));
    painter->setBrush(cardColor(palette));
    painter->drawRoundedRect(card, 8, 8);

    // Health stripe on the left edge.
    QPainterPath stripe;
    stripe.addRoundedRect(QRectF(card.left(), card.top(), 8, card.height()), 4, 4);
    painter->fillPath(stripe, accent);

    QFont titleFont = painter->font();
    titleFont.setBold(true);
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.1);
    painter->setFont(titleFont);
    painter->setPen(palette.color(QPalette::Text));
    painter->drawText(QRectF(card.left() + kPadding + 4, card.top() + 4, card.width() - 80, kHeader - 4),
        Qt::AlignVCenter | Qt::AlignLeft, m_node.service);
    QFont small = option->fontMetrics.height() > 0 ? painter->font() : QFont();
    small.setBold(false);
    small.setPointSizeF(titleFont.pointSizeF() / 1.1 * kSmallFontScale);
    painter->setFont(small);
    painter->setPen(accent);
    painter->drawText(QRectF(card.right() - 80, card.top() + 4, 72, kHeader - 4), Qt::AlignVCenter | Qt::AlignRight,
        HealthStyle::label(m_state));

    painter->setPen(palette.color(QPalette::PlaceholderText));
    const auto stats = statsText();
    painter->drawText(QRectF(card.left() + kPadding + 4, card.top() + kHeader, card.width() - 2 * kPadding, kStats),
        Qt::AlignVCenter | Qt::AlignLeft, stats);

    for (int i = 0; i < m_node.instances.size(); ++i) {
        const auto &instance = m_node.instances.at(i);
        const QColor colour = HealthStyle::instanceColor(instance.health);
        // Up but serving nothing: an outlined dot, so "idle" never reads as "down".
        const bool idle = instance.health == QLatin1String("idle");
        painter->setPen(idle ? QPen(colour, 2) : Qt::NoPen);
        painter->setBrush(idle ? Qt::NoBrush : QBrush(colour));
        painter->drawEllipse(instanceRect(i).translated(4, 0).adjusted(1, 1, -1, -1));
        if (m_faults.contains(instance.id)) { // an injected fault: a ring around the dot
            painter->setPen(QPen(kFaultColour, 2));
            painter->setBrush(Qt::NoBrush);
            painter->drawEllipse(instanceRect(i).translated(4, 0).adjusted(-3, -3, 3, 3));
        }
    }
    for (int i = 0; i < m_node.instances.size(); ++i) {
        if (m_operations.contains(m_node.instances.at(i).id)) { // restarting or stopping: a dashed ring
            painter->setPen(QPen(kOperationColour, 2, Qt::DotLine));
            painter->setBrush(Qt::NoBrush);
            painter->drawEllipse(instanceRect(i).translated(4, 0).adjusted(-3, -3, 3, 3));
        }
    }
    if (!m_operations.isEmpty()) {
        // Bottom left, apart from the fault badge: what is under way, and on how many instances.
        const QString word = m_operations.cbegin().value();
        const QString text
            = m_operations.size() == 1 ? tr("%1…").arg(word) : tr("%1… ×%2").arg(word).arg(m_operations.size());
        QFont badgeFont = small;
        badgeFont.setBold(true);
        painter->setFont(badgeFont);
        const qreal width = QFontMetricsF(badgeFont).horizontalAdvance(text) + 12;
        const QRectF badge(card.left() + 6, card.bottom() - 20, width, 16);
        painter->setPen(Qt::NoPen);
        painter->setBrush(kOperationColour);
        painter->drawRoundedRect(badge, 8, 8);
        painter->setPen(Qt::white);
        painter->drawText(badge, Qt::AlignCenter, text);
    }
    if (!m_faults.isEmpty()) {
        // A badge on the card's bottom edge: the operator made this service misbehave on purpose.
        const QString text = tr("fault ×%1").arg(m_faults.size());
        QFont badgeFont = small;
        badgeFont.setBold(true);
        painter->setFont(badgeFont);
        const qreal width = QFontMetricsF(badgeFont).horizontalAdvance(text) + 12;
        const QRectF badge(card.right() - width - 6, card.bottom() - 20, width, 16);
        painter->setPen(Qt::NoPen);
        painter->setBrush(kFaultColour);
        painter->drawRoundedRect(badge, 8, 8);
        painter->setPen(Qt::white);
        painter->drawText(badge, Qt::AlignCenter, text);
    }
}

QColor ServiceNodeItem::cardColor(const QPalette &palette)
{
    const QColor window = palette.color(QPalette::Window);
    const QColor base = palette.color(QPalette::Base);
    // Light themes have a white base above a grey window; dark ones a base darker than the window, which
    // would sink the card into the canvas, so it is lifted from the window colour instead.
    return base.lightness() > window.lightness() ? base : window.lighter(135);
}

QString ServiceNodeItem::statsText() const
{
    // A service that only calls others (a traffic generator, a batch job) shows what it sends: "0 rps" would
    // read as dead.
    if (m_node.rps <= 0 && m_outgoingRps > 0)
        return tr("%1 rps out").arg(m_outgoingRps, 0, 'f', m_outgoingRps < 10 ? 1 : 0);
    // Unknown is not zero: a service whose metrics hold no request counts, or a window without requests,
    // has no error ratio and no p95.
    if (m_node.metricsOff)
        return tr("metrics off · registry health");
    if (!m_node.hasTraffic && m_node.convention.isEmpty())
        return tr("no request metrics");
    if (!m_node.hasTraffic || m_node.requests <= 0)
        return tr("0 rps · no requests");
    if (!m_node.hasLatency)
        return tr("%1 rps · %2% err · no latency data")
            .arg(m_node.rps, 0, 'f', m_node.rps < 10 ? 1 : 0)
            .arg(m_node.errorRatio * 100, 0, 'f', 1);
    return tr("%1 rps · %2% err · p95 %3 ms")
        .arg(m_node.rps, 0, 'f', m_node.rps < 10 ? 1 : 0)
        .arg(m_node.errorRatio * 100, 0, 'f', 1)
        .arg(m_node.p95Ms, 0, 'f', m_node.p95Ms < 10 ? 1 : 0);
}

QVariant ServiceNodeItem::itemChange(GraphicsItemChange change, const QVariant &value)
{
    if (change == ItemPositionHasChanged)
        Q_EMIT moved(m_node.service);
    return QGraphicsObject::itemChange(change, value);
}
