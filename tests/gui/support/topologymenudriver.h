#pragma once

#include "topology/servicenodeitem.h"
#include "topology/topologyscene.h"
#include "topology/topologyview.h"

#include <QAction>
#include <QApplication>
#include <QContextMenuEvent>
#include <QMenu>
#include <QTimer>

// Opens the topology's context menu on a service, as a right click would, and chooses an instance action
// from the instance's submenu once the (modal) menu is up. Returns false if the service is not in the graph.
inline bool chooseInstanceAction(
    TopologyView *view, const QString &service, const QString &instanceId, TopologyView::InstanceAction action)
{
    auto *node = view->scene()->nodeItem(service);
    if (!node)
        return false;
    view->canvas()->centerOn(node);
    const QPoint at = view->canvas()->mapFromScene(node->sceneBoundingRect().center());
    QTimer::singleShot(200, view, [instanceId, action] {
        auto *menu = qobject_cast<QMenu *>(QApplication::activePopupWidget());
        if (!menu)
            return;
        const auto wanted = QStringLiteral("instanceAction_%1").arg(int(action));
        for (auto *entry : menu->actions()) {
            if (entry->text() != instanceId || !entry->menu())
                continue;
            for (auto *sub : entry->menu()->actions()) {
                if (sub->objectName() == wanted)
                    sub->trigger();
            }
        }
        menu->close();
    });
    QContextMenuEvent event(QContextMenuEvent::Mouse, at, view->canvas()->viewport()->mapToGlobal(at));
    QApplication::sendEvent(view->canvas()->viewport(), &event);
    return true;
}
