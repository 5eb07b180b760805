#pragma once

#include "client/cartdata.h"
#include "common/syncedtablemodel.h"

#include <QSet>

// The lines of one cart with prices and line totals. The quantity cell is editable when the model is
// editable: an edit is shown at once (in italics, as pending) and announced through quantityEdited; the
// owner sends it to the service and later replaces the lines with what the service answered.
class CartItemsModel : public SyncedTableModel
{
    Q_OBJECT
public:
    enum Column { ItemColumn, NameColumn, PriceColumn, QuantityColumn, TotalColumn, ColumnCount };
    enum Role { ItemIdRole = Qt::UserRole + 1 };

    explicit CartItemsModel(QObject *parent = nullptr);

    void setLines(QList<CartLineData> lines);
    const QList<CartLineData> &lines() const { return m_lines; }
    const CartLineData &line(int row) const { return m_lines.at(row); }
    int rowOf(const QString &itemId) const;
    void setEditable(bool editable) { m_editable = editable; }
    // Lines drawn highlighted (the conflict dialog marks where two versions differ).
    void setHighlighted(const QSet<QString> &itemIds);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    bool setData(const QModelIndex &index, const QVariant &value, int role = Qt::EditRole) override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

Q_SIGNALS:
    void quantityEdited(const QString &itemId, qint64 quantity);

private:
    QList<CartLineData> m_lines;
    QSet<QString> m_pending;
    QSet<QString> m_highlighted;
    bool m_editable = false;
};
