// The syslog parsers and the TCP framing, read from lines as real senders write them: rsyslog and logger in
// RFC 5424 (structured data, BOM), classic RFC 3164 daemons with and without a pid, and Python's
// SysLogHandler, which sends a bare "<PRI>message\0".
#include "logintake/syslogparser.h"
#include "logintake/syslogstreamdecoder.h"

#include <QTest>
#include <QTimeZone>

namespace {

const QDateTime kReceived = QDateTime(QDate(2024, 3, 9), QTime(12, 0, 5), QTimeZone::systemTimeZone());

// A literal with its embedded NULs, without its terminating one.
template <size_t N> QByteArray bytes(const char (&literal)[N])
{
    return QByteArray(literal, qsizetype(N - 1));
}

IntakeRecord parsed(const QByteArray &line)
{
    IntakeRecord record;
    QString error;
    if (!SyslogParser::parse(line, kReceived, &record, &error))
        qWarning("not parsed: %s (%s)", line.constData(), qPrintable(error));
    return record;
}

} // namespace

class TestSyslogParser : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void rfc5424WithStructuredDataAndBom();
    void rfc5424NilFieldsAndNoMessage();
    void rfc5424FractionsAndOffsets();
    void structuredDataEscapes();
    void rfc3164WithPid();
    void rfc3164WithoutPid();
    void rfc3164YearIsTheLastOne();
    void pythonSysLogHandlerBareLine();
    void bareLineWithoutTag();
    void severitiesAndFacilities_data();
    void severitiesAndFacilities();
    void malformed_data();
    void malformed();

    void octetCountedFrames();
    void lineFramesEndedByLfOrNul();
    void recordsSplitAcrossSegments_data();
    void recordsSplitAcrossSegments();
    void oversizedFramesAreSkipped();
    void brokenOctetCountBreaksTheStream();
};

void TestSyslogParser::rfc5424WithStructuredDataAndBom()
{
    // RFC 5424 §6.5 example 3, with a BOM before the message as rsyslog writes it.
    const auto record = parsed("<165>1 2003-10-11T22:14:15.003Z mymachine.example.com evntslog - ID47 "
                               "[exampleSDID@32473 iut=\"3\" eventSource=\"Application\" eventID=\"1011\"]"
                               "[origin@32473 service=\"cart\" instance=\"cart-2\"] \xEF\xBB\xBF"
                               "An application event log entry \xE2\x80\x94 ok");
    QCOMPARE(record.facility, 20); // local4
    QCOMPARE(record.severity, 5); // notice
    QCOMPARE(record.level, spdlog::level::info);
    QCOMPARE(record.timeMs, QDateTime(QDate(2003, 10, 11), QTime(22, 14, 15, 3), Qt::UTC).toMSecsSinceEpoch());
    QCOMPARE(record.hostname, QStringLiteral("mymachine.example.com"));
    QCOMPARE(record.appName, QStringLiteral("evntslog"));
    QVERIFY(record.procId.isEmpty());
    QCOMPARE(record.msgId, QStringLiteral("ID47"));
    QCOMPARE(record.structured.value(QStringLiteral("exampleSDID@32473.eventSource")), QStringLiteral("Application"));
    QCOMPARE(record.structured.value(QStringLiteral("iut")), QStringLiteral("3"));
    QCOMPARE(record.structured.value(QStringLiteral("service")), QStringLiteral("cart"));
    QCOMPARE(record.structured.value(QStringLiteral("origin@32473.instance")), QStringLiteral("cart-2"));
    QCOMPARE(record.message, QStringLiteral("An application event log entry \u2014 ok"));
}

void TestSyslogParser::rfc5424NilFieldsAndNoMessage()
{
    const auto record = parsed("<34>1 - - - - - -");
    QCOMPARE(record.level, spdlog::level::critical); // auth.crit
    QCOMPARE(record.timeMs, kReceived.toMSecsSinceEpoch()); // no time given: when it arrived
    QVERIFY(record.hostname.isEmpty());
    QVERIFY(record.appName.isEmpty());
    QVERIFY(record.message.isEmpty());

    // logger --rfc5424 --server: a pid, no SD, a trailing newline.
    const auto logger = parsed("<13>1 2024-03-09T11:58:01.123456+01:00 build-7 inventory 4242 - - stock low\n");
    QCOMPARE(logger.appName, QStringLiteral("inventory"));
    QCOMPARE(logger.procId, QStringLiteral("4242"));
    QCOMPARE(logger.message, QStringLiteral("stock low"));
    QCOMPARE(logger.level, spdlog::level::info);
}

void TestSyslogParser::rfc5424FractionsAndOffsets()
{
    const auto micro = parsed("<14>1 2003-08-24T05:14:15.000003-07:00 host app - - - x");
    QCOMPARE(micro.timeMs, QDateTime(QDate(2003, 8, 24), QTime(12, 14, 15), Qt::UTC).toMSecsSinceEpoch());
    const auto whole = parsed("<14>1 2003-08-24T05:14:15Z host app - - - x");
    QCOMPARE(whole.timeMs, QDateTime(QDate(2003, 8, 24), QTime(5, 14, 15), Qt::UTC).toMSecsSinceEpoch());
}

void TestSyslogParser::structuredDataEscapes()
{
    IntakeRecord record;
    qsizetype consumed = 0;
    QString error;
    const QByteArray sd = R"([a@1 q="say \"hi\"" b="back\\slash" c="x\]y" d="\n stays"] rest)";
    QVERIFY2(SyslogParser::parseStructuredData(sd, &consumed, &record, &error), qPrintable(error));
    QCOMPARE(sd.mid(consumed), QByteArray(" rest"));
    QCOMPARE(record.structured.value(QStringLiteral("q")), QStringLiteral("say \"hi\""));
    QCOMPARE(record.structured.value(QStringLiteral("b")), QStringLiteral("back\\slash"));
    QCOMPARE(record.structured.value(QStringLiteral("c")), QStringLiteral("x]y"));
    QCOMPARE(record.structured.value(QStringLiteral("d")), QStringLiteral("\\n stays")); // not an SD escape
}

void TestSyslogParser::rfc3164WithPid()
{
    const auto record = parsed("<86>Mar  9 11:59:58 web-3 sshd[1234]: Accepted publickey for deploy");
    QCOMPARE(record.facility, 10); // authpriv
    QCOMPARE(record.level, spdlog::level::info);
    QCOMPARE(record.hostname, QStringLiteral("web-3"));
    QCOMPARE(record.appName, QStringLiteral("sshd"));
    QCOMPARE(record.procId, QStringLiteral("1234"));
    QCOMPARE(record.message, QStringLiteral("Accepted publickey for deploy"));
    QCOMPARE(record.timeMs,
        QDateTime(QDate(2024, 3, 9), QTime(11, 59, 58), QTimeZone::systemTimeZone()).toMSecsSinceEpoch());
}

void TestSyslogParser::rfc3164WithoutPid()
{
    const auto record = parsed("<28>Mar 10 01:00:00 mymachine billing: disk quota at 91%");
    QCOMPARE(record.level, spdlog::level::warn);
    QCOMPARE(record.hostname, QStringLiteral("mymachine"));
    QCOMPARE(record.appName, QStringLiteral("billing"));
    QVERIFY(record.procId.isEmpty());
    QCOMPARE(record.message, QStringLiteral("disk quota at 91%"));

    // No host between the time and the tag (what some local forwarders write).
    const auto hostless = parsed("<30>Mar  9 11:00:00 worker[77]: queue drained");
    QCOMPARE(hostless.appName, QStringLiteral("worker"));
    QCOMPARE(hostless.procId, QStringLiteral("77"));
    QCOMPARE(hostless.message, QStringLiteral("queue drained"));
    QVERIFY(hostless.hostname.isEmpty());
}

void TestSyslogParser::rfc3164YearIsTheLastOne()
{
    // Received on 1 January: a record stamped 31 December is from the year before, not eleven months ahead.
    const QDateTime newYear(QDate(2025, 1, 1), QTime(0, 0, 30), QTimeZone::systemTimeZone());
    const auto time = SyslogParser::parse3164Time("Dec 31 23:59:59", newYear);
    QCOMPARE(time.date(), QDate(2024, 12, 31));
    QVERIFY(!SyslogParser::parse3164Time("Foo 31 23:59:59", newYear).isValid());
    QVERIFY(!SyslogParser::parse3164Time("Dec 31 25:59:59", newYear).isValid());
}

void TestSyslogParser::pythonSysLogHandlerBareLine()
{
    // logging.handlers.SysLogHandler: "<PRI>" + (ident) + formatted message + "\0", no header at all.
    const auto plain = parsed(bytes("<11>something failed\0"));
    QCOMPARE(plain.facility, 1); // user
    QCOMPARE(plain.level, spdlog::level::err);
    QCOMPARE(plain.message, QStringLiteral("something failed"));
    QVERIFY(plain.appName.isEmpty());
    QCOMPARE(plain.timeMs, kReceived.toMSecsSinceEpoch());

    const auto ident = parsed(bytes("<14>inventory-2: restocked 40 items\0"));
    QCOMPARE(ident.appName, QStringLiteral("inventory-2"));
    QCOMPARE(ident.message, QStringLiteral("restocked 40 items"));

    const auto formatted = parsed(bytes("<15>billing[311]: charge ok\0"));
    QCOMPARE(formatted.level, spdlog::level::debug);
    QCOMPARE(formatted.appName, QStringLiteral("billing"));
    QCOMPARE(formatted.procId, QStringLiteral("311"));
    QCOMPARE(formatted.message, QStringLiteral("charge ok"));
}

void TestSyslogParser::bareLineWithoutTag()
{
    // Colons that are not a tag's stay in the message.
    QCOMPARE(parsed("<14>see http://example.com/a:b").message, QStringLiteral("see http://example.com/a:b"));
    QVERIFY(parsed("<14>see http://example.com/a:b").appName.isEmpty());
    QCOMPARE(parsed("<14>two words: here").message, QStringLiteral("two words: here"));
    QCOMPARE(parsed("<14>").message, QString());
}

void TestSyslogParser::severitiesAndFacilities_data()
{
    QTest::addColumn<QByteArray>("line");
    QTest::addColumn<int>("facility");
    QTest::addColumn<int>("level");
    QTest::newRow("kern.emerg") << QByteArray("<0>boom") << 0 << int(spdlog::level::critical);
    QTest::newRow("user.alert") << QByteArray("<9>x") << 1 << int(spdlog::level::critical);
    QTest::newRow("mail.err") << QByteArray("<19>x") << 2 << int(spdlog::level::err);
    QTest::newRow("daemon.warning") << QByteArray("<28>x") << 3 << int(spdlog::level::warn);
    QTest::newRow("local0.notice") << QByteArray("<133>x") << 16 << int(spdlog::level::info);
    QTest::newRow("local7.debug") << QByteArray("<191>x") << 23 << int(spdlog::level::debug);
}

void TestSyslogParser::severitiesAndFacilities()
{
    QFETCH(QByteArray, line);
    QFETCH(int, facility);
    QFETCH(int, level);
    const auto record = parsed(line);
    QCOMPARE(record.facility, facility);
    QCOMPARE(int(record.level), level);
}

void TestSyslogParser::malformed_data()
{
    QTest::addColumn<QByteArray>("line");
    QTest::newRow("no PRI") << QByteArray("hello world");
    QTest::newRow("empty") << QByteArray();
    QTest::newRow("PRI too big") << QByteArray("<192>x");
    QTest::newRow("PRI not closed") << QByteArray("<13 x");
    QTest::newRow("PRI empty") << QByteArray("<>x");
    QTest::newRow("PRI four digits") << QByteArray("<0013>x");
    QTest::newRow("5424 cut after time") << QByteArray("<13>1 2024-03-09T11:58:01Z");
    QTest::newRow("5424 bad time") << QByteArray("<13>1 yesterday host app - - - x");
    QTest::newRow("5424 SD not closed") << QByteArray("<13>1 - host app - - [a@1 x=\"1\" msg");
    QTest::newRow("5424 SD value unquoted") << QByteArray("<13>1 - host app - - [a@1 x=1] msg");
    QTest::newRow("5424 SD neither") << QByteArray("<13>1 - host app - - msg");
    QTest::newRow("5424 no space before MSG") << QByteArray("<13>1 - host app - - -msg");
}

void TestSyslogParser::malformed()
{
    QFETCH(QByteArray, line);
    IntakeRecord record;
    QString error;
    QVERIFY(!SyslogParser::parse(line, kReceived, &record, &error));
    QVERIFY(!error.isEmpty());
}

void TestSyslogParser::octetCountedFrames()
{
    SyslogStreamDecoder decoder;
    const QByteArray first = "<13>1 - h a - - - one";
    const QByteArray second = "<13>1 - h a - - - two\nwith a newline inside";
    const QByteArray stream
        = QByteArray::number(first.size()) + ' ' + first + QByteArray::number(second.size()) + ' ' + second + '\n';
    const auto decoded = decoder.feed(stream);
    QCOMPARE(decoder.framing(), SyslogStreamDecoder::Framing::OctetCounting);
    QCOMPARE(decoded.frames, (QList<QByteArray> { first, second }));
    QCOMPARE(decoded.oversized, 0);
    QVERIFY(!decoded.broken);
    QCOMPARE(decoder.buffered(), 0);
}

void TestSyslogParser::lineFramesEndedByLfOrNul()
{
    SyslogStreamDecoder decoder;
    const auto decoded = decoder.feed(bytes("<14>a: one\n<14>b: two\r\n<14>python three\0<14>tail"));
    QCOMPARE(decoder.framing(), SyslogStreamDecoder::Framing::NonTransparent);
    QCOMPARE(decoded.frames,
        (QList<QByteArray> { "<14>a: one", "<14>b: two\r", "<14>python three" })); // the parser drops the \r
    QCOMPARE(decoder.buffered(), 8); // "<14>tail" waits for its end
    QCOMPARE(decoder.feed("\n").frames, QList<QByteArray> { "<14>tail" });
}

void TestSyslogParser::recordsSplitAcrossSegments_data()
{
    QTest::addColumn<QByteArray>("stream");
    QTest::addColumn<int>("segment");
    const QByteArray a = "<165>1 2003-10-11T22:14:15.003Z host app - - [x@1 k=\"v\"] first";
    const QByteArray b = "<14>second";
    const QByteArray octets = QByteArray::number(a.size()) + ' ' + a + QByteArray::number(b.size()) + ' ' + b;
    const QByteArray lines = a + '\n' + b + '\n';
    for (int segment : { 1, 2, 3, 7, 64 }) {
        QTest::addRow("octet counted, %d-byte segments", segment) << octets << segment;
        QTest::addRow("LF framed, %d-byte segments", segment) << lines << segment;
    }
}

void TestSyslogParser::recordsSplitAcrossSegments()
{
    QFETCH(QByteArray, stream);
    QFETCH(int, segment);
    SyslogStreamDecoder decoder;
    QList<QByteArray> frames;
    for (qsizetype at = 0; at < stream.size(); at += segment)
        frames
            += decoder.feed(QByteArrayView(stream).sliced(at, std::min<qsizetype>(segment, stream.size() - at))).frames;
    QCOMPARE(frames.size(), 2);
    QVERIFY(frames[0].endsWith("first"));
    QCOMPARE(frames[1], QByteArray("<14>second"));
    QCOMPARE(decoder.buffered(), 0);
}

void TestSyslogParser::oversizedFramesAreSkipped()
{
    // Octet counted: the count says how much to skip, even when it arrives over several segments.
    SyslogStreamDecoder counted(100);
    const QByteArray big(500, 'x');
    auto decoded = counted.feed(QByteArray("500 " + big.left(200)));
    QCOMPARE(decoded.oversized, 1);
    QVERIFY(decoded.frames.isEmpty());
    decoded = counted.feed(QByteArray(big.mid(200) + "6 <14>ok"));
    QCOMPARE(decoded.frames, QList<QByteArray> { "<14>ok" });
    QCOMPARE(decoded.oversized, 0);

    // LF framed: dropped up to its newline, never buffered beyond the limit, counted once.
    SyslogStreamDecoder lines(100);
    int oversized = 0;
    for (int i = 0; i < 10; ++i) {
        const auto part = lines.feed(QByteArray(60, 'y'));
        oversized += part.oversized;
        QVERIFY(lines.buffered() <= 160);
    }
    decoded = lines.feed("yyy\n<14>after\n");
    oversized += decoded.oversized;
    QCOMPARE(oversized, 1);
    QCOMPARE(decoded.frames, QList<QByteArray> { "<14>after" });
}

void TestSyslogParser::brokenOctetCountBreaksTheStream()
{
    SyslogStreamDecoder decoder;
    const auto decoded = decoder.feed("12 <14>twelve..34x <14>nope");
    QCOMPARE(decoded.frames, QList<QByteArray> { "<14>twelve.." });
    QVERIFY(decoded.broken);
    QVERIFY(decoder.feed("5 <14>x").broken);
}

QTEST_GUILESS_MAIN(TestSyslogParser)
#include "tst_syslogparser.moc"
