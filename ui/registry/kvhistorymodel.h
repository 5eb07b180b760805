#pragma once

#include "client/registrydata.h"
#include "common/syncedtablemodel.h"

#include <QByteArray>
#include <QJsonObject>

// The versions of one key, newest first: when each was written, and what it held (or that it was a delete).
class KvHistoryModel : public SyncedTableModel
{
    Q_OBJECT
public:
    enum Column { VersionColumn, TimeColumn, IndexColumn, ValueColumn, ColumnCount };
    enum Role { VersionRole = Qt::UserRole + 1 };

    explicit KvHistoryModel(QObject *parent = nullptr);

    void setVersions(QList<KvVersionRow> versions);
    const KvVersionRow &version(int row) const { return m_rows.at(row); }
    int rowOfVersion(quint64 version) const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    QList<KvVersionRow> m_rows;
};
