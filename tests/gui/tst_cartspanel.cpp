// The carts panel against a real catalog and cart service (carts in a real SQLite file) on loopback:
// it lists carts and priced lines, and every change made in it is what the REST API then returns;
// an ETag conflict opens the dialog with both versions and Reload and Overwrite do what they say.
#include "carts/cartconflictdialog.h"
#include "carts/cartformat.h"
#include "carts/cartitemsmodel.h"
#include "carts/cartlistmodel.h"
#include "carts/cartspanel.h"
#include "client/staticinstancesource.h"
#include "confirmationdriver.h"
#include "httptestclient.h"
#include "runtime/fleet.h"
#include "runtime/hostinstances.h"
#include "runtime/servicehost.h"
#include "runtime/shopfleet.h"

#include <memory>
#include <QAbstractItemModelTester>
#include <QAction>
#include <QComboBox>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLabel>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTableView>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

class TestCartsPanel : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanupTestCase();
    void listsCartsWithPricedLines();
    void quantityEditReachesTheService();
    void addAndRemoveThroughTheToolbar();
    void conflictOverwriteSendsAgainWithTheNewEtag();
    void conflictOverwriteOfAnAddKeepsYourQuantity();
    void conflictReloadKeepsTheServerVersion();
    void unreachableServiceIsReportedNotFatal();
    void periodicRefreshFollowsOtherWritersAndSelection();

private:
    QUrl cartUrl(const QString &path) const;
    QJsonObject cartJson() const;
    qint64 quantityOnServer(const QString &itemId) const;
    void putQuantityBehindTheBack(const QString &itemId, int quantity);
    std::unique_ptr<CartsPanel> openPanel();

    QTemporaryDir m_dir;
    std::unique_ptr<Fleet> m_fleet;
    ShopFleetHosts m_hosts;
    std::unique_ptr<StaticInstanceSource> m_source;
    QString m_cart;
    int m_cartCounter = 0;
};

namespace {

QByteArray json(const QJsonObject &object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

const TestHttp::Headers jsonType { { "Content-Type", "application/json" } };

} // namespace

void TestCartsPanel::initTestCase()
{
    QVERIFY(m_dir.isValid());
    m_fleet = std::make_unique<Fleet>();
    ShopFleetOptions options;
    options.cartDatabase = m_dir.filePath(QStringLiteral("carts.sqlite"));
    options.cartPort = 0;
    options.cartInstances = 1;
    options.catalogInstances = 1;
    options.traffic = false;
    m_hosts = addShopFleet(*m_fleet, options);
    QString error;
    QVERIFY2(m_fleet->startAll(&error), qPrintable(error));
    m_source = std::make_unique<StaticInstanceSource>();
    m_source->setInstances(QStringLiteral("cart"), instancesOf(m_hosts.carts));
    m_source->setInstances(QStringLiteral("catalog"), instancesOf(m_hosts.catalogs));
}

void TestCartsPanel::init()
{
    // Every test works on a fresh cart with two lines, created through the REST API.
    m_cart = QStringLiteral("ops-%1").arg(++m_cartCounter);
    auto created = TestHttp::request(
        "POST", cartUrl(QStringLiteral("/carts")), json({ { QStringLiteral("id"), m_cart } }), jsonType);
    QCOMPARE(created.status, 201);
    for (const auto &[item, quantity] : { std::pair { "sku-1001", 2 }, std::pair { "sku-1003", 1 } }) {
        const auto added = TestHttp::request("POST", cartUrl(QStringLiteral("/carts/%1/items").arg(m_cart)),
            json(
                { { QStringLiteral("item_id"), QString::fromLatin1(item) }, { QStringLiteral("quantity"), quantity } }),
            jsonType);
        QCOMPARE(added.status, 200);
    }
}

void TestCartsPanel::cleanupTestCase()
{
    m_source.reset();
    m_fleet.reset();
}

QUrl TestCartsPanel::cartUrl(const QString &path) const
{
    auto url = m_hosts.carts.at(0)->baseUrl();
    url.setPath(path);
    return url;
}

QJsonObject TestCartsPanel::cartJson() const
{
    return TestHttp::get(cartUrl(QStringLiteral("/carts/%1").arg(m_cart))).json();
}

qint64 TestCartsPanel::quantityOnServer(const QString &itemId) const
{
    for (const auto &line : cartJson().value(QStringLiteral("items")).toArray())
        if (line.toObject().value(QStringLiteral("item_id")).toString() == itemId)
            return line.toObject().value(QStringLiteral("quantity")).toInteger();
    return 0;
}

void TestCartsPanel::putQuantityBehindTheBack(const QString &itemId, int quantity)
{
    const auto changed = TestHttp::request("PUT", cartUrl(QStringLiteral("/carts/%1/items/%2").arg(m_cart, itemId)),
        json({ { QStringLiteral("quantity"), quantity } }), jsonType);
    QCOMPARE(changed.status, 200);
}

std::unique_ptr<CartsPanel> TestCartsPanel::openPanel()
{
    auto panel = std::make_unique<CartsPanel>(m_source.get());
    panel->resize(1100, 520);
    panel->show();
    // Periodic refreshes must not hide an ETag conflict set up by the test; each test refreshes when it wants.
    panel->setRefreshInterval(60'000);
    return panel;
}

void TestCartsPanel::listsCartsWithPricedLines()
{
    auto panel = openPanel();
    QAbstractItemModelTester cartsTester(panel->cartModel(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    QAbstractItemModelTester itemsTester(panel->itemsModel(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    QTRY_VERIFY_WITH_TIMEOUT(panel->cartModel()->rowOf(m_cart) >= 0, 5000);
    panel->selectCart(m_cart);
    QTRY_COMPARE_WITH_TIMEOUT(panel->itemsModel()->rowCount(), 2, 5000);

    // Names and prices are the catalog's, line totals and the cart total follow from them.
    const auto item = TestHttp::get([this] {
        auto url = m_hosts.catalogs.at(0)->baseUrl();
        url.setPath(QStringLiteral("/items/sku-1003"));
        return url;
    }());
    const qint64 price = item.json().value(QStringLiteral("price_cents")).toInteger();
    const int row = panel->itemsModel()->rowOf(QStringLiteral("sku-1003"));
    QVERIFY(row >= 0);
    auto *model = panel->itemsModel();
    QCOMPARE(model->index(row, CartItemsModel::NameColumn).data().toString(),
        item.json().value(QStringLiteral("name")).toString());
    QCOMPARE(model->index(row, CartItemsModel::PriceColumn).data().toString(), CartFormat::cents(price));
    QCOMPARE(model->index(row, CartItemsModel::TotalColumn).data().toString(), CartFormat::cents(price));
    QCOMPARE(model->index(row, CartItemsModel::PriceColumn).data(Qt::TextAlignmentRole).toInt(),
        int(Qt::AlignRight | Qt::AlignVCenter));
    QCOMPARE(panel->currentCart().totalCents, cartJson().value(QStringLiteral("total_cents")).toInteger());
    auto *total = panel->findChild<QLabel *>(QStringLiteral("cartTotal"));
    QVERIFY(total->text().contains(CartFormat::cents(panel->currentCart().totalCents)));

    // The catalog combo offers every catalog item.
    auto *combo = panel->findChild<QComboBox *>(QStringLiteral("catalogCombo"));
    QTRY_VERIFY_WITH_TIMEOUT(combo->count() >= 30, 5000);
    if (qEnvironmentVariableIsSet("FLIGHTDECK_PANEL_SHOTS"))
        panel->grab().save(qEnvironmentVariable("FLIGHTDECK_PANEL_SHOTS") + QStringLiteral("/carts.png"));
}

void TestCartsPanel::quantityEditReachesTheService()
{
    auto panel = openPanel();
    QAbstractItemModelTester itemsTester(panel->itemsModel(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    panel->selectCart(m_cart);
    QTRY_COMPARE_WITH_TIMEOUT(panel->itemsModel()->rowCount(), 2, 5000);

    // The operator double-clicks the quantity cell, types 5 in the spin box and presses Enter.
    auto *view = panel->itemsView();
    const auto index = panel->itemsModel()->index(
        panel->itemsModel()->rowOf(QStringLiteral("sku-1001")), CartItemsModel::QuantityColumn);
    view->setCurrentIndex(index);
    view->edit(index);
    auto *editor = view->findChild<QSpinBox *>(QStringLiteral("quantityEditor"));
    QVERIFY(editor);
    QCOMPARE(editor->value(), 2);
    QSignalSpy written(panel.get(), &CartsPanel::writeFinished);
    editor->setValue(5);
    QTest::keyClick(editor, Qt::Key_Return);
    QTRY_COMPARE_WITH_TIMEOUT(written.size(), 1, 5000);
    QCOMPARE(written.first().first().toBool(), true);
    QCOMPARE(quantityOnServer(QStringLiteral("sku-1001")), 5);
    QCOMPARE(panel->itemsModel()->line(panel->itemsModel()->rowOf(QStringLiteral("sku-1001"))).quantity, 5);
    QCOMPARE(panel->currentCart().etag, TestHttp::get(cartUrl(QStringLiteral("/carts/%1").arg(m_cart))).header("ETag"));
}

void TestCartsPanel::addAndRemoveThroughTheToolbar()
{
    auto panel = openPanel();
    panel->selectCart(m_cart);
    QTRY_COMPARE_WITH_TIMEOUT(panel->itemsModel()->rowCount(), 2, 5000);
    auto *combo = panel->findChild<QComboBox *>(QStringLiteral("catalogCombo"));
    QTRY_VERIFY_WITH_TIMEOUT(combo->count() > 0, 5000);
    combo->setCurrentIndex(combo->findData(QStringLiteral("sku-1005")));
    QVERIFY(combo->currentIndex() >= 0);
    panel->findChild<QSpinBox *>(QStringLiteral("addQuantity"))->setValue(3);
    QSignalSpy written(panel.get(), &CartsPanel::writeFinished);
    auto *add = panel->findChild<QAction *>(QStringLiteral("actionAddCartItem"));
    QVERIFY(add->isEnabled());
    add->trigger();
    QTRY_COMPARE_WITH_TIMEOUT(written.size(), 1, 5000);
    QCOMPARE(quantityOnServer(QStringLiteral("sku-1005")), 3);
    QCOMPARE(panel->itemsModel()->rowCount(), 3);

    panel->itemsView()->selectRow(panel->itemsModel()->rowOf(QStringLiteral("sku-1003")));
    auto *remove = panel->findChild<QAction *>(QStringLiteral("actionRemoveCartItem"));
    QVERIFY(remove->isEnabled());
    // Removing asks first: Cancel keeps the line, on the server and in the view.
    const int quantityBefore = quantityOnServer(QStringLiteral("sku-1003"));
    QVERIFY(quantityBefore > 0);
    remove->trigger();
    QVERIFY(answerConfirmation(QStringLiteral("confirmRemoveItem"), false));
    QTest::qWait(300); // nothing may be sent; give a wrong request the time to arrive
    QCOMPARE(written.size(), 1);
    QCOMPARE(quantityOnServer(QStringLiteral("sku-1003")), quantityBefore);
    QVERIFY(panel->itemsModel()->rowOf(QStringLiteral("sku-1003")) >= 0);
    // Confirming removes it.
    remove->trigger();
    QVERIFY(answerConfirmation(QStringLiteral("confirmRemoveItem"), true));
    QTRY_COMPARE_WITH_TIMEOUT(written.size(), 2, 5000);
    QCOMPARE(written.last().first().toBool(), true);
    QCOMPARE(quantityOnServer(QStringLiteral("sku-1003")), 0);
    QCOMPARE(panel->itemsModel()->rowOf(QStringLiteral("sku-1003")), -1);
}

void TestCartsPanel::conflictOverwriteSendsAgainWithTheNewEtag()
{
    auto panel = openPanel();
    QAbstractItemModelTester itemsTester(panel->itemsModel(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    panel->selectCart(m_cart);
    QTRY_COMPARE_WITH_TIMEOUT(panel->itemsModel()->rowCount(), 2, 5000);
    const auto seenEtag = panel->currentCart().etag;

    putQuantityBehindTheBack(QStringLiteral("sku-1003"), 7);
    QSignalSpy conflicts(panel.get(), &CartsPanel::conflictShown);
    QSignalSpy written(panel.get(), &CartsPanel::writeFinished);
    const int row = panel->itemsModel()->rowOf(QStringLiteral("sku-1001"));
    QVERIFY(panel->itemsModel()->setData(panel->itemsModel()->index(row, CartItemsModel::QuantityColumn), 9));
    QTRY_COMPARE_WITH_TIMEOUT(conflicts.size(), 1, 5000);
    QCOMPARE(quantityOnServer(QStringLiteral("sku-1001")), 2); // the stale write was refused
    QVERIFY(panel->isBusy());

    // Both versions are shown: the operator's (sku-1001 × 9, the old sku-1003 × 1) and the server's.
    auto *dialog = conflicts.first().first().value<CartConflictDialog *>();
    QVERIFY(dialog && dialog->isVisible());
    QAbstractItemModelTester yoursTester(dialog->yoursModel(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    QAbstractItemModelTester serverTester(
        dialog->serverModel(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    auto quantityIn = [](CartItemsModel *model, const QString &itemId) {
        const int r = model->rowOf(itemId);
        return r < 0 ? qint64(0) : model->line(r).quantity;
    };
    QCOMPARE(quantityIn(dialog->yoursModel(), QStringLiteral("sku-1001")), 9);
    QCOMPARE(quantityIn(dialog->yoursModel(), QStringLiteral("sku-1003")), 1);
    QCOMPARE(quantityIn(dialog->serverModel(), QStringLiteral("sku-1001")), 2);
    QCOMPARE(quantityIn(dialog->serverModel(), QStringLiteral("sku-1003")), 7);
    if (qEnvironmentVariableIsSet("FLIGHTDECK_PANEL_SHOTS"))
        dialog->grab().save(qEnvironmentVariable("FLIGHTDECK_PANEL_SHOTS") + QStringLiteral("/conflict.png"));

    dialog->findChild<QPushButton *>(QStringLiteral("conflictOverwriteButton"))->click();
    QTRY_COMPARE_WITH_TIMEOUT(written.size(), 1, 5000);
    QCOMPARE(written.first().first().toBool(), true);
    // The change went in on top of the other writer's: both survive.
    QCOMPARE(quantityOnServer(QStringLiteral("sku-1001")), 9);
    QCOMPARE(quantityOnServer(QStringLiteral("sku-1003")), 7);
    QVERIFY(panel->currentCart().etag != seenEtag);
    QCOMPARE(quantityIn(panel->itemsModel(), QStringLiteral("sku-1003")), 7);
    QVERIFY(!panel->isBusy());
}

void TestCartsPanel::conflictOverwriteOfAnAddKeepsYourQuantity()
{
    auto panel = openPanel();
    panel->selectCart(m_cart);
    QTRY_COMPARE_WITH_TIMEOUT(panel->itemsModel()->rowCount(), 2, 5000);
    const qint64 before = quantityOnServer(QStringLiteral("sku-1001"));

    // The operator adds 3 to a line another writer has just set to 40.
    putQuantityBehindTheBack(QStringLiteral("sku-1001"), 40);
    QSignalSpy conflicts(panel.get(), &CartsPanel::conflictShown);
    QSignalSpy written(panel.get(), &CartsPanel::writeFinished);
    panel->addItem(QStringLiteral("sku-1001"), 3);
    QTRY_COMPARE_WITH_TIMEOUT(conflicts.size(), 1, 5000);
    auto *dialog = conflicts.first().first().value<CartConflictDialog *>();
    const int row = dialog->yoursModel()->rowOf(QStringLiteral("sku-1001"));
    QCOMPARE(dialog->yoursModel()->line(row).quantity, before + 3);

    // Overwrite leaves exactly what "Yours" showed, not 40 + 3.
    dialog->findChild<QPushButton *>(QStringLiteral("conflictOverwriteButton"))->click();
    QTRY_COMPARE_WITH_TIMEOUT(written.size(), 1, 5000);
    QCOMPARE(written.first().first().toBool(), true);
    QCOMPARE(quantityOnServer(QStringLiteral("sku-1001")), before + 3);
}

void TestCartsPanel::conflictReloadKeepsTheServerVersion()
{
    auto panel = openPanel();
    panel->selectCart(m_cart);
    QTRY_COMPARE_WITH_TIMEOUT(panel->itemsModel()->rowCount(), 2, 5000);

    putQuantityBehindTheBack(QStringLiteral("sku-1001"), 4);
    QSignalSpy conflicts(panel.get(), &CartsPanel::conflictShown);
    panel->removeItem(QStringLiteral("sku-1003"));
    QTRY_COMPARE_WITH_TIMEOUT(conflicts.size(), 1, 5000);
    auto *dialog = conflicts.first().first().value<CartConflictDialog *>();
    QCOMPARE(dialog->yoursModel()->rowOf(QStringLiteral("sku-1003")), -1);
    QVERIFY(dialog->serverModel()->rowOf(QStringLiteral("sku-1003")) >= 0);

    dialog->findChild<QPushButton *>(QStringLiteral("conflictReloadButton"))->click();
    QTRY_VERIFY_WITH_TIMEOUT(!panel->isBusy(), 5000);
    // Nothing was written; the panel shows the server's cart, with its ETag.
    QCOMPARE(quantityOnServer(QStringLiteral("sku-1003")), 1);
    QCOMPARE(quantityOnServer(QStringLiteral("sku-1001")), 4);
    auto *model = panel->itemsModel();
    QCOMPARE(model->line(model->rowOf(QStringLiteral("sku-1001"))).quantity, 4);
    QVERIFY(model->rowOf(QStringLiteral("sku-1003")) >= 0);
    QCOMPARE(panel->currentCart().etag, TestHttp::get(cartUrl(QStringLiteral("/carts/%1").arg(m_cart))).header("ETag"));

    // The next edit goes through with the reloaded ETag.
    QSignalSpy written(panel.get(), &CartsPanel::writeFinished);
    panel->setQuantity(QStringLiteral("sku-1001"), 6);
    QTRY_COMPARE_WITH_TIMEOUT(written.size(), 1, 5000);
    QCOMPARE(written.first().first().toBool(), true);
    QCOMPARE(quantityOnServer(QStringLiteral("sku-1001")), 6);
}

void TestCartsPanel::unreachableServiceIsReportedNotFatal()
{
    // A port that was just free: nothing listens there.
    QTcpServer probe;
    QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
    QUrl dead;
    dead.setScheme(QStringLiteral("http"));
    dead.setHost(QStringLiteral("127.0.0.1"));
    dead.setPort(probe.serverPort());
    probe.close();
    CartsPanel panel({ dead }, { dead });
    QAbstractItemModelTester cartsTester(panel.cartModel(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    panel.show();
    QTRY_VERIFY_WITH_TIMEOUT(panel.statusText().contains(QStringLiteral("Cannot list carts")), 10000);
    QCOMPARE(panel.cartModel()->rowCount(), 0);
    // Edits without a loaded cart are refused with a message, not sent.
    panel.setQuantity(QStringLiteral("sku-1001"), 2);
    QVERIFY(!panel.isBusy());
}

void TestCartsPanel::periodicRefreshFollowsOtherWritersAndSelection()
{
    auto panel = openPanel();
    QAbstractItemModelTester cartsTester(panel->cartModel(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    QAbstractItemModelTester itemsTester(panel->itemsModel(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    panel->setRefreshInterval(150);
    // Switching carts quickly: whatever answers arrive, the items shown are the last selected cart's.
    const auto previous = QStringLiteral("ops-%1").arg(m_cartCounter - 1);
    panel->selectCart(previous);
    panel->selectCart(m_cart);
    QTRY_COMPARE_WITH_TIMEOUT(panel->currentCart().version >= 0, true, 5000);
    QCOMPARE(panel->currentCart().id, m_cart);
    QCOMPARE(panel->itemsModel()->line(panel->itemsModel()->rowOf(QStringLiteral("sku-1003"))).quantity, 1);

    // Another writer changes the cart; the idle panel shows it on its next refresh.
    putQuantityBehindTheBack(QStringLiteral("sku-1003"), 12);
    auto quantityShown = [&panel] {
        const int row = panel->itemsModel()->rowOf(QStringLiteral("sku-1003"));
        return row < 0 ? qint64(-1) : panel->itemsModel()->line(row).quantity;
    };
    QTRY_COMPARE_WITH_TIMEOUT(quantityShown(), qint64(12), 5000);
    QCOMPARE(panel->currentCart().id, m_cart);
    // A cart created elsewhere appears in the list.
    const QString other = m_cart + QStringLiteral("-other");
    const QJsonObject body { { QStringLiteral("id"), other } };
    QCOMPARE(TestHttp::request("POST", cartUrl(QStringLiteral("/carts")), json(body), jsonType).status, 201);
    QTRY_VERIFY_WITH_TIMEOUT(panel->cartModel()->rowOf(other) >= 0, 5000);
}

QTEST_MAIN(TestCartsPanel)
#include "tst_cartspanel.moc"
