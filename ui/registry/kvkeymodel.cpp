#include "kvkeymodel.h"

#include <algorithm>
#include <QJsonObject>
#include <QLocale>

namespace {

bool keyLess(const KvKeyRow &a, const KvKeyRow &b)
{
    return a.key < b.key;
}

} // namespace

KvKeyModel::KvKeyModel(QObject *parent)
    : SyncedTableModel(parent)
{ }

void KvKeyModel::setKeys(QList<KvKeyRow> keys)
{
    std::sort(keys.begin(), keys.end(), keyLess);
    syncRows(m_rows, keys, keyLess);
}

const KvKeyRow *KvKeyModel::find(const QString &key) const
{
    const int row = rowOf(key);
    return row >= 0 ? &m_rows.at(row) : nullptr;
}

int KvKeyModel::rowOf(const QString &key) const
{
    for (int row = 0; row < m_rows.size(); ++row)
        if (m_rows.at(row).key == key)
            return row;
    return -1;
}

int KvKeyModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int KvKeyModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant KvKeyModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || !checkIndex(index, CheckIndexOption::IndexIsValid))
        return {};
    const auto &row = m_rows.at(index.row());
    switch (role) {
    case KeyRole:
        return row.key;
    case Qt::TextAlignmentRole:
        return index.column() == KeyColumn ? QVariant(Qt::AlignLeft | Qt::AlignVCenter)
                                           : QVariant(Qt::AlignRight | Qt::AlignVCenter);
    case Qt::ToolTipRole:
        if (index.column() == KeyColumn)
            return row.key;
        return {};
    case Qt::DisplayRole:
        switch (index.column()) {
        case KeyColumn:
            return row.key;
        case SizeColumn:
            return QLocale().formattedDataSize(row.value.size(), 1, QLocale::DataSizeTraditionalFormat);
        case IndexColumn:
            return QString::number(row.modifyIndex);
        }
    }
    return {};
}

QVariant KvKeyModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal)
        return {};
    if (role == Qt::TextAlignmentRole)
        return section == KeyColumn ? QVariant(Qt::AlignLeft | Qt::AlignVCenter)
                                    : QVariant(Qt::AlignRight | Qt::AlignVCenter);
    if (role != Qt::DisplayRole)
        return {};
    switch (section) {
    case KeyColumn:
        return tr("Key");
    case SizeColumn:
        return tr("Size");
    case IndexColumn:
        return tr("Index");
    }
    return {};
}
