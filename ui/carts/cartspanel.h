#pragma once

#include "client/cartdata.h"
#include "client/catalogitem.h"
#include "core/latestrequest.h"

#include <QElapsedTimer>
#include <QPointer>
#include <QUrl>
#include <QWidget>

class CartClient;
class CartConflictDialog;
class CartItemsModel;
class CartListModel;
class InstanceSource;
class QAction;
class QComboBox;
class QLabel;
class StatusLabel;
class QSpinBox;
class QTableView;
class QTimer;
class CatalogClient;
template <typename T> struct Reply;

// Operators browse and edit carts through the cart service's REST API, never behind its back.
//
//   CartsPanel(InstanceSource *source, QWidget *parent = nullptr)
//       source lists the "cart" and "catalog" instances (a StaticInstanceSource, or the registry's discovery
//       client, which the panel asks to watch both); it is not owned and must outlive the panel.
//   CartsPanel(const QList<QUrl> &cartUrls, const QList<QUrl> &catalogUrls, QWidget *parent = nullptr)
//       fixed base URLs (http://127.0.0.1:8080, ...); the panel owns the static source it builds from them.
//
// Left: the carts (GET /carts); right: the selected cart's lines with unit price, quantity (editable) and
// line total, and the cart total. Items are added from the catalog (GET /items), removed, or their quantity
// changed; every write carries If-Match with the cart's ETag. A 412 opens CartConflictDialog with both
// versions: Reload drops the change, Overwrite sends it again with the new ETag. Refreshes every 2 s,
// except while a write or a conflict is open. Errors go to the status line.
class CartsPanel : public QWidget
{
    Q_OBJECT
public:
    // accessToken: sent with every write when the fleet requires one (--token).
    explicit CartsPanel(InstanceSource *source, QWidget *parent = nullptr, const QByteArray &accessToken = {});
    CartsPanel(const QList<QUrl> &cartUrls, const QList<QUrl> &catalogUrls, QWidget *parent = nullptr);
    ~CartsPanel() override;

    CartListModel *cartModel() const { return m_carts; }
    CartItemsModel *itemsModel() const { return m_items; }
    QTableView *cartView() const { return m_cartView; }
    QTableView *itemsView() const { return m_itemsView; }
    QString currentCartId() const { return m_current.id; }
    const CartData &currentCart() const { return m_current; }
    QString statusText() const;
    // True while a write is on its way or a conflict waits for the operator.
    bool isBusy() const { return m_busy; }
    void setRefreshInterval(int ms);

    void refresh();
    void selectCart(const QString &cartId);
    void createCart(const QString &cartId);
    void addItem(const QString &itemId, qint64 quantity);
    void setQuantity(const QString &itemId, qint64 quantity);
    void removeItem(const QString &itemId);

Q_SIGNALS:
    void cartLoaded(const QString &cartId);
    void conflictShown(CartConflictDialog *dialog);
    // A write finished (ok) or was refused / dropped (not ok); the status line says why.
    void writeFinished(bool ok);

private:
    struct Edit
    {
        enum class Kind { Add, SetQuantity, Remove } kind = Kind::Add;
        QString cartId;
        QString itemId;
        qint64 quantity = 0;
    };

    void build();
    void loadCatalog();
    void loadCart(const QString &cartId);
    void applyCart(const CartData &cart);
    void submit(const Edit &edit, const QByteArray &etag);
    void onWriteAnswer(const Edit &edit, const Reply<CartData> &result);
    void showConflict(const Edit &edit, const CartData &server);
    void finishWrite(bool ok, const QString &status);
    void setStatus(const QString &text, bool error = false);
    void updateTotal();
    void updateActions();
    CartData withEdit(const CartData &cart, const Edit &edit) const;
    static Edit overwriteEdit(const Edit &edit, const CartData &yours, const CartData &server);
    QString describe(const Edit &edit) const;

    InstanceSource *m_source;
    CartClient *m_client;
    CatalogClient *m_catalogClient;
    CartListModel *m_carts;
    CartItemsModel *m_items;
    QTableView *m_cartView = nullptr;
    QTableView *m_itemsView = nullptr;
    QComboBox *m_catalogCombo = nullptr;
    QSpinBox *m_addQuantity = nullptr;
    QAction *m_addAction = nullptr;
    QAction *m_removeAction = nullptr;
    QLabel *m_cartTitle = nullptr;
    QLabel *m_total = nullptr;
    StatusLabel *m_status = nullptr;
    QLabel *m_emptyItems = nullptr;
    QTimer *m_timer;
    QPointer<CartConflictDialog> m_conflict;
    QList<CatalogItem> m_catalog;
    CartData m_current;
    QElapsedTimer m_errorShown;
    bool m_busy = false;
    bool m_listInFlight = false;
    bool m_catalogInFlight = false;
    // Answers to reads started before the latest selection change or write are dropped.
    LatestRequest m_cartRequests;
    LatestRequest m_listRequests;
};
