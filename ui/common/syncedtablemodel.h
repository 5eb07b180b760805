#pragma once

#include <QAbstractTableModel>
#include <QList>

// A table model whose rows are replaced by fresh snapshots (from polling) without resetting the model:
// rows that stayed keep their place, so the view keeps its selection, scroll position and open editors.
// Both the current and the new rows must be ordered by `less`; rows equal under `less` are the same row.
class SyncedTableModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    using QAbstractTableModel::QAbstractTableModel;

protected:
    template <typename T, typename Less> void syncRows(QList<T> &rows, const QList<T> &next, Less less)
    {
        const int lastColumn = columnCount() - 1;
        qsizetype i = 0;
        qsizetype j = 0;
        while (i < rows.size() || j < next.size()) {
            if (j >= next.size() || (i < rows.size() && less(rows.at(i), next.at(j)))) {
                // Gone from the snapshot: remove the current row (the next one slides into place i).
                beginRemoveRows({}, int(i), int(i));
                rows.removeAt(i);
                endRemoveRows();
            } else if (i >= rows.size() || less(next.at(j), rows.at(i))) {
                beginInsertRows({}, int(i), int(i));
                rows.insert(i, next.at(j));
                endInsertRows();
                ++i;
                ++j;
            } else {
                if (!(rows.at(i) == next.at(j))) {
                    rows[i] = next.at(j);
                    Q_EMIT dataChanged(index(int(i), 0), index(int(i), lastColumn));
                }
                ++i;
                ++j;
            }
        }
    }
};
