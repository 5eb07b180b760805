#include "cartlistmodel.h"

#include <algorithm>
#include <QDateTime>

CartListModel::CartListModel(QObject *parent)
    : SyncedTableModel(parent)
{ }

void CartListModel::setCarts(QList<CartSummaryData> carts)
{
    auto byId = [](const CartSummaryData &a, const CartSummaryData &b) { return a.id < b.id; };
    std::sort(carts.begin(), carts.end(), byId);
    syncRows(m_carts, carts, byId);
}

int CartListModel::rowOf(const QString &cartId) const
{
    for (int row = 0; row < m_carts.size(); ++row)
        if (m_carts.at(row).id == cartId)
            return row;
    return -1;
}

int CartListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_carts.size());
}

int CartListModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant CartListModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || !checkIndex(index, CheckIndexOption::IndexIsValid))
        return {};
    const auto &cart = m_carts.at(index.row());
    if (role == CartIdRole)
        return cart.id;
    if (role == Qt::TextAlignmentRole)
        return index.column() == IdColumn ? QVariant(Qt::AlignLeft | Qt::AlignVCenter)
                                          : QVariant(Qt::AlignRight | Qt::AlignVCenter);
    if (role == Qt::ToolTipRole && index.column() == UpdatedColumn)
        return QDateTime::fromMSecsSinceEpoch(cart.updatedAtMs).toString(Qt::ISODateWithMs);
    if (role != Qt::DisplayRole)
        return {};
    switch (index.column()) {
    case IdColumn:
        return cart.id;
    case LinesColumn:
        return cart.lines;
    case VersionColumn:
        return cart.version;
    case UpdatedColumn:
        return cart.updatedAtMs > 0
            ? QDateTime::fromMSecsSinceEpoch(cart.updatedAtMs).toString(QStringLiteral("HH:mm:ss"))
            : QString();
    }
    return {};
}

QVariant CartListModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal)
        return {};
    if (role == Qt::TextAlignmentRole)
        return section == IdColumn ? QVariant(Qt::AlignLeft | Qt::AlignVCenter)
                                   : QVariant(Qt::AlignRight | Qt::AlignVCenter);
    if (role != Qt::DisplayRole)
        return {};
    switch (section) {
    case IdColumn:
        return tr("Cart");
    case LinesColumn:
        return tr("Lines");
    case VersionColumn:
        return tr("Version");
    case UpdatedColumn:
        return tr("Updated");
    }
    return {};
}
