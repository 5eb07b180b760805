#pragma once

#include "client/cartdata.h"

#include <QDialog>

class CartItemsModel;

// Shown when a cart write came back 412: the cart changed on the server since the operator last saw it.
// It puts the operator's intended version beside the server's current one, lines that differ
// highlighted, and lets them reload (drop the change) or overwrite (send it again against the new ETag).
// Not modal-blocking: open() it and listen to choiceMade.
class CartConflictDialog : public QDialog
{
    Q_OBJECT
public:
    enum class Choice { Reload, Overwrite };

    CartConflictDialog(const CartData &yours, const CartData &server, const QString &change, QWidget *parent = nullptr);

    CartItemsModel *yoursModel() const { return m_yours; }
    CartItemsModel *serverModel() const { return m_server; }

Q_SIGNALS:
    void choiceMade(CartConflictDialog::Choice choice);

private:
    QWidget *versionBox(const QString &title, const CartData &cart, CartItemsModel *model, const QString &name);

    CartItemsModel *m_yours;
    CartItemsModel *m_server;
};
