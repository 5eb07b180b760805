#pragma once

#include "runtime/operatorevents.h"

#include <QAbstractTableModel>

// The operator actions, newest first: time, action, service / target, detail, result.
class OperatorEventModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { TimeColumn, ActionColumn, TargetColumn, DetailColumn, ResultColumn, ColumnCount };

    explicit OperatorEventModel(QObject *parent = nullptr);

    void setEvents(const QList<OperatorEvent> &events); // oldest first, as recorded
    void prepend(const OperatorEvent &event);
    const OperatorEvent &eventAt(int row) const { return m_events.at(row); }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    QList<OperatorEvent> m_events; // newest first
};
