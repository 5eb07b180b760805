// Table headers: columns start wide enough for a typical value, and what the operator makes of a header
// (widths, order, sorting) comes back on a new table with the same key, also when the window is closed right
// after the change.
#include "common/tablecolumns.h"

#include <QApplication>
#include <QHeaderView>
#include <QSettings>
#include <QStandardItemModel>
#include <QStandardPaths>
#include <QTableView>
#include <QTest>

namespace {

QStandardItemModel *makeModel(QObject *parent)
{
    auto *model = new QStandardItemModel(3, 3, parent);
    model->setHorizontalHeaderLabels({ QStringLiteral("Id"), QStringLiteral("Address"), QStringLiteral("State") });
    for (int row = 0; row < 3; ++row) {
        model->setItem(row, 0, new QStandardItem(QStringLiteral("cart-%1").arg(row)));
        model->setItem(row, 1, new QStandardItem(QStringLiteral("127.0.0.1:%1").arg(8000 + row)));
        model->setItem(row, 2, new QStandardItem(QStringLiteral("passing")));
    }
    return model;
}

const QList<TableColumns::Sample> kSamples { { 0, QStringLiteral("order-history-12") },
    { 1, QStringLiteral("127.0.0.1:65535") } };

std::unique_ptr<QTableView> makeView(QAbstractItemModel *model, const QString &key)
{
    auto view = std::make_unique<QTableView>();
    view->setModel(model);
    view->setSortingEnabled(true);
    view->resize(700, 300);
    TableColumns::setup(view.get(), key, kSamples);
    view->show();
    return view;
}

} // namespace

class TestTableColumns : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void columnsStartWideEnoughForTheirSample();
    void headerStateComesBackOnANewTable();
    void aChangeRightBeforeClosingIsKept();
    void keysAreIndependent();
};

void TestTableColumns::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(QStringLiteral("FlightdeckTest"));
    QCoreApplication::setApplicationName(QStringLiteral("tst_tablecolumns"));
    QSettings().remove(QStringLiteral("tables"));
}

void TestTableColumns::columnsStartWideEnoughForTheirSample()
{
    auto *model = makeModel(this);
    auto view = makeView(model, QStringLiteral("fresh"));
    QVERIFY(QTest::qWaitForWindowExposed(view.get()));
    for (const auto &sample : kSamples)
        QVERIFY(view->columnWidth(sample.column) >= TableColumns::widthFor(view.get(), sample.text));
    QCOMPARE(view->textElideMode(), Qt::ElideMiddle);
    QVERIFY(view->horizontalHeader()->stretchLastSection());
}

void TestTableColumns::headerStateComesBackOnANewTable()
{
    auto *model = makeModel(this);
    {
        auto view = makeView(model, QStringLiteral("instances"));
        QVERIFY(QTest::qWaitForWindowExposed(view.get()));
        auto *header = view->horizontalHeader();
        header->resizeSection(0, 333);
        header->moveSection(2, 0); // State first
        view->sortByColumn(1, Qt::DescendingOrder);
        QTest::qWait(500); // the saver waits until the operator lets go
    }
    auto view = makeView(model, QStringLiteral("instances"));
    QVERIFY(QTest::qWaitForWindowExposed(view.get()));
    auto *header = view->horizontalHeader();
    QCOMPARE(header->sectionSize(0), 333);
    QCOMPARE(header->visualIndex(2), 0);
    QCOMPARE(header->sortIndicatorSection(), 1);
    QCOMPARE(header->sortIndicatorOrder(), Qt::DescendingOrder);
}

void TestTableColumns::aChangeRightBeforeClosingIsKept()
{
    auto *model = makeModel(this);
    {
        auto view = makeView(model, QStringLiteral("closing"));
        QVERIFY(QTest::qWaitForWindowExposed(view.get()));
        view->horizontalHeader()->resizeSection(1, 277);
        view->close(); // at once, before the saver's delay
    }
    auto view = makeView(model, QStringLiteral("closing"));
    QCOMPARE(view->horizontalHeader()->sectionSize(1), 277);
}

void TestTableColumns::keysAreIndependent()
{
    auto *model = makeModel(this);
    auto view = makeView(model, QStringLiteral("another"));
    QVERIFY(QTest::qWaitForWindowExposed(view.get()));
    QVERIFY(view->horizontalHeader()->sectionSize(0) != 333); // "instances" keeps its own state
    QCOMPARE(view->horizontalHeader()->visualIndex(2), 2);
}

QTEST_MAIN(TestTableColumns)
#include "tst_tablecolumns.moc"
