#pragma once

#include "client/cartdata.h"
#include "common/syncedtablemodel.h"

// The carts the cart service knows (GET /carts), ordered by id so rows stay put between refreshes.
class CartListModel : public SyncedTableModel
{
    Q_OBJECT
public:
    enum Column { IdColumn, LinesColumn, VersionColumn, UpdatedColumn, ColumnCount };
    enum Role { CartIdRole = Qt::UserRole + 1 };

    explicit CartListModel(QObject *parent = nullptr);

    void setCarts(QList<CartSummaryData> carts);
    const CartSummaryData &cart(int row) const { return m_carts.at(row); }
    int rowOf(const QString &cartId) const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    QList<CartSummaryData> m_carts;
};
