// File → Export Report…: the dialog lists the recorded services, exports off the GUI thread and reports
// success or the reason for failure; nothing is written when there is nothing to report.
#include "reports/reportdialog.h"
#include "telemetry/instancetelemetry.h"
#include "telemetry/timeseriesstore.h"

#include <QComboBox>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLineEdit>
#include <QListView>
#include <QPushButton>
#include <QSignalSpy>
#include <QStandardItemModel>
#include <QTemporaryDir>
#include <QTest>

class TestReportDialog : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void listsRecordedServices();
    void exportsJsonOffTheGuiThread();
    void exportsPdf();
    void refusesWithoutServicesOrData();
    void extensionFollowsTheFormat();

private:
    void waitForServices(ReportDialog &dialog);

    QTemporaryDir m_dir;
    qint64 m_fromMs = 0;
    qint64 m_toMs = 0;
};

// Two minutes of two services, recorded the way the scraper records: the instances' own metric registries
// collected once a second into the store file of the data dir.
void TestReportDialog::initTestCase()
{
    QVERIFY(m_dir.isValid());
    TimeSeriesStore::Options options;
    options.path = TimeSeriesStore::defaultPath(m_dir.path());
    TimeSeriesStore store(options);
    QString error;
    QVERIFY2(store.open(&error), qPrintable(error));
    InstanceTelemetry cart(QStringLiteral("cart"), QStringLiteral("cart-1"));
    InstanceTelemetry catalog(QStringLiteral("catalog"), QStringLiteral("catalog-1"));
    m_toMs = QDateTime::currentMSecsSinceEpoch() / 1000 * 1000;
    m_fromMs = m_toMs - 120'000;
    for (qint64 t = m_fromMs; t <= m_toMs; t += 1000) {
        for (int i = 0; i < 5; ++i) {
            cart.requestFinished(QStringLiteral("/carts/{id}"), "GET", 200, 0.004);
            catalog.requestFinished(QStringLiteral("/items/{id}"), "GET", i == 0 ? 500 : 200, 0.002);
        }
        store.ingest({ QStringLiteral("cart"), QStringLiteral("cart-1"), QStringLiteral("127.0.0.1"), 1, true }, t,
            true, cart.registry().collect());
        store.ingest({ QStringLiteral("catalog"), QStringLiteral("catalog-1"), QStringLiteral("127.0.0.1"), 2, true },
            t, true, catalog.registry().collect());
    }
}

void TestReportDialog::waitForServices(ReportDialog &dialog)
{
    auto *view = dialog.findChild<QListView *>(QStringLiteral("reportServices"));
    QVERIFY(view);
    QTRY_COMPARE_WITH_TIMEOUT(view->model()->rowCount(), 2, 10'000);
}

void TestReportDialog::listsRecordedServices()
{
    ReportDialog dialog(m_dir.path());
    waitForServices(dialog);
    QCOMPARE(dialog.checkedServices(), QStringList({ "cart", "catalog" }));
}

void TestReportDialog::exportsJsonOffTheGuiThread()
{
    ReportDialog dialog(m_dir.path());
    waitForServices(dialog);
    auto *model
        = qobject_cast<QStandardItemModel *>(dialog.findChild<QListView *>(QStringLiteral("reportServices"))->model());
    model->item(0)->setCheckState(Qt::Unchecked); // catalog only
    const QString file = m_dir.filePath(QStringLiteral("dialog.json"));
    dialog.setFileName(file);
    dialog.setRange(m_fromMs, m_toMs);
    QCOMPARE(dialog.job().format, ReportFormat::Json); // from the extension
    QSignalSpy finished(&dialog, &ReportDialog::exportFinished);
    dialog.findChild<QPushButton *>(QStringLiteral("reportExport"))->click();
    QVERIFY(!dialog.findChild<QPushButton *>(QStringLiteral("reportExport"))->isEnabled()); // busy
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 20'000);
    QVERIFY2(finished.first().at(0).toBool(), qPrintable(finished.first().at(1).toString()));
    QFile json(file);
    QVERIFY(json.open(QIODevice::ReadOnly));
    const auto services = QJsonDocument::fromJson(json.readAll()).object().value(QStringLiteral("services")).toArray();
    QCOMPARE(services.size(), 1);
    const auto catalog = services[0].toObject();
    QCOMPARE(catalog.value(QStringLiteral("name")).toString(), QStringLiteral("catalog"));
    QCOMPARE(catalog.value(QStringLiteral("error_ratio")).toDouble(), 0.2); // one 500 in every five
}

void TestReportDialog::exportsPdf()
{
    ReportDialog dialog(m_dir.path());
    waitForServices(dialog);
    const QString file = m_dir.filePath(QStringLiteral("dialog.pdf"));
    dialog.setFileName(file);
    dialog.setRange(m_fromMs, m_toMs);
    QSignalSpy finished(&dialog, &ReportDialog::exportFinished);
    dialog.startExport();
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 30'000);
    QVERIFY2(finished.first().at(0).toBool(), qPrintable(finished.first().at(1).toString()));
    QFile pdf(file);
    QVERIFY(pdf.open(QIODevice::ReadOnly));
    QVERIFY(pdf.read(5) == "%PDF-");
    QVERIFY(dialog.statusText().contains(file));
}

void TestReportDialog::refusesWithoutServicesOrData()
{
    ReportDialog dialog(m_dir.path());
    waitForServices(dialog);
    auto *model
        = qobject_cast<QStandardItemModel *>(dialog.findChild<QListView *>(QStringLiteral("reportServices"))->model());
    for (int row = 0; row < model->rowCount(); ++row)
        model->item(row)->setCheckState(Qt::Unchecked);
    const QString file = m_dir.filePath(QStringLiteral("nothing.csv"));
    dialog.setFileName(file);
    dialog.setRange(m_fromMs, m_toMs);
    dialog.startExport();
    QVERIFY(!dialog.statusText().isEmpty());
    QVERIFY(!QFile::exists(file));

    model->item(0)->setCheckState(Qt::Checked);
    dialog.setRange(m_fromMs - 7'200'000, m_fromMs - 3'600'000); // before anything was recorded
    QSignalSpy finished(&dialog, &ReportDialog::exportFinished);
    dialog.startExport();
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 20'000);
    QVERIFY(!finished.first().at(0).toBool());
    QVERIFY2(finished.first().at(1).toString().contains(QStringLiteral("no metrics were recorded")),
        qPrintable(finished.first().at(1).toString()));
    QVERIFY(!QFile::exists(file));
}

void TestReportDialog::extensionFollowsTheFormat()
{
    ReportDialog dialog(m_dir.path());
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    auto *format = dialog.findChild<QComboBox *>(QStringLiteral("reportFormat"));
    auto *file = dialog.findChild<QLineEdit *>(QStringLiteral("reportFile"));
    QVERIFY(format && file);
    QVERIFY2(dialog.fileName().endsWith(QStringLiteral("flightdeck-report.pdf")), qPrintable(dialog.fileName()));

    // Format → extension, for every format and back.
    for (const auto &[index, extension] :
        { std::pair { 1, ".html" }, std::pair { 2, ".csv" }, std::pair { 3, ".json" }, std::pair { 0, ".pdf" } }) {
        format->setCurrentIndex(index);
        QVERIFY2(dialog.fileName().endsWith(QStringLiteral("flightdeck-report") + QLatin1String(extension)),
            qPrintable(dialog.fileName()));
    }

    // A name the operator typed keeps its name and folder; only the report extension changes.
    const QString typed = m_dir.filePath(QStringLiteral("q3-review.pdf"));
    file->clear();
    QTest::keyClicks(file, typed);
    QTest::keyClick(file, Qt::Key_Return);
    // Return also presses the default button (Export), which locks the form until it is done: wait for it, or
    // the keys typed next land in a disabled field.
    QTRY_VERIFY_WITH_TIMEOUT(file->isEnabled(), 20'000);
    format->setCurrentIndex(1);
    QCOMPARE(dialog.fileName(), m_dir.filePath(QStringLiteral("q3-review.html")));
    QCOMPARE(dialog.job().format, ReportFormat::Html);

    // Without an extension, the format's is added; a non-report extension typed on purpose is left alone.
    file->clear();
    QTest::keyClicks(file, m_dir.filePath(QStringLiteral("weekly")));
    format->setCurrentIndex(2);
    QCOMPARE(dialog.fileName(), m_dir.filePath(QStringLiteral("weekly.csv")));
    file->clear();
    QTest::keyClicks(file, m_dir.filePath(QStringLiteral("notes.txt")));
    format->setCurrentIndex(3);
    QCOMPARE(dialog.fileName(), m_dir.filePath(QStringLiteral("notes.txt")));

    // Extension → format: typing a .json name picks JSON (and .htm stays .htm under HTML).
    file->clear();
    QTest::keyClicks(file, m_dir.filePath(QStringLiteral("export.htm")));
    QTest::keyClick(file, Qt::Key_Return);
    QCOMPARE(format->currentIndex(), 1);
    QCOMPARE(dialog.fileName(), m_dir.filePath(QStringLiteral("export.htm")));
}

QTEST_MAIN(TestReportDialog)
#include "tst_reportdialog.moc"
