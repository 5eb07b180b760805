#include "quantitydelegate.h"

#include "cart/cartstore.h"

#include <QSpinBox>

QWidget *QuantityDelegate::createEditor(QWidget *parent, const QStyleOptionViewItem &, const QModelIndex &) const
{
    auto *spin = new QSpinBox(parent);
    spin->setObjectName(QStringLiteral("quantityEditor"));
    spin->setRange(1, int(CartLimits::maxRequestQuantity));
    spin->setAlignment(Qt::AlignRight | Qt::AlignVCenter);
    spin->setFrame(false);
    return spin;
}
