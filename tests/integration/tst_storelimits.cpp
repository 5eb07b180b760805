// A metric store that reaches its series cap says so wherever its numbers are shown: the distinct series it
// refused are counted once (not once per scrape) and attributed to their instance; the topology carries the
// count to the status bar and Details; a report made from the live store and one made later from the history
// file alone (the real `flightdeck --export-report`) both say the figures are incomplete.
#include "reports/reportbuilder.h"
#include "runtime/servicehost.h"
#include "telemetry/scraper.h"
#include "telemetry/timeseriesstore.h"
#include "telemetry/topologybuilder.h"
#include "testhosts.h"
#include "testprocess.h"
#include "testservice.h"

#include <QDateTime>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

class TestStoreLimits : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void refusedSeriesAreShownAndReported();
};

void TestStoreLimits::refusedSeriesAreShownAndReported()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const qint64 fromMs = QDateTime::currentMSecsSinceEpoch() / 1000 * 1000 - 1000;
    auto host = TestHosts::make(
        QStringLiteral("bulky"), QStringLiteral("bulky-1"), [] { return std::make_unique<TestService>(); });
    QString error;
    QVERIFY2(host->start(&error), qPrintable(error));

    TimeSeriesStore::Options options;
    options.path = TimeSeriesStore::defaultPath(dir.path());
    options.maxSeries = 12; // an instance's page has more than that: the cap is reached on the first scrape
    auto store = std::make_unique<TimeSeriesStore>(options);
    QVERIFY2(store->open(&error), qPrintable(error));
    Scraper scraper(store.get(), Scraper::Options { 200, 500 });
    QSignalSpy rounds(&scraper, &Scraper::roundFinished);
    scraper.setStaticTargets({ TestHosts::instanceOf(*host) });
    scraper.start();
    QTRY_VERIFY_WITH_TIMEOUT(rounds.size() >= 3, 5000);
    for (int i = 0; i < 20; ++i) // traffic, so the page has request series too
        TestHosts::routeCount(*host, QStringLiteral("http_requests_total"), QStringLiteral("/metrics"));
    const auto settled = rounds.size();
    QTRY_VERIFY_WITH_TIMEOUT(rounds.size() >= settled + 3, 5000);

    QCOMPARE(store->seriesCount(), 12);
    const int dropped = store->droppedSeries();
    QVERIFY2(dropped > 0, "the page has more series than the cap");
    // The same page scraped again refuses the same series: counted once, not per scrape.
    const auto again = rounds.size();
    QTRY_VERIFY_WITH_TIMEOUT(rounds.size() >= again + 3, 5000);
    QCOMPARE(store->droppedSeries(), dropped);
    const auto cap = store->seriesCap();
    QCOMPARE(cap.maxSeries, 12);
    QCOMPARE(cap.byInstance.value(QStringLiteral("bulky-1")), dropped);

    // What the status bar and Details read.
    const auto snapshot = TopologyBuilder(store.get()).build(QDateTime::currentMSecsSinceEpoch());
    QCOMPARE(snapshot.droppedSeries, dropped);
    QCOMPARE(snapshot.maxSeries, 12);
    QVERIFY(!snapshot.nodes.isEmpty() && !snapshot.nodes.constFirst().instances.isEmpty());
    QCOMPARE(snapshot.nodes.constFirst().instances.constFirst().droppedSeries, dropped);

    // A report from the live store.
    const qint64 toMs = (QDateTime::currentMSecsSinceEpoch() / 1000 + 1) * 1000;
    ReportBuilder builder(*store);
    const auto data = builder.build(ReportRequest { fromMs, toMs, {} }, &error);
    QVERIFY2(data, qPrintable(error));
    QCOMPARE(data->fleet.droppedSeries, dropped);
    QCOMPARE(data->services.constFirst().droppedSeries, dropped);
    scraper.stop();
    host->stop();
    store.reset(); // closed as when the console exits: the refusals are kept beside the history

    // A report made later from the file alone, by the real command line.
    const QStringList range { QStringLiteral("--from"),
        QDateTime::fromMSecsSinceEpoch(fromMs, Qt::UTC).toString(Qt::ISODate), QStringLiteral("--to"),
        QDateTime::fromMSecsSinceEpoch(toMs, Qt::UTC).toString(Qt::ISODate) };
    const QString json = dir.filePath(QStringLiteral("report.json"));
    const auto exported = TestProcess::run(TestProcess::env("FLIGHTDECK_BINARY"),
        QStringList { QStringLiteral("--data-dir"), dir.path(), QStringLiteral("--export-report"), json } + range);
    QVERIFY2(exported.ok(), qPrintable(exported.describe()));
    QFile file(json);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const auto report = QJsonDocument::fromJson(file.readAll()).object();
    const auto fleet = report.value(QStringLiteral("fleet")).toObject();
    QCOMPARE(fleet.value(QStringLiteral("dropped_series")).toInt(), dropped);
    QCOMPARE(fleet.value(QStringLiteral("max_series")).toInt(), 12);
    QVERIFY(!fleet.value(QStringLiteral("dropped_since")).toString().isEmpty());

    const QString pdf = dir.filePath(QStringLiteral("report.pdf"));
    const auto printed = TestProcess::run(TestProcess::env("FLIGHTDECK_BINARY"),
        QStringList { QStringLiteral("--data-dir"), dir.path(), QStringLiteral("--export-report"), pdf } + range);
    QVERIFY2(printed.ok(), qPrintable(printed.describe()));
    const QString pdftotext = QStandardPaths::findExecutable(QStringLiteral("pdftotext"));
    QVERIFY2(!pdftotext.isEmpty(), "pdftotext (poppler-utils) is needed");
    const auto text = TestProcess::run(pdftotext, { QStringLiteral("-layout"), pdf, QStringLiteral("-") });
    QVERIFY2(text.ok(), qPrintable(text.describe()));
    const QByteArray expected = "INCOMPLETE: " + QByteArray::number(dropped) + " series refused";
    QVERIFY2(text.out.contains(expected), text.out.constData());
}

QTEST_GUILESS_MAIN(TestStoreLimits)
#include "tst_storelimits.moc"
