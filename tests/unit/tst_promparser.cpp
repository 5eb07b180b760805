#include "telemetry/promparser.h"
#include "telemetry/promwriter.h"

#include <cmath>
#include <QRandomGenerator>
#include <QTest>

// Renders parsed samples in one canonical line each, so expectations read like the format itself.
static QString render(const PromParser::Result &result)
{
    QStringList lines;
    for (const auto &family : result.families) {
        lines << QStringLiteral("#%1 %2 help=%3").arg(family.name, metricTypeName(family.type), family.help);
        for (const auto &sample : family.samples) {
            QStringList labels;
            for (const auto &[key, value] : sample.labels)
                labels << key + QLatin1Char('=') + value;
            QString line = sample.name + QLatin1Char('{') + labels.join(QLatin1Char(',')) + QLatin1String("} ")
                + QString::fromLatin1(PromWriter::formatValue(sample.value));
            if (sample.timestampMs)
                line += QLatin1Char(' ') + QString::number(*sample.timestampMs);
            lines << line;
        }
    }
    return lines.join(QLatin1Char('|'));
}

class TestPromParser : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void accepts_data();
    void accepts();
    void rejects_data();
    void rejects();
    void writerRoundTrips();
    void valueFormatting();
    void mutatedInputNeverCrashes();
};

void TestPromParser::accepts_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<QString>("expected");

    QTest::newRow("plain untyped") << QByteArray("up 1\n") << "#up untyped help=|up{} 1";
    QTest::newRow("no trailing newline") << QByteArray("up 0") << "#up untyped help=|up{} 0";
    QTest::newRow("crlf and blank lines") << QByteArray("\r\nup 1\r\n\r\n") << "#up untyped help=|up{} 1";
    QTest::newRow("typed counter with help")
        << QByteArray("# HELP x_total Things done.\n# TYPE x_total counter\nx_total{a=\"b\"} 3\n")
        << "#x_total counter help=Things done.|x_total{a=b} 3";
    QTest::newRow("help escapes") << QByteArray("# HELP m a\\\\b\\nc \\\"q\\\"\nm 1\n")
                                  << "#m untyped help=a\\b\nc \\\"q\\\"|m{} 1";
    QTest::newRow("label escapes") << QByteArray("m{path=\"C:\\\\dir\\\\\",msg=\"say \\\"hi\\\"\\nbye\"} 1\n")
                                   << "#m untyped help=|m{path=C:\\dir\\,msg=say \"hi\"\nbye} 1";
    QTest::newRow("braces and commas inside values")
        << QByteArray("m{a=\"{x,y}\",b=\"=\"} 2\n") << "#m untyped help=|m{a={x,y},b==} 2";
    QTest::newRow("utf8 value") << QByteArray("m{city=\"Zürich 北京\"} 1\n")
                                << QString::fromUtf8("#m untyped help=|m{city=Zürich 北京} 1");
    QTest::newRow("trailing comma and spaces")
        << QByteArray("m { a = \"1\" , b=\"2\", } 4\n") << "#m untyped help=|m{a=1,b=2} 4";
    QTest::newRow("empty label set") << QByteArray("m{} 5\n") << "#m untyped help=|m{} 5";
    QTest::newRow("NaN") << QByteArray("m NaN\n") << "#m untyped help=|m{} NaN";
    QTest::newRow("+Inf -Inf Inf") << QByteArray("a +Inf\nb -Inf\nc Inf\n")
                                   << "#a untyped help=|a{} +Inf|#b untyped help=|b{} -Inf|#c untyped help=|c{} +Inf";
    QTest::newRow("exponent and negative")
        << QByteArray("a 1.5e3\nb -0.25\nc 1E-3\n")
        << "#a untyped help=|a{} 1500|#b untyped help=|b{} -0.25|#c untyped help=|c{} 0.001";
    QTest::newRow("timestamp") << QByteArray("m 7 1700000000123\n") << "#m untyped help=|m{} 7 1700000000123";
    QTest::newRow("negative timestamp") << QByteArray("m 7 -5\n") << "#m untyped help=|m{} 7 -5";
    QTest::newRow("other comments ignored")
        << QByteArray("# just a note\n#\n# HELPER x\nm 1\n") << "#m untyped help=|m{} 1";
    QTest::newRow("histogram") << QByteArray(
        "# TYPE h histogram\nh_bucket{le=\"0.1\"} 1\nh_bucket{le=\"+Inf\"} 2\nh_sum 0.3\nh_count 2\n")
                               << "#h histogram help=|h_bucket{le=0.1} 1|h_bucket{le=+Inf} 2|h_sum{} 0.3|h_count{} 2";
    QTest::newRow("summary") << QByteArray("# TYPE s summary\ns{quantile=\"0.5\"} 0.1\ns_sum 1\ns_count 4\n")
                             << "#s summary help=|s{quantile=0.5} 0.1|s_sum{} 1|s_count{} 4";
    QTest::newRow("bucket suffix is not a summary's")
        << QByteArray("# TYPE s summary\ns_bucket 1\n") << "#s summary help=|#s_bucket untyped help=|s_bucket{} 1";
    QTest::newRow("help before type") << QByteArray("# HELP g Level.\n# TYPE g gauge\ng 2\n")
                                      << "#g gauge help=Level.|g{} 2";
    QTest::newRow("colons in names") << QByteArray("job:rate:5m 1\n") << "#job:rate:5m untyped help=|job:rate:5m{} 1";
    QTest::newRow("tabs as separators") << QByteArray("m\t3\t12\n") << "#m untyped help=|m{} 3 12";
}

void TestPromParser::accepts()
{
    QFETCH(QByteArray, text);
    QFETCH(QString, expected);
    const auto result = PromParser::parse(text);
    QVERIFY2(result.ok, qPrintable(result.error));
    QCOMPARE(render(result), expected);
}

void TestPromParser::rejects_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<QString>("errorPart");

    QTest::newRow("no value") << QByteArray("m\n") << "invalid value";
    QTest::newRow("bad value") << QByteArray("m 1x\n") << "invalid value";
    QTest::newRow("signed NaN") << QByteArray("m -NaN\n") << "invalid value";
    QTest::newRow("double sign") << QByteArray("m --1\n") << "invalid value";
    QTest::newRow("unterminated label value") << QByteArray("m{a=\"x} 1\n") << "unterminated";
    QTest::newRow("unquoted label value") << QByteArray("m{a=x} 1\n") << "expected '\"'";
    QTest::newRow("missing brace") << QByteArray("m{a=\"x\" 1\n") << "expected ',' or '}'";
    QTest::newRow("bad label name") << QByteArray("m{1a=\"x\"} 1\n") << "expected a label name";
    QTest::newRow("duplicate label") << QByteArray("m{a=\"1\",a=\"2\"} 1\n") << "duplicate label";
    QTest::newRow("bad timestamp") << QByteArray("m 1 12.5\n") << "invalid timestamp";
    QTest::newRow("junk after timestamp") << QByteArray("m 1 12 13\n") << "after the timestamp";
    QTest::newRow("unknown type") << QByteArray("# TYPE m meter\nm 1\n") << "unknown type";
    QTest::newRow("type after samples") << QByteArray("m 1\n# TYPE m gauge\n") << "after its samples";
    QTest::newRow("second type") << QByteArray("# TYPE m gauge\n# TYPE m counter\n") << "second TYPE";
    QTest::newRow("bucket without le") << QByteArray("# TYPE h histogram\nh_bucket 1\n") << "without an 'le'";
    QTest::newRow("name starting with digit") << QByteArray("1m 1\n") << "expected a metric name";
    QTest::newRow("error names the line") << QByteArray("a 1\nb 2\nc ?\n") << "line 3";
}

void TestPromParser::rejects()
{
    QFETCH(QByteArray, text);
    QFETCH(QString, errorPart);
    const auto result = PromParser::parse(text);
    QVERIFY(!result.ok);
    QVERIFY2(result.error.contains(errorPart), qPrintable(result.error));
    QVERIFY(result.families.isEmpty());
}

void TestPromParser::writerRoundTrips()
{
    MetricFamily counter { QStringLiteral("jobs_total"), MetricType::Counter,
        QStringLiteral("Jobs.\nSecond line \\ end"), {} };
    counter.samples.append({ QStringLiteral("jobs_total"),
        { { QStringLiteral("path"), QStringLiteral("a\\b\"c\"\nd") }, { QStringLiteral("x"), QString() } },
        12345678901.0, 1700000000000 });
    MetricFamily gauge { QStringLiteral("temperature"), MetricType::Gauge, QStringLiteral("T."), {} };
    gauge.samples.append({ QStringLiteral("temperature"), {}, std::nan(""), std::nullopt });
    gauge.samples.append(
        { QStringLiteral("temperature"), { { QStringLiteral("k"), QStringLiteral("lo") } }, -HUGE_VAL, std::nullopt });
    gauge.samples.append(
        { QStringLiteral("temperature"), { { QStringLiteral("k"), QStringLiteral("mid") } }, 0.1, std::nullopt });

    const QByteArray text = PromWriter::write({ counter, gauge });
    const auto parsed = PromParser::parse(text);
    QVERIFY2(parsed.ok, qPrintable(parsed.error + QLatin1Char('\n') + QString::fromUtf8(text)));
    QCOMPARE(parsed.families.size(), 2);
    QCOMPARE(parsed.families[0].help, counter.help);
    QCOMPARE(parsed.families[0].type, MetricType::Counter);
    QCOMPARE(parsed.families[0].samples[0].labels, counter.samples[0].labels);
    QCOMPARE(parsed.families[0].samples[0].value, 12345678901.0);
    QCOMPARE(*parsed.families[0].samples[0].timestampMs, 1700000000000LL);
    QVERIFY(std::isnan(parsed.families[1].samples[0].value));
    QVERIFY(std::isinf(parsed.families[1].samples[1].value) && parsed.families[1].samples[1].value < 0);
    QCOMPARE(parsed.families[1].samples[2].value, 0.1); // shortest form reads back exactly
    QCOMPARE(parsed.sampleCount, 4);
}

void TestPromParser::valueFormatting()
{
    QCOMPARE(PromWriter::formatValue(3), QByteArray("3"));
    QCOMPARE(PromWriter::formatValue(0.1), QByteArray("0.1"));
    QCOMPARE(PromWriter::formatValue(HUGE_VAL), QByteArray("+Inf"));
    QCOMPARE(PromWriter::formatValue(std::nan("")), QByteArray("NaN"));
    QCOMPARE(PromWriter::escapeLabelValue(QStringLiteral("a\"b\\c\nd")), QByteArray("a\\\"b\\\\c\\nd"));
}

void TestPromParser::mutatedInputNeverCrashes()
{
    const QByteArray page
        = "# HELP h_seconds Latency.\n# TYPE h_seconds histogram\n"
          "h_seconds_bucket{route=\"/a\\\"b\",le=\"0.1\"} 3\nh_seconds_bucket{route=\"/a\",le=\"+Inf\"} 4\n"
          "h_seconds_sum 0.25 1700000000000\nh_seconds_count 4\n# TYPE up gauge\nup NaN\n";
    QVERIFY(PromParser::parse(page).ok);
    auto *random = QRandomGenerator::global();
    const QByteArray alphabet("{}\"\\=, \n#\t+-.eE0123456789abcINFNaN_:");
    int accepted = 0;
    for (int round = 0; round < 5000; ++round) {
        QByteArray text = page;
        const int edits = 1 + int(random->bounded(4));
        for (int e = 0; e < edits; ++e) {
            const int at = int(random->bounded(text.size() + 1));
            const char c = alphabet.at(int(random->bounded(alphabet.size())));
            switch (random->bounded(3)) {
            case 0:
                text.insert(at, c);
                break;
            case 1:
                if (at < text.size())
                    text[at] = c;
                break;
            default:
                text.remove(at, 1 + int(random->bounded(3)));
            }
        }
        const auto result = PromParser::parse(text);
        // Either a clean rejection that names a line, or a document whose samples all have names.
        if (!result.ok) {
            QVERIFY2(result.error.startsWith(QLatin1String("line ")), qPrintable(result.error));
            QVERIFY(result.families.isEmpty());
            continue;
        }
        ++accepted;
        for (const auto &family : result.families)
            for (const auto &sample : family.samples)
                QVERIFY(!sample.name.isEmpty());
    }
    QVERIFY(accepted > 0); // some edits (inside comments, label values) keep the page valid
}

QTEST_GUILESS_MAIN(TestPromParser)
#include "tst_promparser.moc"
