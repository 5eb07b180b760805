#include "cartconflictdialog.h"

#include "cartformat.h"
#include "cartitemsmodel.h"

#include <QDialogButtonBox>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QTableView>
#include <QVBoxLayout>

namespace {

QSet<QString> differingItems(const CartData &a, const CartData &b)
{
    QSet<QString> differing;
    for (const auto &line : a.lines) {
        const auto *other = b.line(line.itemId);
        if (!other || other->quantity != line.quantity)
            differing.insert(line.itemId);
    }
    for (const auto &line : b.lines)
        if (!a.line(line.itemId))
            differing.insert(line.itemId);
    return differing;
}

qint64 totalOf(const CartData &cart)
{
    qint64 total = 0;
    for (const auto &line : cart.lines) {
        if (line.lineTotalCents < 0)
            return -1;
        total += line.lineTotalCents;
    }
    return total;
}

} // namespace

CartConflictDialog::CartConflictDialog(
    const CartData &yours, const CartData &server, const QString &change, QWidget *parent)
    : QDialog(parent)
    , m_yours(new CartItemsModel(this))
    , m_server(new CartItemsModel(this))
{
    setObjectName(QStringLiteral("cartConflictDialog"));
    setWindowTitle(tr("Cart Changed on the Server"));
    m_yours->setLines(yours.lines);
    m_server->setLines(server.lines);
    const auto differing = differingItems(yours, server);
    m_yours->setHighlighted(differing);
    m_server->setHighlighted(differing);

    auto *intro = new QLabel(
        tr("Cart <b>%1</b> was changed by someone else (it is now version %2) while you were "
           "editing it. Your change: %3.<br>Reload to drop your change and see the current "
           "cart, or overwrite to make the line you changed as shown under Yours; the other lines stay as they "
           "are on the server.")
            .arg(server.id.toHtmlEscaped())
            .arg(server.version)
            .arg(change.toHtmlEscaped()),
        this);
    intro->setWordWrap(true);

    auto *versions = new QHBoxLayout;
    versions->addWidget(versionBox(tr("Yours"), yours, m_yours, QStringLiteral("conflictYoursView")));
    versions->addWidget(versionBox(tr("On the server now"), server, m_server, QStringLiteral("conflictServerView")));

    auto *buttons = new QDialogButtonBox(this);
    auto *reload = buttons->addButton(tr("Reload"), QDialogButtonBox::RejectRole);
    reload->setObjectName(QStringLiteral("conflictReloadButton"));
    reload->setDefault(true); // Enter must not overwrite someone else's change
    auto *overwrite = buttons->addButton(tr("Overwrite"), QDialogButtonBox::AcceptRole);
    overwrite->setObjectName(QStringLiteral("conflictOverwriteButton"));
    connect(reload, &QPushButton::clicked, this, &QDialog::reject);
    connect(overwrite, &QPushButton::clicked, this, &QDialog::accept);
    // Closing the window counts as Reload, the safe choice: nothing is written.
    connect(this, &QDialog::finished, this,
        [this](int result) { Q_EMIT choiceMade(result == QDialog::Accepted ? Choice::Overwrite : Choice::Reload); });

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(intro);
    layout->addLayout(versions, 1);
    layout->addWidget(buttons);
    resize(820, 420);
}

QWidget *CartConflictDialog::versionBox(
    const QString &title, const CartData &cart, CartItemsModel *model, const QString &name)
{
    auto *box = new QGroupBox(title, this);
    auto *view = new QTableView(box);
    view->setObjectName(name);
    view->setModel(model);
    view->verticalHeader()->hide();
    view->setSelectionMode(QAbstractItemView::NoSelection);
    view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    view->setAlternatingRowColors(true);
    view->hideColumn(CartItemsModel::ItemColumn);
    view->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    view->horizontalHeader()->setSectionResizeMode(CartItemsModel::NameColumn, QHeaderView::Stretch);
    const qint64 total = totalOf(cart);
    auto *summary = new QLabel(
        model->rowCount() == 0 ? tr("The cart is empty.") : tr("Total: <b>%1</b>").arg(CartFormat::cents(total)), box);
    summary->setAlignment(Qt::AlignRight | Qt::AlignVCenter);
    auto *layout = new QVBoxLayout(box);
    layout->addWidget(view, 1);
    layout->addWidget(summary);
    return box;
}
