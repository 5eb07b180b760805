#include "paneltables.h"

#include <QHeaderView>
#include <QLabel>
#include <QStackedWidget>
#include <QTableView>

namespace PanelTables {

QTableView *makeTable(QAbstractItemModel *model, const QString &objectName, QWidget *parent)
{
    auto *view = new QTableView(parent);
    view->setObjectName(objectName);
    view->setModel(model);
    view->setSelectionBehavior(QAbstractItemView::SelectRows);
    view->setSelectionMode(QAbstractItemView::SingleSelection);
    view->setAlternatingRowColors(true);
    view->setWordWrap(false);
    view->verticalHeader()->hide();
    view->verticalHeader()->setDefaultSectionSize(view->fontMetrics().height() + 10);
    view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    return view;
}

QWidget *withEmptyState(QTableView *view, QLabel *empty, QWidget *parent)
{
    auto *stack = new QStackedWidget(parent);
    empty->setAlignment(Qt::AlignCenter);
    empty->setWordWrap(true);
    empty->setEnabled(false); // drawn in the palette's muted text colour
    stack->addWidget(view);
    stack->addWidget(empty);
    auto update = [stack, view, empty] {
        stack->setCurrentWidget(view->model()->rowCount() > 0 ? static_cast<QWidget *>(view) : empty);
    };
    QObject::connect(view->model(), &QAbstractItemModel::rowsInserted, stack, update);
    QObject::connect(view->model(), &QAbstractItemModel::rowsRemoved, stack, update);
    QObject::connect(view->model(), &QAbstractItemModel::modelReset, stack, update);
    update();
    return stack;
}

} // namespace PanelTables
