#pragma once

#include "alerting/alertevent.h"

#include <QAbstractTableModel>

// Alert transitions, newest first, bounded.
class AlertHistoryModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { TimeColumn, RuleColumn, TargetColumn, TransitionColumn, ValueColumn, ColumnCount };

    explicit AlertHistoryModel(QObject *parent = nullptr);

    void setEvents(const QList<AlertEvent> &events); // oldest first, as the history stores them
    void prepend(const AlertEvent &event);
    const AlertEvent &eventAt(int row) const { return m_events.at(row); }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    static constexpr int kCapacity = 5000;
    QList<AlertEvent> m_events; // newest first
};
