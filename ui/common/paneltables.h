#pragma once

#include <QString>

class QAbstractItemModel;
class QLabel;
class QTableView;
class QWidget;

// Table views as the data panels show them: whole-row selection, alternating rows, no row numbers, and
// a centred hint instead of an empty grid when the model has no rows.
namespace PanelTables {

QTableView *makeTable(QAbstractItemModel *model, const QString &objectName, QWidget *parent);
// A stack showing view while its model has rows, else empty (a muted, centred, word-wrapped label).
QWidget *withEmptyState(QTableView *view, QLabel *empty, QWidget *parent);

} // namespace PanelTables
