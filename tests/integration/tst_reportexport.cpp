// Report export end to end: a metric history recorded from real service instances by the real scraper,
// then the real `flightdeck --export-report` process for every format, read back with independent tools
// (pdftotext for the PDF, an RFC 4180 parser here for the CSV).
#include "alerting/alerthistory.h"
#include "httptestclient.h"
#include "registry/sqliteregistrypersistence.h"
#include "relayservice.h"
#include "runtime/servicehost.h"
#include "telemetry/scraper.h"
#include "telemetry/timeseriesstore.h"
#include "testhosts.h"
#include "testservice.h"

#include <memory>
#include <QDateTime>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

namespace {

const QString kCatalog = QStringLiteral("catalog");
const QString kGateway = QStringLiteral("gateway");
const QString kPayment = QStringLiteral("支付"); // a Chinese service name: fonts and encodings end to end

using TestHosts::instanceOf;
using TestHosts::urlOf;
const auto makeHost = TestHosts::make;

quint16 closedPort()
{
    QTcpServer probe;
    probe.listen(QHostAddress::LocalHost, 0);
    return probe.serverPort();
}

struct CliResult
{
    int exitCode = -1;
    QString stderrText;
};

// RFC 4180: fields separated by commas, records by CRLF, quoted fields may hold commas, quotes ("") and
// line breaks.
QList<QStringList> parseCsv(const QString &text, bool *ok)
{
    QList<QStringList> records;
    QStringList record;
    QString field;
    bool quoted = false;
    *ok = true;
    for (qsizetype i = 0; i < text.size(); ++i) {
        const QChar c = text[i];
        if (quoted) {
            if (c == u'"' && i + 1 < text.size() && text[i + 1] == u'"') {
                field += u'"';
                ++i;
            } else if (c == u'"') {
                quoted = false;
            } else {
                field += c;
            }
        } else if (c == u'"' && field.isEmpty()) {
            quoted = true;
        } else if (c == u',') {
            record.append(field);
            field.clear();
        } else if (c == u'\r' && i + 1 < text.size() && text[i + 1] == u'\n') {
            record.append(field);
            records.append(record);
            record.clear();
            field.clear();
            ++i;
        } else if (c == u'\n' || c == u'\r') {
            *ok = false; // bare line ends are not RFC 4180
        } else {
            field += c;
        }
    }
    if (!field.isEmpty() || !record.isEmpty())
        *ok = false; // the last record must end with CRLF too
    return records;
}

} // namespace

class TestReportExport : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void jsonHasTheRecordedTraffic();
    void csvParsesBackToTheJsonValues();
    void pdfShowsServicesAndTheSamePercentiles();
    void htmlIsSelfContained();
    void badArgumentsFailWithoutWritingAFile_data();
    void badArgumentsFailWithoutWritingAFile();

private:
    CliResult runCli(const QStringList &arguments);
    QStringList rangeArguments() const;

    QTemporaryDir m_dataDir;
    QTemporaryDir m_out;
    QString m_binary;
    qint64 m_fromMs = 0;
    qint64 m_toMs = 0;
    QJsonObject m_json;
};

CliResult TestReportExport::runCli(const QStringList &arguments)
{
    QProcess process;
    auto environment = QProcessEnvironment::systemEnvironment();
    environment.remove(QStringLiteral("DISPLAY"));
    environment.remove(QStringLiteral("QT_QPA_PLATFORM")); // the CLI must manage without a display by itself
    process.setProcessEnvironment(environment);
    process.start(m_binary, QStringList { QStringLiteral("--data-dir"), m_dataDir.path() } + arguments);
    if (!process.waitForFinished(30'000)) {
        process.kill();
        process.waitForFinished(5000);
        return {};
    }
    return { process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1,
        QString::fromUtf8(process.readAllStandardError()) };
}

QStringList TestReportExport::rangeArguments() const
{
    return { QStringLiteral("--from"), QDateTime::fromMSecsSinceEpoch(m_fromMs, Qt::UTC).toString(Qt::ISODate),
        QStringLiteral("--to"), QDateTime::fromMSecsSinceEpoch(m_toMs, Qt::UTC).toString(Qt::ISODate) };
}

void TestReportExport::initTestCase()
{
    m_binary = qEnvironmentVariable("FLIGHTDECK_BINARY");
    QVERIFY2(QFileInfo(m_binary).isExecutable(), "FLIGHTDECK_BINARY must name the flightdeck executable");
    QVERIFY(m_dataDir.isValid() && m_out.isValid());
    if (qEnvironmentVariableIsSet("FLIGHTDECK_KEEP_REPORTS")) { // to look at the reports afterwards
        m_dataDir.setAutoRemove(false);
        m_out.setAutoRemove(false);
        qInfo("data dir %s, reports in %s", qPrintable(m_dataDir.path()), qPrintable(m_out.path()));
    }
    // Whole seconds, because the command line takes ISO 8601 times to the second.
    m_fromMs = QDateTime::currentMSecsSinceEpoch() / 1000 * 1000 - 1000;

    auto catalog = makeHost(kCatalog, QStringLiteral("catalog-1"), [] { return std::make_unique<TestService>(); });
    auto gateway
        = makeHost(kGateway, QStringLiteral("gateway-1"), [] { return std::make_unique<RelayService>(kCatalog); });
    auto payment = makeHost(kPayment, QStringLiteral("支付-1"), [] { return std::make_unique<TestService>(); });
    QString error;
    for (auto *host : { catalog.get(), gateway.get(), payment.get() })
        QVERIFY2(host->start(&error), qPrintable(error));

    TimeSeriesStore::Options options;
    options.path = TimeSeriesStore::defaultPath(m_dataDir.path());
    auto store = std::make_unique<TimeSeriesStore>(options);
    QVERIFY2(store->open(&error), qPrintable(error));
    Scraper scraper(store.get(), Scraper::Options { 200, 500 });
    QSignalSpy rounds(&scraper, &Scraper::roundFinished);
    scraper.setStaticTargets({ instanceOf(*catalog), instanceOf(*gateway), instanceOf(*payment) });
    scraper.start();
    QTRY_VERIFY_WITH_TIMEOUT(rounds.size() >= 2, 5000);

    // A known load: fast and slow catalog reads, gateway calls that succeed and that fail (502), payments.
    int ok = 0;
    for (int i = 0; i < 100; ++i)
        ok += TestHttp::get(urlOf(*catalog, QStringLiteral("/items/%1").arg(i))).status == 200 ? 1 : 0;
    for (int i = 0; i < 10; ++i)
        ok += TestHttp::get(urlOf(*catalog, QStringLiteral("/slow"), QStringLiteral("ms=30"))).status == 200 ? 1 : 0;
    const QString relayOk = QStringLiteral("port=%1&path=/items/7").arg(catalog->port());
    for (int i = 0; i < 40; ++i)
        ok += TestHttp::get(urlOf(*gateway, QStringLiteral("/relay"), relayOk)).status == 200 ? 1 : 0;
    const QString relayDown = QStringLiteral("port=%1&path=/items/7").arg(closedPort());
    int failed = 0;
    for (int i = 0; i < 10; ++i)
        failed += TestHttp::get(urlOf(*gateway, QStringLiteral("/relay"), relayDown)).status == 502 ? 1 : 0;
    for (int i = 0; i < 30; ++i)
        ok += TestHttp::get(urlOf(*payment, QStringLiteral("/items/%1").arg(i))).status == 200 ? 1 : 0;
    QCOMPARE(ok, 180);
    QCOMPARE(failed, 10);
    auto total = [&store](const QString &service) {
        return store->latest(QStringLiteral("http_requests_total"), { { QStringLiteral("service"), service } });
    };
    // latest() sums every series of the service, /metrics included, so reaching the counts alone can happen a
    // scrape too early; two whole rounds after the last request are sure to have seen every one of them.
    const auto loaded = rounds.size();
    QTRY_VERIFY_WITH_TIMEOUT(rounds.size() >= loaded + 2, 5000);
    QTRY_VERIFY_WITH_TIMEOUT(
        total(kCatalog).value_or(0) >= 150 && total(kGateway).value_or(0) >= 50 && total(kPayment).value_or(0) >= 30,
        5000);

    // One instance goes away: the scrapes that find it down lower its availability.
    payment->stop();
    const auto before = rounds.size();
    QTRY_VERIFY_WITH_TIMEOUT(rounds.size() >= before + 3, 5000);
    scraper.stop();
    catalog->stop();
    gateway->stop();
    store.reset(); // flushed and closed, as when the console exits

    // An alert transition and a config change inside the range, through the classes that persist them.
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    AlertHistory alerts(QDir(m_dataDir.path()).filePath(QStringLiteral("alert-history.jsonl")));
    QVERIFY(alerts.open(&error));
    AlertEvent event;
    event.ruleName = QStringLiteral("GatewayErrors");
    event.service = kGateway;
    event.from = AlertState::Pending;
    event.to = AlertState::Firing;
    event.timestampMs = now - 500;
    event.value = 0.2;
    event.threshold = 0.05;
    QVERIFY(alerts.append(event, &error));
    event.timestampMs = m_fromMs - 3'600'000; // long before the range: must not show up
    event.ruleName = QStringLiteral("OldAlert");
    QVERIFY(alerts.append(event, &error));
    {
        SqliteRegistryPersistence registry(QDir(m_dataDir.path()).filePath(QStringLiteral("registry.sqlite")));
        RegistryPersistence::Snapshot snapshot;
        QVERIFY2(registry.load(&snapshot, &error), qPrintable(error));
        registry.saveKvRevision(
            KvRevision { QStringLiteral("config/cart/max_items"), 2, "25", 0, 9, false, now - 400, QString(), 0 });
    }
    m_toMs = (QDateTime::currentMSecsSinceEpoch() / 1000 + 1) * 1000;
}

void TestReportExport::jsonHasTheRecordedTraffic()
{
    const QString file = m_out.filePath(QStringLiteral("report.json"));
    const auto result = runCli(QStringList { QStringLiteral("--export-report"), file } + rangeArguments());
    QVERIFY2(result.exitCode == 0, qPrintable(result.stderrText));
    QFile json(file);
    QVERIFY(json.open(QIODevice::ReadOnly));
    QJsonParseError parseError;
    m_json = QJsonDocument::fromJson(json.readAll(), &parseError).object();
    QCOMPARE(parseError.error, QJsonParseError::NoError);
    QCOMPARE(m_json.value(QStringLiteral("schema")).toString(), QStringLiteral("flightdeck-report/1"));

    QHash<QString, QJsonObject> services;
    for (const auto &value : m_json.value(QStringLiteral("services")).toArray())
        services.insert(value.toObject().value(QStringLiteral("name")).toString(), value.toObject());
    QCOMPARE(services.size(), 3);
    QCOMPARE(services[kCatalog].value(QStringLiteral("requests")).toDouble(), 150.0); // 110 direct + 40 relayed
    QCOMPARE(services[kCatalog].value(QStringLiteral("errors")).toDouble(), 0.0);
    QCOMPARE(services[kGateway].value(QStringLiteral("requests")).toDouble(), 50.0);
    QCOMPARE(services[kGateway].value(QStringLiteral("errors")).toDouble(), 10.0);
    QCOMPARE(services[kGateway].value(QStringLiteral("error_ratio")).toDouble(), 0.2);
    QCOMPARE(services[kPayment].value(QStringLiteral("requests")).toDouble(), 30.0);
    QCOMPARE(services[kCatalog].value(QStringLiteral("availability")).toDouble(), 1.0);
    const double paymentUp = services[kPayment].value(QStringLiteral("availability")).toDouble();
    QVERIFY2(paymentUp > 0 && paymentUp < 1, qPrintable(QString::number(paymentUp)));
    const auto paymentInstances = services[kPayment].value(QStringLiteral("instance_stats")).toArray();
    QCOMPARE(paymentInstances.size(), 1);
    QCOMPARE(paymentInstances[0].toObject().value(QStringLiteral("instance")).toString(), QStringLiteral("支付-1"));
    QCOMPARE(paymentInstances[0].toObject().value(QStringLiteral("requests")).toDouble(), 30.0);
    QCOMPARE(paymentInstances[0].toObject().value(QStringLiteral("availability")).toDouble(), paymentUp);

    // Ten catalog reads slept 30 ms: the p99 sits among them, the median among the fast ones.
    const auto latency = services[kCatalog].value(QStringLiteral("latency_ms")).toObject();
    const double p50 = latency.value(QStringLiteral("p50")).toDouble();
    const double p95 = latency.value(QStringLiteral("p95")).toDouble();
    const double p99 = latency.value(QStringLiteral("p99")).toDouble();
    QVERIFY2(p50 > 0 && p50 < 25 && p99 >= 25 && p50 <= p95 && p95 <= p99,
        qPrintable(QStringLiteral("%1 %2 %3").arg(p50).arg(p95).arg(p99)));

    const auto rate = services[kCatalog]
                          .value(QStringLiteral("series"))
                          .toObject()
                          .value(QStringLiteral("request_rate"))
                          .toObject();
    QCOMPARE(rate.value(QStringLiteral("unit")).toString(), QStringLiteral("req/s"));
    QVERIFY(!rate.value(QStringLiteral("points")).toArray().isEmpty());

    const auto edges = m_json.value(QStringLiteral("topology")).toObject().value(QStringLiteral("edges")).toArray();
    QCOMPARE(edges.size(), 1);
    QCOMPARE(edges[0].toObject().value(QStringLiteral("caller")).toString(), kGateway);
    QCOMPARE(edges[0].toObject().value(QStringLiteral("callee")).toString(), kCatalog);
    const auto alerts = m_json.value(QStringLiteral("alerts")).toArray();
    QCOMPARE(alerts.size(), 1);
    QCOMPARE(alerts[0].toObject().value(QStringLiteral("rule")).toString(), QStringLiteral("GatewayErrors"));
    const auto config = m_json.value(QStringLiteral("config")).toObject();
    QVERIFY(config.value(QStringLiteral("available")).toBool());
    QCOMPARE(config.value(QStringLiteral("changes")).toArray().size(), 1);
    QCOMPARE(config.value(QStringLiteral("changes")).toArray()[0].toObject().value(QStringLiteral("value")).toString(),
        QStringLiteral("25"));
}

void TestReportExport::csvParsesBackToTheJsonValues()
{
    QVERIFY2(!m_json.isEmpty(), "needs the JSON export");
    const QString file = m_out.filePath(QStringLiteral("report.csv"));
    const auto result = runCli(QStringList { QStringLiteral("--export-report"), file } + rangeArguments());
    QVERIFY2(result.exitCode == 0, qPrintable(result.stderrText));
    QFile csv(file);
    QVERIFY(csv.open(QIODevice::ReadOnly));
    bool ok = false;
    const auto records = parseCsv(QString::fromUtf8(csv.readAll()), &ok);
    QVERIFY(ok);
    QVERIFY(records.size() > 1);
    QCOMPARE(records[0], QStringList({ "time", "time_ms", "service", "series", "unit", "value" }));

    QHash<QString, QList<QPair<qint64, double>>> fromCsv; // "service/series" → points
    for (qsizetype i = 1; i < records.size(); ++i) {
        const auto &r = records[i];
        QCOMPARE(r.size(), 6);
        QCOMPARE(QDateTime::fromString(r[0], Qt::ISODate).toMSecsSinceEpoch(), r[1].toLongLong() / 1000 * 1000);
        fromCsv[r[2] + u'/' + r[3]].append({ r[1].toLongLong(), r[5].toDouble() });
    }
    int compared = 0;
    for (const auto &serviceValue : m_json.value(QStringLiteral("services")).toArray()) {
        const auto service = serviceValue.toObject();
        const auto series = service.value(QStringLiteral("series")).toObject();
        for (auto it = series.begin(); it != series.end(); ++it) {
            const auto points = it->toObject().value(QStringLiteral("points")).toArray();
            const auto rows = fromCsv.value(service.value(QStringLiteral("name")).toString() + u'/' + it.key());
            QCOMPARE(rows.size(), points.size());
            for (qsizetype i = 0; i < points.size(); ++i) {
                QCOMPARE(rows[i].first, points[i].toArray()[0].toInteger());
                QCOMPARE(rows[i].second, points[i].toArray()[1].toDouble());
                ++compared;
            }
        }
    }
    QVERIFY(compared > 10);
}

void TestReportExport::pdfShowsServicesAndTheSamePercentiles()
{
    QVERIFY2(!m_json.isEmpty(), "needs the JSON export");
    const QString pdftotext = QStandardPaths::findExecutable(QStringLiteral("pdftotext"));
    QVERIFY2(!pdftotext.isEmpty(), "pdftotext (poppler-utils) is needed");
    const QString file = m_out.filePath(QStringLiteral("report.pdf"));
    const auto result = runCli(QStringList { QStringLiteral("--export-report"), file } + rangeArguments());
    QVERIFY2(result.exitCode == 0, qPrintable(result.stderrText));

    QProcess process;
    process.start(pdftotext, { QStringLiteral("-layout"), file, QStringLiteral("-") });
    QVERIFY(process.waitForFinished(30'000));
    QCOMPARE(process.exitCode(), 0);
    const QString text = QString::fromUtf8(process.readAllStandardOutput());
    QVERIFY(text.contains(QStringLiteral("Flightdeck metrics report")));
    QVERIFY(text.contains(QStringLiteral("GatewayErrors")));
    QVERIFY(text.contains(QStringLiteral("config/cart/max_items")));
    // Every page is numbered out of the real total (pdftotext ends each page with a form feed).
    const auto pages = text.count(QLatin1Char('\f'));
    QVERIFY2(pages >= 3, qPrintable(QString::number(pages)));
    for (qsizetype page = 1; page <= pages; ++page)
        QVERIFY2(
            text.contains(QStringLiteral("Page %1 of %2").arg(page).arg(pages)), qPrintable(QString::number(page)));

    // Every service's row of the percentile table, with the numbers of the JSON export, in print format.
    const auto lines = text.split(u'\n');
    for (const auto &serviceValue : m_json.value(QStringLiteral("services")).toArray()) {
        const auto service = serviceValue.toObject();
        const QString name = service.value(QStringLiteral("name")).toString();
        const auto latency = service.value(QStringLiteral("latency_ms")).toObject();
        QStringList expected { name, QString::number(service.value(QStringLiteral("requests")).toDouble(), 'f', 0),
            QString::number(service.value(QStringLiteral("error_ratio")).toDouble() * 100, 'f', 2)
                + QStringLiteral(" %") };
        for (const char *q : { "p50", "p95", "p99" })
            expected.append(QString::number(latency.value(QLatin1String(q)).toDouble(), 'f', 2));
        bool found = false;
        for (const auto &line : lines) {
            if (!line.trimmed().startsWith(name))
                continue;
            bool all = true;
            for (const auto &value : expected)
                all = all && line.contains(value);
            found = found || all;
        }
        QVERIFY2(found, qPrintable(QStringLiteral("no table row '%1' in:\n%2").arg(expected.join(u' '), text)));
    }
}

void TestReportExport::htmlIsSelfContained()
{
    const QString file = m_out.filePath(QStringLiteral("report.html"));
    const auto result = runCli(QStringList { QStringLiteral("--export-report"), file, QStringLiteral("--services"),
                                   kCatalog + u',' + kPayment }
        + rangeArguments());
    QVERIFY2(result.exitCode == 0, qPrintable(result.stderrText));
    QFile html(file);
    QVERIFY(html.open(QIODevice::ReadOnly));
    const QString text = QString::fromUtf8(html.readAll());
    QVERIFY(text.startsWith(QStringLiteral("<!DOCTYPE html>")));
    QVERIFY(text.contains(QStringLiteral("<td>%1</td>").arg(kCatalog)));
    QVERIFY(text.contains(QStringLiteral("<td>%1</td>").arg(kPayment)));
    QVERIFY(!text.contains(QStringLiteral("<td>%1</td>").arg(kGateway))); // not asked for
    QCOMPARE(text.count(QStringLiteral("src=\"data:image/png;base64,")), 1 + 2 * 3); // topology + 3 charts each
    QVERIFY(!text.contains(QStringLiteral("src=\"http")));
    QVERIFY(!text.contains(QStringLiteral("href=\"http")));
}

void TestReportExport::badArgumentsFailWithoutWritingAFile_data()
{
    QTest::addColumn<QString>("fileName");
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<int>("exitCode");
    QTest::addColumn<QString>("message");
    QTest::newRow("unknown service") << "a.pdf" << QStringList { "--services", "nosuch" } << 1
                                     << "unknown service 'nosuch'";
    QTest::newRow("range without data") << "b.json"
                                        << QStringList { "--from", "2001-01-01T00:00:00Z", "--to",
                                               "2001-01-01T01:00:00Z" }
                                        << 1 << "no metrics were recorded";
    QTest::newRow("empty range") << "c.csv"
                                 << QStringList { "--from", "2026-01-01T10:00:00Z", "--to", "2026-01-01T10:00:00Z" }
                                 << 2 << "the time range is empty";
    QTest::newRow("bad time") << "d.pdf" << QStringList { "--from", "yesterday", "--to", "today" } << 2 << "ISO 8601";
    QTest::newRow("bad range") << "e.pdf" << QStringList { "--range", "an hour" } << 2 << "--range needs a duration";
    QTest::newRow("range and from") << "f.pdf" << QStringList { "--range", "1h", "--from", "2026-01-01T10:00:00Z" } << 2
                                    << "either --range or --from/--to";
    QTest::newRow("unknown extension") << "g.txt" << QStringList {} << 2 << "unknown report format 'txt'";
    QTest::newRow("unknown format") << "h.pdf" << QStringList { "--format", "docx" } << 2 << "unknown report format";
    QTest::newRow("missing directory") << "missing/dir/i.pdf" << QStringList { "--range", "1h" } << 1 << "cannot write";
}

void TestReportExport::badArgumentsFailWithoutWritingAFile()
{
    QFETCH(QString, fileName);
    QFETCH(QStringList, arguments);
    QFETCH(int, exitCode);
    QFETCH(QString, message);
    const QString file = m_out.filePath(fileName);
    // Without --from/--to the range ends now, which still covers the recording made a moment ago.
    const auto result = runCli(QStringList { QStringLiteral("--export-report"), file } + arguments);
    QCOMPARE(result.exitCode, exitCode);
    QVERIFY2(result.stderrText.contains(message), qPrintable(result.stderrText));
    QVERIFY(!QFileInfo::exists(file));
    // No temporary file is left next to it either.
    const auto leftovers = QDir(QFileInfo(file).absolutePath()).entryList({ QFileInfo(file).fileName() + u'*' });
    QVERIFY2(leftovers.isEmpty(), qPrintable(leftovers.join(u' ')));
}

QTEST_GUILESS_MAIN(TestReportExport)
#include "tst_reportexport.moc"
