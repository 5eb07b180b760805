#include "cartspanel.h"

#include "cartconflictdialog.h"
#include "cartformat.h"
#include "cartitemsmodel.h"
#include "cartlistmodel.h"
#include "client/cartclient.h"
#include "client/catalogclient.h"
#include "client/discoveryclient.h"
#include "client/serviceclient.h"
#include "client/staticinstancesource.h"
#include "common/confirmation.h"
#include "common/paneltables.h"
#include "common/statuslabel.h"
#include "common/tablecolumns.h"
#include "quantitydelegate.h"

#include <algorithm>
#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QInputDialog>
#include <QLabel>
#include <QSpinBox>
#include <QSplitter>
#include <QStyle>
#include <QTableView>
#include <QTime>
#include <QTimer>
#include <QToolBar>
#include <QVBoxLayout>

namespace {

QList<ServiceInstance> instancesFrom(const QString &service, const QList<QUrl> &urls)
{
    QList<ServiceInstance> instances;
    for (const auto &url : urls) {
        ServiceInstance instance;
        instance.service = service;
        instance.id = QStringLiteral("%1@%2:%3").arg(service, url.host()).arg(url.port(80));
        instance.address = url.host();
        instance.port = quint16(url.port(80));
        instances.append(instance);
    }
    return instances;
}

InstanceSource *staticSource(const QList<QUrl> &cartUrls, const QList<QUrl> &catalogUrls, QObject *parent)
{
    auto *source = new StaticInstanceSource(parent);
    source->setInstances(QStringLiteral("cart"), instancesFrom(QStringLiteral("cart"), cartUrls));
    source->setInstances(QStringLiteral("catalog"), instancesFrom(QStringLiteral("catalog"), catalogUrls));
    return source;
}

ServiceClientOptions panelClientOptions(const QByteArray &accessToken = {})
{
    // An operator waits for the answer: fail fast rather than retry for long.
    ServiceClientOptions options;
    options.accessToken = accessToken;
    options.timeoutMs = 4000;
    options.maxAttempts = 2;
    return options;
}

} // namespace

CartsPanel::CartsPanel(InstanceSource *source, QWidget *parent, const QByteArray &accessToken)
    : QWidget(parent)
    , m_source(source)
    , m_client(new CartClient(source, panelClientOptions(accessToken), this))
    , m_catalogClient(new CatalogClient(source, panelClientOptions(), this))
    , m_carts(new CartListModel(this))
    , m_items(new CartItemsModel(this))
    , m_timer(new QTimer(this))
{
    // Discovery only follows the services it is asked to watch (watch() is idempotent).
    if (auto *discovery = qobject_cast<DiscoveryClient *>(source)) {
        discovery->watch(QStringLiteral("cart"));
        discovery->watch(QStringLiteral("catalog"));
    }
    build();
}

CartsPanel::CartsPanel(const QList<QUrl> &cartUrls, const QList<QUrl> &catalogUrls, QWidget *parent)
    : CartsPanel(staticSource(cartUrls, catalogUrls, nullptr), parent)
{
    m_source->setParent(this);
}

CartsPanel::~CartsPanel() = default;

void CartsPanel::build()
{
    setObjectName(QStringLiteral("cartsPanel"));
    m_items->setEditable(true);

    auto *toolbar = new QToolBar(this);
    toolbar->setToolButtonStyle(Qt::ToolButtonTextOnly);
    auto *create = toolbar->addAction(tr("New Cart…"), this, [this] {
        bool ok = false;
        const auto id = QInputDialog::getText(this, tr("New Cart"),
            tr("Cart id (letters, digits, '-', '_' or '.'; empty for a generated id):"), QLineEdit::Normal, {}, &ok);
        if (ok)
            createCart(id.trimmed());
    });
    create->setObjectName(QStringLiteral("actionNewCart"));
    auto *reload = toolbar->addAction(tr("Refresh"), this, &CartsPanel::refresh);
    reload->setObjectName(QStringLiteral("actionRefreshCarts"));
    reload->setShortcut(QKeySequence::Refresh);
    toolbar->addSeparator();
    m_catalogCombo = new QComboBox(toolbar);
    m_catalogCombo->setObjectName(QStringLiteral("catalogCombo"));
    m_catalogCombo->setMinimumContentsLength(28);
    m_catalogCombo->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_catalogCombo->setPlaceholderText(tr("Loading the catalog…"));
    toolbar->addWidget(m_catalogCombo);
    m_addQuantity = new QSpinBox(toolbar);
    m_addQuantity->setObjectName(QStringLiteral("addQuantity"));
    m_addQuantity->setRange(1, 10'000);
    m_addQuantity->setPrefix(QStringLiteral("× "));
    m_addQuantity->setAlignment(Qt::AlignRight);
    toolbar->addWidget(m_addQuantity);
    m_addAction = toolbar->addAction(tr("Add Item"), this, [this] {
        const auto itemId = m_catalogCombo->currentData().toString();
        if (!itemId.isEmpty())
            addItem(itemId, m_addQuantity->value());
    });
    m_addAction->setObjectName(QStringLiteral("actionAddCartItem"));
    toolbar->addSeparator();
    m_removeAction = toolbar->addAction(tr("Remove Item…"), this, [this] {
        const auto index = m_itemsView->currentIndex();
        if (!index.isValid())
            return;
        // A removed line is gone with its quantity: ask first.
        const auto line = m_items->line(index.row());
        Confirmation::ask(this, QStringLiteral("confirmRemoveItem"), tr("Remove Item"),
            tr("Remove %1 (quantity %2) from cart %3?")
                .arg(line.name.isEmpty() ? line.itemId : line.name)
                .arg(line.quantity)
                .arg(m_current.id),
            tr("Remove"), [this, itemId = line.itemId, cartId = m_current.id] {
                if (cartId == m_current.id)
                    removeItem(itemId);
            });
    });
    m_removeAction->setObjectName(QStringLiteral("actionRemoveCartItem"));
    m_removeAction->setShortcut(QKeySequence::Delete);
    m_removeAction->setShortcutContext(Qt::WidgetWithChildrenShortcut);

    m_cartView = PanelTables::makeTable(m_carts, QStringLiteral("cartListView"), this);
    TableColumns::setup(m_cartView, QStringLiteral("carts"),
        { { CartListModel::IdColumn, QStringLiteral("0f8e4c2a-6b1d-4e7a-9c3b-5d2f1a8e7b64") },
            { CartListModel::LinesColumn, QStringLiteral("99") },
            { CartListModel::VersionColumn, QStringLiteral("999") },
            { CartListModel::UpdatedColumn, QStringLiteral("00:00:00") } });
    connect(m_cartView->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
        [this](const QModelIndex &current) {
            if (current.isValid())
                selectCart(m_carts->cart(current.row()).id);
        });

    m_itemsView = PanelTables::makeTable(m_items, QStringLiteral("cartItemsView"), this);
    m_itemsView->setEditTriggers(
        QAbstractItemView::DoubleClicked | QAbstractItemView::EditKeyPressed | QAbstractItemView::AnyKeyPressed);
    m_itemsView->setItemDelegateForColumn(CartItemsModel::QuantityColumn, new QuantityDelegate(m_itemsView));
    TableColumns::setup(m_itemsView, QStringLiteral("cartItems"),
        { { CartItemsModel::ItemColumn, QStringLiteral("sku-00000") },
            { CartItemsModel::NameColumn, QStringLiteral("Stainless steel espresso machine") },
            { CartItemsModel::PriceColumn, QStringLiteral("1,234.56") },
            { CartItemsModel::QuantityColumn, QStringLiteral("9999") },
            { CartItemsModel::TotalColumn, QStringLiteral("12,345.67") } });
    connect(m_items, &CartItemsModel::quantityEdited, this,
        [this](const QString &itemId, qint64 quantity) { setQuantity(itemId, quantity); });
    connect(m_itemsView->selectionModel(), &QItemSelectionModel::currentRowChanged, this, &CartsPanel::updateActions);

    m_cartTitle = new QLabel(this);
    m_cartTitle->setObjectName(QStringLiteral("cartTitle"));
    m_cartTitle->setTextFormat(Qt::RichText);
    m_total = new QLabel(this);
    m_total->setObjectName(QStringLiteral("cartTotal"));
    m_total->setAlignment(Qt::AlignRight | Qt::AlignVCenter);
    m_emptyItems = new QLabel(this);
    m_status = new StatusLabel(QStringLiteral("cartStatus"), this);

    auto *left = new QWidget(this);
    auto *leftLayout = new QVBoxLayout(left);
    leftLayout->setContentsMargins(0, 0, 0, 0);
    auto *cartsHeading = new QLabel(tr("<b>Carts</b>"), left);
    leftLayout->addWidget(cartsHeading);
    leftLayout->addWidget(PanelTables::withEmptyState(
        m_cartView, new QLabel(tr("No carts yet.\nCreate one with New Cart, or wait for shoppers."), left), left));

    auto *right = new QWidget(this);
    auto *rightLayout = new QVBoxLayout(right);
    rightLayout->setContentsMargins(0, 0, 0, 0);
    rightLayout->addWidget(m_cartTitle);
    rightLayout->addWidget(PanelTables::withEmptyState(m_itemsView, m_emptyItems, right), 1);
    rightLayout->addWidget(m_total);

    auto *splitter = new QSplitter(this);
    splitter->addWidget(left);
    splitter->addWidget(right);
    // The cart list starts as wide as its columns (a whole cart id included); the lines get the rest.
    splitter->setStretchFactor(0, 0);
    splitter->setStretchFactor(1, 1);
    splitter->setChildrenCollapsible(false);
    int cartsWidth = m_cartView->frameWidth() * 2 + m_cartView->style()->pixelMetric(QStyle::PM_ScrollBarExtent) + 4;
    for (int column = 0; column < CartListModel::ColumnCount; ++column)
        cartsWidth += m_cartView->columnWidth(column);
    splitter->setSizes({ cartsWidth, 1000 });

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(4);
    layout->addWidget(toolbar);
    auto *body = new QVBoxLayout;
    body->setContentsMargins(6, 0, 6, 4);
    body->addWidget(splitter, 1);
    body->addWidget(m_status);
    layout->addLayout(body, 1);

    m_timer->setInterval(2000);
    connect(m_timer, &QTimer::timeout, this, &CartsPanel::refresh);
    m_timer->start();
    applyCart({});
    setStatus(tr("Connecting to the cart service…"));
    refresh();
}

void CartsPanel::setRefreshInterval(int ms)
{
    m_timer->setInterval(ms);
}

QString CartsPanel::statusText() const
{
    return m_status->text();
}

void CartsPanel::setStatus(const QString &text, bool error)
{
    m_status->showMessage(text, error);
    if (error)
        m_errorShown.start();
    else
        m_errorShown.invalidate();
}

void CartsPanel::refresh()
{
    // A periodic read landing in the middle of a write would show the cart as it was before the write.
    if (m_busy)
        return;
    if (m_catalog.isEmpty())
        loadCatalog();
    if (!m_listInFlight) {
        m_listInFlight = true;
        const auto generation = m_listRequests.next();
        m_client->listCarts(this, [this, generation](const Reply<QList<CartSummaryData>> &result) {
            m_listInFlight = false;
            if (!m_listRequests.isLatest(generation))
                return;
            if (!result.decoded) {
                setStatus(tr("Cannot list carts: %1").arg(result.errorText()), true);
                return;
            }
            m_carts->setCarts(result.value);
            if (m_current.id.isEmpty() && m_carts->rowCount() > 0)
                m_cartView->selectRow(0);
            else if (!m_cartView->currentIndex().isValid() && m_carts->rowOf(m_current.id) >= 0)
                m_cartView->selectRow(m_carts->rowOf(m_current.id));
        });
    }
    if (!m_current.id.isEmpty())
        loadCart(m_current.id);
}

void CartsPanel::loadCatalog()
{
    if (m_catalogInFlight)
        return;
    m_catalogInFlight = true;
    m_catalogClient->listItems(this, [this](const Reply<QList<CatalogItem>> &items) {
        m_catalogInFlight = false;
        if (!items.decoded) {
            m_catalogCombo->setPlaceholderText(tr("Catalog unavailable"));
            return;
        }
        m_catalog = items.value;
        m_catalogCombo->clear();
        for (const auto &item : std::as_const(m_catalog))
            m_catalogCombo->addItem(
                QStringLiteral("%1 — %2 (%3)").arg(item.name, CartFormat::cents(item.priceCents), item.id), item.id);
        if (m_catalogCombo->count() > 0)
            m_catalogCombo->setCurrentIndex(0);
        updateActions();
    });
}

void CartsPanel::selectCart(const QString &cartId)
{
    if (cartId == m_current.id)
        return;
    m_cartRequests.invalidate();
    CartData placeholder;
    placeholder.id = cartId;
    applyCart(placeholder);
    const int row = m_carts->rowOf(cartId);
    if (row >= 0 && m_cartView->currentIndex().row() != row)
        m_cartView->selectRow(row);
    loadCart(cartId);
}

void CartsPanel::loadCart(const QString &cartId)
{
    const auto generation = m_cartRequests.next();
    m_client->getCart(cartId, this, [this, cartId, generation](const Reply<CartData> &result) {
        if (!m_cartRequests.isLatest(generation) || cartId != m_current.id || m_busy)
            return;
        if (result.status == 404) {
            setStatus(tr("Cart %1 no longer exists.").arg(cartId), true);
            applyCart({});
            return;
        }
        if (!result.decoded) {
            setStatus(tr("Cannot load cart %1: %2").arg(cartId, result.errorText()), true);
            return;
        }
        applyCart(result.value);
        // A refused write stays readable for a while instead of being replaced by the next refresh.
        if (!m_errorShown.isValid() || m_errorShown.hasExpired(10'000))
            setStatus(tr("Up to date at %1").arg(QTime::currentTime().toString(QStringLiteral("HH:mm:ss"))));
        Q_EMIT cartLoaded(cartId);
    });
}

void CartsPanel::applyCart(const CartData &cart)
{
    m_current = cart;
    m_items->setLines(cart.lines);
    if (cart.id.isEmpty()) {
        m_cartTitle->setText(tr("<b>No cart selected</b>"));
        m_emptyItems->setText(tr("Select a cart on the left to see its items."));
    } else {
        m_cartTitle->setText(cart.version >= 0
                ? tr("<b>Cart %1</b> · version %2").arg(cart.id.toHtmlEscaped()).arg(cart.version)
                : tr("<b>Cart %1</b>").arg(cart.id.toHtmlEscaped()));
        m_emptyItems->setText(cart.version >= 0
                ? tr("This cart is empty.\nPick an item from the catalog and press Add Item.")
                : tr("Loading…"));
    }
    updateTotal();
    updateActions();
}

void CartsPanel::updateTotal()
{
    if (!m_current.isValid() || m_current.lines.isEmpty()) {
        m_total->clear();
        return;
    }
    m_total->setText(tr("%n item(s) · Total <b>%1</b>", nullptr, int(m_current.itemCount))
                         .arg(CartFormat::cents(m_current.totalCents)));
}

void CartsPanel::updateActions()
{
    const bool cart = m_current.isValid() && m_current.version >= 0;
    m_addAction->setEnabled(cart && !m_busy && m_catalogCombo->count() > 0);
    m_removeAction->setEnabled(cart && !m_busy && m_itemsView->currentIndex().isValid());
    m_itemsView->setEditTriggers(m_busy
            ? QAbstractItemView::NoEditTriggers
            : QAbstractItemView::DoubleClicked | QAbstractItemView::EditKeyPressed | QAbstractItemView::AnyKeyPressed);
}

void CartsPanel::createCart(const QString &cartId)
{
    if (m_busy)
        return;
    m_busy = true;
    updateActions();
    setStatus(tr("Creating a cart…"));
    m_client->createCart(cartId, this, [this](const Reply<CartData> &result) {
        if (!result.decoded) {
            finishWrite(false, tr("The cart was not created: %1").arg(result.errorText()));
            return;
        }
        const CartData &cart = result.value;
        finishWrite(true, tr("Created cart %1.").arg(cart.id));
        m_cartRequests.invalidate();
        applyCart(cart);
        refresh();
    });
}

void CartsPanel::addItem(const QString &itemId, qint64 quantity)
{
    submit({ Edit::Kind::Add, m_current.id, itemId, quantity }, m_current.etag);
}

void CartsPanel::setQuantity(const QString &itemId, qint64 quantity)
{
    submit({ Edit::Kind::SetQuantity, m_current.id, itemId, quantity }, m_current.etag);
}

void CartsPanel::removeItem(const QString &itemId)
{
    submit({ Edit::Kind::Remove, m_current.id, itemId, 0 }, m_current.etag);
}

QString CartsPanel::describe(const Edit &edit) const
{
    switch (edit.kind) {
    case Edit::Kind::Add:
        return tr("add %1 × %2").arg(edit.quantity).arg(edit.itemId);
    case Edit::Kind::SetQuantity:
        return tr("set the quantity of %1 to %2").arg(edit.itemId).arg(edit.quantity);
    case Edit::Kind::Remove:
        return tr("remove %1").arg(edit.itemId);
    }
    return {};
}

void CartsPanel::submit(const Edit &edit, const QByteArray &etag)
{
    if (edit.cartId.isEmpty() || m_current.version < 0) {
        setStatus(tr("Select a cart first."), true);
        return;
    }
    if (m_busy) {
        // One write at a time: its answer carries the ETag the next write needs.
        setStatus(tr("Still saving the previous change; try again in a moment."), true);
        m_items->setLines(m_current.lines);
        return;
    }
    m_busy = true;
    m_cartRequests.invalidate(); // reads already on their way would show the cart from before this write
    updateActions();
    setStatus(tr("Saving: %1…").arg(describe(edit)));
    auto done = [this, edit](const Reply<CartData> &result) { onWriteAnswer(edit, result); };
    switch (edit.kind) {
    case Edit::Kind::Add:
        m_client->addItem(edit.cartId, edit.itemId, int(edit.quantity), this, done, etag);
        break;
    case Edit::Kind::SetQuantity:
        m_client->setQuantity(edit.cartId, edit.itemId, int(edit.quantity), this, done, etag);
        break;
    case Edit::Kind::Remove:
        m_client->removeItem(edit.cartId, edit.itemId, this, done, etag);
        break;
    }
}

void CartsPanel::onWriteAnswer(const Edit &edit, const Reply<CartData> &result)
{
    const bool stillShown = edit.cartId == m_current.id;
    if (result.ok()) {
        if (stillShown && result.decoded)
            applyCart(result.value);
        finishWrite(true, tr("Saved: %1.").arg(describe(edit)));
        return;
    }
    if (result.status == 412 && stillShown) {
        // Someone else changed the cart. Fetch what it is now so the operator can compare and decide.
        setStatus(tr("The cart changed on the server; fetching its current version…"));
        m_client->getCart(edit.cartId, this, [this, edit](const Reply<CartData> &current) {
            if (!current.decoded) {
                finishWrite(
                    false, tr("The cart changed on the server and cannot be read: %1").arg(current.errorText()));
                loadCart(edit.cartId);
                return;
            }
            showConflict(edit, current.value);
        });
        return;
    }
    finishWrite(false, tr("Not saved (%1): %2").arg(describe(edit), result.errorText()));
    if (stillShown) {
        m_items->setLines(m_current.lines); // drop the optimistic edit
        loadCart(edit.cartId);
    }
}

CartData CartsPanel::withEdit(const CartData &cart, const Edit &edit) const
{
    CartData yours = cart;
    qsizetype index = -1;
    for (qsizetype i = 0; i < yours.lines.size(); ++i)
        if (yours.lines.at(i).itemId == edit.itemId)
            index = i;
    if (edit.kind == Edit::Kind::Remove) {
        if (index >= 0)
            yours.lines.removeAt(index);
        return yours;
    }
    if (index < 0) {
        CartLineData line;
        line.itemId = edit.itemId;
        for (const auto &item : m_catalog)
            if (item.id == edit.itemId) {
                line.name = item.name;
                line.unitPriceCents = item.priceCents;
            }
        yours.lines.append(line);
        index = yours.lines.size() - 1;
    }
    auto &line = yours.lines[index];
    line.quantity = edit.kind == Edit::Kind::Add ? line.quantity + edit.quantity : edit.quantity;
    line.lineTotalCents = line.unitPriceCents >= 0 ? line.unitPriceCents * line.quantity : -1;
    return yours;
}

CartsPanel::Edit CartsPanel::overwriteEdit(const Edit &edit, const CartData &yours, const CartData &server)
{
    // Overwrite makes the changed line what the dialog showed as "Yours". Setting a quantity and removing a
    // line already do; an add would add on top of the other writer's quantity, so it becomes "set to mine"
    // (or an add of my whole quantity when the line is gone from the server's cart).
    if (edit.kind != Edit::Kind::Add)
        return edit;
    qint64 mine = 0;
    for (const auto &line : yours.lines)
        if (line.itemId == edit.itemId)
            mine = line.quantity;
    const bool onServer = std::any_of(server.lines.cbegin(), server.lines.cend(),
        [&edit](const CartLineData &line) { return line.itemId == edit.itemId; });
    return { onServer ? Edit::Kind::SetQuantity : Edit::Kind::Add, edit.cartId, edit.itemId, mine };
}

void CartsPanel::showConflict(const Edit &edit, const CartData &server)
{
    const auto yours = withEdit(m_current, edit);
    const Edit overwrite = overwriteEdit(edit, yours, server);
    auto *dialog = new CartConflictDialog(yours, server, describe(edit), this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    m_conflict = dialog;
    setStatus(tr("Conflict: cart %1 changed on the server. Choose Reload or Overwrite.").arg(edit.cartId), true);
    connect(dialog, &CartConflictDialog::choiceMade, this,
        [this, edit, overwrite, server](CartConflictDialog::Choice choice) {
            m_busy = false;
            if (edit.cartId != m_current.id) {
                refresh();
                return;
            }
            m_cartRequests.invalidate();
            applyCart(server);
            if (choice == CartConflictDialog::Choice::Overwrite) {
                submit(overwrite, server.etag);
            } else {
                setStatus(tr("Reloaded cart %1; your change was dropped.").arg(edit.cartId));
                Q_EMIT writeFinished(false);
            }
        });
    dialog->open();
    Q_EMIT conflictShown(dialog);
}

void CartsPanel::finishWrite(bool ok, const QString &status)
{
    m_busy = false;
    updateActions();
    setStatus(status, !ok);
    Q_EMIT writeFinished(ok);
}
