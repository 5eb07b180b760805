#pragma once

#include <QStyledItemDelegate>

// Edits a cart line's quantity with a spin box bounded by what the cart service accepts per request.
class QuantityDelegate : public QStyledItemDelegate
{
    Q_OBJECT
public:
    using QStyledItemDelegate::QStyledItemDelegate;

    QWidget *createEditor(QWidget *parent, const QStyleOptionViewItem &option, const QModelIndex &index) const override;
};
