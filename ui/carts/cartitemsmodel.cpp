#include "cartitemsmodel.h"

#include "cartformat.h"

#include <algorithm>
#include <QBrush>
#include <QColor>
#include <QFont>

namespace {

bool isNumeric(int column)
{
    return column == CartItemsModel::PriceColumn || column == CartItemsModel::QuantityColumn
        || column == CartItemsModel::TotalColumn;
}

} // namespace

CartItemsModel::CartItemsModel(QObject *parent)
    : SyncedTableModel(parent)
{ }

void CartItemsModel::setLines(QList<CartLineData> lines)
{
    auto byItem = [](const CartLineData &a, const CartLineData &b) { return a.itemId < b.itemId; };
    std::sort(lines.begin(), lines.end(), byItem);
    // What the service sent replaces every pending edit; rows whose edit it confirmed lose the italics.
    const auto pending = std::exchange(m_pending, {});
    syncRows(m_lines, lines, byItem);
    for (const auto &itemId : pending) {
        const int row = rowOf(itemId);
        if (row >= 0)
            Q_EMIT dataChanged(index(row, 0), index(row, ColumnCount - 1));
    }
}

int CartItemsModel::rowOf(const QString &itemId) const
{
    for (int row = 0; row < m_lines.size(); ++row)
        if (m_lines.at(row).itemId == itemId)
            return row;
    return -1;
}

void CartItemsModel::setHighlighted(const QSet<QString> &itemIds)
{
    m_highlighted = itemIds;
    if (!m_lines.isEmpty())
        Q_EMIT dataChanged(index(0, 0), index(int(m_lines.size()) - 1, ColumnCount - 1));
}

int CartItemsModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_lines.size());
}

int CartItemsModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant CartItemsModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || !checkIndex(index, CheckIndexOption::IndexIsValid))
        return {};
    const auto &line = m_lines.at(index.row());
    switch (role) {
    case ItemIdRole:
        return line.itemId;
    case Qt::TextAlignmentRole:
        return isNumeric(index.column()) ? QVariant(Qt::AlignRight | Qt::AlignVCenter)
                                         : QVariant(Qt::AlignLeft | Qt::AlignVCenter);
    case Qt::FontRole:
        if (m_pending.contains(line.itemId)) {
            QFont font;
            font.setItalic(true);
            return font;
        }
        return {};
    case Qt::BackgroundRole:
        if (m_highlighted.contains(line.itemId))
            return QBrush(QColor(255, 214, 102, 110));
        return {};
    case Qt::ToolTipRole:
        if (m_pending.contains(line.itemId))
            return tr("Saving…");
        return index.column() == QuantityColumn && m_editable ? tr("Double-click to change the quantity") : QVariant();
    case Qt::EditRole:
        if (index.column() == QuantityColumn)
            return int(line.quantity);
        [[fallthrough]];
    case Qt::DisplayRole:
        switch (index.column()) {
        case ItemColumn:
            return line.itemId;
        case NameColumn:
            return line.name.isEmpty() ? tr("(not in the catalog)") : line.name;
        case PriceColumn:
            return CartFormat::cents(line.unitPriceCents);
        case QuantityColumn:
            return line.quantity;
        case TotalColumn:
            return CartFormat::cents(line.lineTotalCents);
        }
        return {};
    }
    return {};
}

bool CartItemsModel::setData(const QModelIndex &index, const QVariant &value, int role)
{
    if (!m_editable || role != Qt::EditRole || !index.isValid() || !checkIndex(index, CheckIndexOption::IndexIsValid)
        || index.column() != QuantityColumn)
        return false;
    bool ok = false;
    const qint64 quantity = value.toLongLong(&ok);
    if (!ok || quantity < 1)
        return false;
    auto &line = m_lines[index.row()];
    if (line.quantity == quantity)
        return true;
    line.quantity = quantity;
    line.lineTotalCents = line.unitPriceCents >= 0 ? line.unitPriceCents * quantity : -1;
    m_pending.insert(line.itemId);
    Q_EMIT dataChanged(this->index(index.row(), 0), this->index(index.row(), ColumnCount - 1));
    Q_EMIT quantityEdited(line.itemId, quantity);
    return true;
}

Qt::ItemFlags CartItemsModel::flags(const QModelIndex &index) const
{
    if (!index.isValid() || !checkIndex(index, CheckIndexOption::IndexIsValid))
        return Qt::NoItemFlags;
    auto flags = Qt::ItemIsSelectable | Qt::ItemIsEnabled | Qt::ItemNeverHasChildren;
    if (m_editable && index.column() == QuantityColumn)
        flags |= Qt::ItemIsEditable;
    return flags;
}

QVariant CartItemsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal)
        return {};
    if (role == Qt::TextAlignmentRole)
        return isNumeric(section) ? QVariant(Qt::AlignRight | Qt::AlignVCenter)
                                  : QVariant(Qt::AlignLeft | Qt::AlignVCenter);
    if (role != Qt::DisplayRole)
        return {};
    switch (section) {
    case ItemColumn:
        return tr("Item");
    case NameColumn:
        return tr("Name");
    case PriceColumn:
        return tr("Unit price");
    case QuantityColumn:
        return tr("Quantity");
    case TotalColumn:
        return tr("Line total");
    }
    return {};
}
