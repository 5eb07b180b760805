#pragma once

#include "client/registrydata.h"
#include "common/syncedtablemodel.h"

#include <QJsonObject>
#include <QMap>
#include <QStringList>

// Every registered instance with its health, drain flag, lease and metadata, ordered by service then id.
class RegistryInstanceModel : public SyncedTableModel
{
    Q_OBJECT
public:
    enum Column {
        ServiceColumn,
        IdColumn,
        AddressColumn,
        StateColumn,
        DrainedColumn,
        LeaseColumn,
        WeightColumn,
        TagsColumn,
        ColumnCount
    };
    enum Role { InstanceIdRole = Qt::UserRole + 1 };

    explicit RegistryInstanceModel(QObject *parent = nullptr);

    void setInstances(QList<RegistryInstanceRow> instances);
    const RegistryInstanceRow &instance(int row) const { return m_rows.at(row); }
    int rowOf(const QString &id) const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    QVariant display(const RegistryInstanceRow &row, int column) const;

    QList<RegistryInstanceRow> m_rows;
};
