#pragma once

#include "alerting/alertevent.h"

#include <QAbstractTableModel>

// Live state of every alert (rule × target). Refreshed from the engine each evaluation: rows that stay are
// updated with dataChanged, so selection and scrolling survive; a changed set of alerts resets the model.
class AlertStatusModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { StateColumn, RuleColumn, TargetColumn, ValueColumn, SinceColumn, SilenceColumn, ColumnCount };
    enum Role { StateRole = Qt::UserRole + 1, RuleNameRole };

    explicit AlertStatusModel(QObject *parent = nullptr);

    void setStatuses(const QList<AlertStatus> &statuses, qint64 nowMs);
    const AlertStatus &status(int row) const { return m_statuses.at(row); }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    QList<AlertStatus> m_statuses;
    qint64 m_nowMs = 0;
};
