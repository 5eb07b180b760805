#include "topologyview.h"

#include "edgeitem.h"
#include "servicenodeitem.h"
#include "topologyscene.h"

#include <algorithm>
#include <QAction>
#include <QContextMenuEvent>
#include <QFile>
#include <QFileDialog>
#include <QFontInfo>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QMessageBox>
#include <QPainter>
#include <QSvgGenerator>
#include <QToolBar>
#include <QVBoxLayout>
#include <QWheelEvent>

TopologyCanvas::TopologyCanvas(TopologyScene *scene, QWidget *parent)
    : QGraphicsView(scene, parent)
{
    setObjectName(QStringLiteral("topologyCanvas"));
    setRenderHints(QPainter::Antialiasing | QPainter::TextAntialiasing);
    setDragMode(QGraphicsView::ScrollHandDrag);
    setViewportUpdateMode(QGraphicsView::SmartViewportUpdate);
    setTransformationAnchor(QGraphicsView::AnchorUnderMouse);
    setFrameShape(QFrame::NoFrame);
    // Cards (Base) stand on the window colour, so they read as cards in both themes.
    setBackgroundBrush(palette().color(QPalette::Window));
}

void TopologyCanvas::zoomBy(qreal factor)
{
    m_adjustedByUser = true;
    const qreal current = transform().m11();
    const qreal target = std::clamp(current * factor, 0.1, 4.0);
    scale(target / current, target / current);
    updateSceneRect();
}

qreal TopologyCanvas::readableScale() const
{
    const qreal smallest
        = QFontInfo(font()).pixelSize() * std::min(ServiceNodeItem::kSmallFontScale, EdgeItem::kLabelFontScale);
    return smallest > 0 ? kMinTextPixels / smallest : 1.0;
}

void TopologyCanvas::fitAll()
{
    m_adjustedByUser = false;
    const auto items = scene()->itemsBoundingRect();
    if (items.isEmpty())
        return;
    const auto bounds = items.adjusted(-16, -16, 16, 16);
    const QSizeF available = QSizeF(viewport()->size()) - QSizeF(4, 4);
    const qreal fit = std::min(available.width() / bounds.width(), available.height() / bounds.height());
    // Not blown up to poster size, and never so small that the figures cannot be read: a graph larger
    // than that scrolls instead.
    const qreal scale = std::max(std::min(fit, 1.5), readableScale());
    setTransform(QTransform::fromScale(scale, scale));
    updateSceneRect();
    centerOn(bounds.center());
}

void TopologyCanvas::updateSceneRect()
{
    if (!scene())
        return;
    const qreal scale = transform().m11();
    const auto bounds = scene()->itemsBoundingRect().adjusted(-16, -16, 16, 16);
    // The visible area, centred on the graph, is part of the scrollable area: a graph that fits needs no
    // scroll bar, and one that does not fit scrolls exactly over itself.
    const QSizeF visible = (QSizeF(viewport()->size()) - QSizeF(2, 2)) / scale;
    QRectF area(QPointF(), visible);
    area.moveCenter(bounds.center());
    setSceneRect(area.united(bounds));
    if (auto *topology = qobject_cast<TopologyScene *>(scene()))
        topology->setEdgeHitWidth(kEdgeHitPixels / scale);
}

void TopologyCanvas::wheelEvent(QWheelEvent *event)
{
    m_adjustedByUser = true;
    zoomBy(std::pow(1.0015, event->angleDelta().y()));
    event->accept();
}

void TopologyCanvas::resizeEvent(QResizeEvent *event)
{
    QGraphicsView::resizeEvent(event);
    if (!m_adjustedByUser)
        fitAll();
    else
        updateSceneRect();
}

void TopologyCanvas::mouseDoubleClickEvent(QMouseEvent *event)
{
    if (auto *node = dynamic_cast<ServiceNodeItem *>(itemAt(event->position().toPoint()))) {
        Q_EMIT serviceActivated(node->service());
        event->accept();
        return;
    }
    QGraphicsView::mouseDoubleClickEvent(event);
}

void TopologyCanvas::contextMenuEvent(QContextMenuEvent *event)
{
    if (auto *node = dynamic_cast<ServiceNodeItem *>(itemAt(event->pos()))) {
        Q_EMIT contextMenuForService(node->service(), node->instanceAt(mapToScene(event->pos())), event->globalPos());
        event->accept();
    }
}

TopologyView::TopologyView(QWidget *parent)
    : QWidget(parent)
    , m_scene(new TopologyScene(this))
    , m_canvas(new TopologyCanvas(m_scene, this))
    , m_filter(new QLineEdit(this))
    , m_filterError(new QLabel(this))
    , m_window(new QLabel(this))
{
    setObjectName(QStringLiteral("topologyView"));
    auto *toolbar = new QToolBar(this);
    toolbar->setIconSize(QSize(16, 16));
    m_filter->setObjectName(QStringLiteral("topologyFilter"));
    m_filter->setPlaceholderText(tr("Filter: error > 5%, name ~ cart, p95 > 100 and rps > 1"));
    m_filter->setClearButtonEnabled(true);
    toolbar->addWidget(m_filter);
    auto addAction = [&](const QString &text, const QString &name, const QKeySequence &shortcut, auto slot) {
        auto *action = toolbar->addAction(text);
        action->setObjectName(name);
        action->setShortcut(shortcut);
        action->setShortcutContext(Qt::WidgetWithChildrenShortcut);
        connect(action, &QAction::triggered, this, slot);
        return action;
    };
    addAction(
        tr("Fit"), QStringLiteral("actionTopologyFit"), QKeySequence(tr("Ctrl+0")), [this] { m_canvas->fitAll(); });
    addAction(tr("Zoom In"), QStringLiteral("actionTopologyZoomIn"), QKeySequence::ZoomIn,
        [this] { m_canvas->zoomBy(1.25); });
    addAction(tr("Zoom Out"), QStringLiteral("actionTopologyZoomOut"), QKeySequence::ZoomOut,
        [this] { m_canvas->zoomBy(0.8); });
    addAction(
        tr("Re-layout"), QStringLiteral("actionTopologyRelayout"), QKeySequence(), [this] { m_scene->relayout(); });
    auto *animate = addAction(tr("Animate"), QStringLiteral("actionTopologyAnimate"), QKeySequence(),
        [this](bool on) { m_scene->setAnimated(on); });
    animate->setCheckable(true);
    addAction(tr("Export…"), QStringLiteral("actionTopologyExport"), QKeySequence(), [this] { exportInteractively(); });
    m_window->setObjectName(QStringLiteral("topologyWindowStatus"));
    m_window->setContentsMargins(8, 0, 8, 0);
    toolbar->addWidget(m_window);

    m_filterError->setObjectName(QStringLiteral("topologyFilterError"));
    m_filterError->setVisible(false);
    m_filterError->setStyleSheet(QStringLiteral("color: #d63a3a; padding: 2px 6px;"));

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addWidget(toolbar);
    layout->addWidget(m_filterError);
    layout->addWidget(m_canvas, 1);

    connect(m_filter, &QLineEdit::textChanged, this, [this](const QString &text) {
        QString error;
        const bool ok = m_scene->setFilter(text, &error);
        m_filterError->setText(error);
        m_filterError->setVisible(!ok);
    });
    connect(m_scene, &QGraphicsScene::selectionChanged, this, &TopologyView::onSelectionChanged);
    connect(m_canvas, &TopologyCanvas::serviceActivated, this, &TopologyView::serviceActivated);
    connect(m_canvas, &TopologyCanvas::contextMenuForService, this, &TopologyView::showContextMenu);
    connect(m_scene, &TopologyScene::layoutApplied, this, [this] {
        // Follow the graph as it grows until the operator zooms or pans by hand.
        if (!m_canvas->isAdjustedByUser())
            m_canvas->fitAll();
    });
    m_scene->setPalette(palette());
}

void TopologyView::changeEvent(QEvent *event)
{
    // The scene is no widget: it learns a theme switch from here, and repaints cards and labels in it.
    if (event->type() == QEvent::PaletteChange) {
        m_scene->setPalette(palette());
        m_canvas->setBackgroundBrush(palette().color(QPalette::Window));
    }
    QWidget::changeEvent(event);
}

void TopologyView::applySnapshot(const TopologySnapshot &snapshot)
{
    m_scene->applySnapshot(snapshot);
    const auto seconds = [](qint64 ms) { return QString::number((ms + 500) / 1000); };
    if (snapshot.windowMs <= 0)
        m_window->clear();
    else if (snapshot.warmingUp)
        m_window->setText(tr("warming up (%1 s of %2 s)").arg(seconds(snapshot.coveredMs), seconds(snapshot.windowMs)));
    else
        m_window->setText(tr("last %1 s").arg(seconds(snapshot.windowMs)));
    m_window->setToolTip(tr("Rates, error ratios and p95 are over this window; while warming up, over the part of "
                            "it that was scraped so far."));
}

QString TopologyView::selectedService() const
{
    for (auto *item : m_scene->selectedItems()) {
        if (auto *node = dynamic_cast<ServiceNodeItem *>(item))
            return node->service();
    }
    return {};
}

void TopologyView::onSelectionChanged()
{
    for (auto *item : m_scene->selectedItems()) {
        if (auto *node = dynamic_cast<ServiceNodeItem *>(item)) {
            Q_EMIT serviceSelected(node->service());
            return;
        }
        if (auto *edge = dynamic_cast<EdgeItem *>(item)) {
            Q_EMIT edgeSelected(edge->edge().caller, edge->edge().callee);
            return;
        }
    }
}

void TopologyView::showContextMenu(const QString &service, const QString &instanceId, const QPoint &globalPos)
{
    auto *node = m_scene->nodeItem(service);
    if (!node)
        return;
    QMenu menu(this);
    menu.setObjectName(QStringLiteral("topologyContextMenu"));
    auto addAction
        = [this, service](QMenu *target, InstanceAction action, const QString &text, const QString &instance) {
              auto *item = target->addAction(text);
              item->setObjectName(QStringLiteral("instanceAction_%1").arg(int(action)));
              connect(item, &QAction::triggered, this,
                  [this, action, service, instance] { Q_EMIT instanceActionRequested(action, service, instance); });
          };
    const auto faults = m_scene->activeFaults();
    // Only what makes sense for the instance as it is: a dead one can be started, not killed or drained.
    auto addInstanceActions = [&](QMenu *target, const TopologyInstance &instance) {
        const bool drained = instance.health == QLatin1String("drained");
        if (!instance.answering) {
            addAction(target, InstanceAction::Restart, tr("Start"), instance.id);
            if (drained)
                addAction(target, InstanceAction::Undrain, tr("Undrain"), instance.id);
            return;
        }
        if (drained)
            addAction(target, InstanceAction::Undrain, tr("Undrain"), instance.id);
        else
            addAction(target, InstanceAction::Drain, tr("Drain"), instance.id);
        addAction(target, InstanceAction::Kill, tr("Kill…"), instance.id);
        addAction(target, InstanceAction::Restart, tr("Restart"), instance.id);
        addAction(target, InstanceAction::InjectFault, tr("Inject Fault…"), instance.id);
        if (faults.contains(instance.id))
            addAction(target, InstanceAction::ClearFaults, tr("Clear Faults"), instance.id);
    };
    const auto &instances = node->node().instances;
    const auto chosen = std::find_if(
        instances.cbegin(), instances.cend(), [&](const TopologyInstance &i) { return i.id == instanceId; });
    if (chosen != instances.cend()) {
        menu.addSection(instanceId);
        addInstanceActions(&menu, *chosen);
    } else {
        menu.addSection(service);
        bool anyFault = false;
        for (const auto &instance : instances) {
            addInstanceActions(menu.addMenu(instance.id), instance);
            anyFault = anyFault || faults.contains(instance.id);
        }
        menu.addSeparator();
        addAction(&menu, InstanceAction::InjectFault, tr("Inject Fault into the Service…"), QString());
        if (anyFault)
            addAction(&menu, InstanceAction::ClearFaults, tr("Clear the Service's Faults"), QString());
        addAction(&menu, InstanceAction::ScaleUp, tr("Scale Up (+1 instance)"), QString());
        if (instances.size() > 1)
            addAction(&menu, InstanceAction::ScaleDown, tr("Scale Down (−1 instance)"), QString());
    }
    menu.exec(globalPos);
}

void TopologyView::setActiveFaults(const QHash<QString, QString> &faults)
{
    m_scene->setActiveFaults(faults);
}

void TopologyView::setActiveOperations(const QHash<QString, QString> &operations)
{
    m_scene->setActiveOperations(operations);
}

bool TopologyView::exportTo(const QString &fileName, QString *error) const
{
    const auto bounds = m_scene->itemsBoundingRect().adjusted(-20, -20, 20, 20);
    if (fileName.endsWith(QLatin1String(".dot"), Qt::CaseInsensitive)) {
        QFile file(fileName);
        if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate)) {
            if (error)
                *error = file.errorString();
            return false;
        }
        file.write(m_scene->toDot().toUtf8());
        return true;
    }
    if (fileName.endsWith(QLatin1String(".svg"), Qt::CaseInsensitive)) {
        QSvgGenerator generator;
        generator.setFileName(fileName);
        generator.setSize(bounds.size().toSize());
        generator.setViewBox(QRectF(QPointF(0, 0), bounds.size()));
        generator.setTitle(tr("Flightdeck topology"));
        QPainter painter(&generator);
        m_scene->render(&painter, QRectF(QPointF(0, 0), bounds.size()), bounds);
        return painter.end();
    }
    QImage image((bounds.size() * 2).toSize(), QImage::Format_ARGB32_Premultiplied);
    image.fill(palette().color(QPalette::Base));
    {
        QPainter painter(&image);
        painter.setRenderHint(QPainter::Antialiasing);
        m_scene->render(&painter, QRectF(QPointF(0, 0), image.size()), bounds);
    }
    if (!image.save(fileName)) {
        if (error)
            *error = tr("cannot write %1").arg(fileName);
        return false;
    }
    return true;
}

void TopologyView::exportInteractively()
{
    const auto fileName = QFileDialog::getSaveFileName(this, tr("Export Topology"), QStringLiteral("topology.png"),
        tr("PNG image (*.png);;SVG drawing (*.svg);;Graphviz DOT (*.dot)"));
    if (fileName.isEmpty())
        return;
    QString error;
    if (!exportTo(fileName, &error))
        QMessageBox::warning(this, tr("Export Topology"), tr("The topology could not be exported: %1").arg(error));
}
