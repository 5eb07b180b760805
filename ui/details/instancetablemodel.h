#pragma once

#include "telemetry/topologysnapshot.h"

#include <QAbstractTableModel>

// The instances of one service as the latest topology snapshot has them.
class InstanceTableModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { IdColumn, AddressColumn, HealthColumn, RateColumn, ErrorColumn, ColumnCount };

    explicit InstanceTableModel(QObject *parent = nullptr);
    void setInstances(const QList<TopologyInstance> &instances);
    const TopologyInstance &instance(int row) const { return m_instances.at(row); }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    QList<TopologyInstance> m_instances;
};
