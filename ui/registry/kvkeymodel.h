#pragma once

#include "client/registrydata.h"
#include "common/syncedtablemodel.h"

#include <QByteArray>
#include <QJsonArray>

// The configuration keys with their size and the index of their last write, ordered by key.
class KvKeyModel : public SyncedTableModel
{
    Q_OBJECT
public:
    enum Column { KeyColumn, SizeColumn, IndexColumn, ColumnCount };
    enum Role { KeyRole = Qt::UserRole + 1 };

    explicit KvKeyModel(QObject *parent = nullptr);

    void setKeys(QList<KvKeyRow> keys);
    const KvKeyRow &key(int row) const { return m_rows.at(row); }
    const KvKeyRow *find(const QString &key) const;
    int rowOf(const QString &key) const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    QList<KvKeyRow> m_rows;
};
