// Services we did not write ship their logs the standard ways, over real loopback sockets: Python's own
// logging.handlers.SysLogHandler over UDP and TCP, JSON lines over HTTP, and (tst_rsyslogforward) a real
// rsyslogd forwarding. Records land in the console's log hub attributed to the instances registered in a real
// registry, found through the console's own discovery (Monitor); the intake advertises its ports in the
// registry; a flooding sender is cut off and counted while another sender's records all arrive.
#include "httptestclient.h"
#include "logintaketestbed.h"
#include "testprocess.h"

#include <algorithm>
#include <memory>
#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QTcpSocket>
#include <QTest>
#include <QTimeZone>
#include <QUdpSocket>
#include <vector>

class TestLogIntake : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void advertisedInTheRegistryAndScrapedAsHealthy();
    void pythonSysLogHandlerOverUdp();
    void pythonSysLogHandlerOverTcp();
    void unmatchedSendersStillShow();
    void jsonLinesOverHttp();
    void jsonLinesErrors();
    void floodIsCutOffOthersStillArrive();
    void oversizedAndMalformedAreCounted();
    void connectionLimitAndIdleTimeout();

private:
    LogIntakeTestbed m_bed;
};

void TestLogIntake::initTestCase()
{
    LogIntake::Options options;
    options.rate = { 300, 300, 4096 }; // low, so a test can flood past it in well under a second
    options.maxFrameBytes = 16 * 1024;
    options.maxTcpConnections = 4;
    options.idleTimeoutMs = 1500;
    options.reportIntervalMs = 200;
    QVERIFY(m_bed.start(options));
    m_bed.registerInstance("inventory", "inventory-1");
    m_bed.registerInstance("inventory", "inventory-2");
    m_bed.registerInstance("billing", "billing-7");
    QVERIFY(m_bed.waitForInstance("inventory-2"));
    QVERIFY(m_bed.waitForInstance("billing-7"));
}

void TestLogIntake::cleanupTestCase()
{
    m_bed.stop();
}

void TestLogIntake::advertisedInTheRegistryAndScrapedAsHealthy()
{
    // Any Consul client finds where to ship logs.
    const auto reply = TestHttp::get(m_bed.registryUrl(QStringLiteral("/v1/catalog/service/flightdeck-logs")));
    QCOMPARE(reply.status, 200);
    const auto entries = QJsonDocument::fromJson(reply.body).array();
    QCOMPARE(entries.size(), 1);
    const auto meta = entries.at(0).toObject().value(QStringLiteral("ServiceMeta")).toObject();
    QCOMPARE(meta.value(QStringLiteral("syslog_udp")).toString().toUShort(), m_bed.udpPort());
    QCOMPARE(meta.value(QStringLiteral("syslog_tcp")).toString().toUShort(), m_bed.tcpPort());
    QCOMPARE(meta.value(QStringLiteral("http")).toString().toUShort(), m_bed.httpPort());
    QVERIFY(m_bed.udpPort() != 0 && m_bed.tcpPort() != 0);
    // The console follows it like any service, and it answers its scrapes: a healthy node, not a broken one.
    QTRY_VERIFY_WITH_TIMEOUT(m_bed.scrapedUp(QStringLiteral("flightdeck-logs")), 10000);
}

void TestLogIntake::pythonSysLogHandlerOverUdp()
{
    // The defaults of SysLogHandler: UDP, facility user, "<PRI>message\0"; ident names the instance.
    const auto result = TestProcess::run(QStringLiteral("/usr/bin/python3"),
        { QStringLiteral("-c"), QStringLiteral(R"(
import logging, logging.handlers, sys
handler = logging.handlers.SysLogHandler(address=("127.0.0.1", int(sys.argv[1])))
handler.ident = "inventory-2: "
log = logging.getLogger("shop")
log.addHandler(handler)
log.setLevel(logging.DEBUG)
log.warning("restocked %d items over udp", 40)
log.error("supplier feed down over udp")
handler.close()
)"),
            QString::number(m_bed.udpPort()) },
        20000);
    QVERIFY2(result.ok(), qPrintable(result.describe()));
    QTRY_VERIFY_WITH_TIMEOUT(m_bed.find(QStringLiteral("supplier feed down over udp")).has_value(), 5000);
    const auto warning = m_bed.find(QStringLiteral("restocked 40 items over udp"));
    QVERIFY(warning.has_value());
    QCOMPARE(warning->service, QStringLiteral("inventory"));
    QCOMPARE(warning->instance, QStringLiteral("inventory-2"));
    QCOMPARE(warning->level, spdlog::level::warn);
    QCOMPARE(warning->facility, 1);
    QCOMPARE(m_bed.find(QStringLiteral("supplier feed down over udp"))->level, spdlog::level::err);
}

void TestLogIntake::pythonSysLogHandlerOverTcp()
{
    // SOCK_STREAM: Python ends every record with NUL and no newline; the formatter writes a 3164-style tag.
    const auto result = TestProcess::run(QStringLiteral("/usr/bin/python3"),
        { QStringLiteral("-c"), QStringLiteral(R"(
import logging, logging.handlers, socket, sys
handler = logging.handlers.SysLogHandler(address=("127.0.0.1", int(sys.argv[1])), socktype=socket.SOCK_STREAM,
                                         facility=logging.handlers.SysLogHandler.LOG_LOCAL3)
handler.setFormatter(logging.Formatter("billing[%(process)d]: %(message)s"))
log = logging.getLogger("billing")
log.addHandler(handler)
log.setLevel(logging.INFO)
for i in range(50):
    log.info("charged order %d over tcp", i)
handler.close()
)"),
            QString::number(m_bed.tcpPort()) },
        20000);
    QVERIFY2(result.ok(), qPrintable(result.describe()));
    QTRY_VERIFY_WITH_TIMEOUT(m_bed.find(QStringLiteral("charged order 49 over tcp")).has_value(), 5000);
    QCOMPARE(m_bed.count(QStringLiteral("over tcp")), 50);
    const auto record = m_bed.find(QStringLiteral("charged order 0 over tcp"));
    QCOMPARE(record->service, QStringLiteral("billing"));
    QCOMPARE(record->instance, QStringLiteral("billing-7")); // the service's only instance
    QCOMPARE(record->facility, 19); // local3
}

void TestLogIntake::unmatchedSendersStillShow()
{
    const double before = m_bed.metric(QStringLiteral("flightdeck_logintake_unattributed_total"));
    QUdpSocket socket;
    socket.writeDatagram(
        "<13>1 2024-03-09T10:00:00Z box cronjob 99 - - nightly run done", QHostAddress::LocalHost, m_bed.udpPort());
    QTRY_VERIFY_WITH_TIMEOUT(m_bed.find(QStringLiteral("nightly run done")).has_value(), 5000);
    const auto record = m_bed.find(QStringLiteral("nightly run done"));
    QCOMPARE(record->service, QStringLiteral("cronjob"));
    QVERIFY(record->instance.isEmpty());
    QTRY_COMPARE_WITH_TIMEOUT(
        m_bed.metric(QStringLiteral("flightdeck_logintake_unattributed_total")), before + 1, 5000);
}

void TestLogIntake::jsonLinesOverHttp()
{
    const QByteArray body
        = R"({"time": "2024-03-09T11:00:00Z", "level": "WARN", "msg": "json one", "service": "inventory", "instance": "inventory-1"}
{"Level": "error", "Message": "json two", "host": "billing-7"}
{"message": "json three"}
)";
    const auto reply = TestHttp::request(
        "POST", m_bed.httpUrl(QStringLiteral("/v1/logs")), body, { { "Content-Type", "application/x-ndjson" } });
    QCOMPARE(reply.status, 200);
    QCOMPARE(reply.json().value(QStringLiteral("accepted")).toInt(), 3);
    QCOMPARE(reply.json().value(QStringLiteral("rejected")).toInt(), 0);
    const auto one = m_bed.find(QStringLiteral("json one"));
    QVERIFY(one.has_value()); // in the hub before the reply was written
    QCOMPARE(one->instance, QStringLiteral("inventory-1"));
    QCOMPARE(one->level, spdlog::level::warn);
    QCOMPARE(one->timeMs, QDateTime(QDate(2024, 3, 9), QTime(11, 0), Qt::UTC).toMSecsSinceEpoch());
    QCOMPARE(m_bed.find(QStringLiteral("json two"))->instance, QStringLiteral("billing-7"));
    QCOMPARE(m_bed.find(QStringLiteral("json two"))->level, spdlog::level::err);
    QCOMPARE(m_bed.find(QStringLiteral("json three"))->service, QStringLiteral("127.0.0.1"));
}

void TestLogIntake::jsonLinesErrors()
{
    const auto url = m_bed.httpUrl(QStringLiteral("/v1/logs"));
    const auto partly = TestHttp::request("POST", url, "{\"msg\": \"fine line\"}\nnot json\n[]\n");
    QCOMPARE(partly.status, 200);
    QCOMPARE(partly.json().value(QStringLiteral("accepted")).toInt(), 1);
    QCOMPARE(partly.json().value(QStringLiteral("rejected")).toInt(), 2);
    const auto errors = partly.json().value(QStringLiteral("errors")).toArray();
    QCOMPARE(errors.size(), 2);
    QCOMPARE(errors.at(0).toObject().value(QStringLiteral("line")).toInt(), 2);

    const auto none = TestHttp::request("POST", url, "nothing\nuseful\n");
    QCOMPARE(none.status, 400);
    QCOMPARE(none.json().value(QStringLiteral("error")).toObject().value(QStringLiteral("code")).toString(),
        QStringLiteral("no_valid_records"));
    QCOMPARE(TestHttp::request("POST", url, "").status, 400);
    QCOMPARE(TestHttp::request("POST", url, "{\"msg\":\"x\"}", { { "Content-Type", "image/png" } }).status, 415);
    // Over the body limit: refused before it is read.
    const auto tooBig = TestHttp::rawExchange(m_bed.httpPort(),
        "POST /v1/logs HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-ndjson\r\n"
        "Content-Length: 204800\r\n\r\n{\"msg\": ");
    QCOMPARE(TestHttp::statusOf(tooBig), 413);
}

void TestLogIntake::floodIsCutOffOthersStillArrive()
{
    // A well-behaved service ships 200 records over TCP, spread over about half a second...
    QProcess calm;
    calm.setProcessChannelMode(QProcess::MergedChannels);
    calm.start(QStringLiteral("/usr/bin/python3"),
        { QStringLiteral("-c"), QStringLiteral(R"(
import logging, logging.handlers, socket, sys, time
handler = logging.handlers.SysLogHandler(address=("127.0.0.1", int(sys.argv[1])), socktype=socket.SOCK_STREAM)
handler.ident = "inventory-1: "
log = logging.getLogger("calm")
log.addHandler(handler)
for i in range(200):
    log.warning("calm record %d", i)
    time.sleep(0.0025)
handler.close()
)"),
            QString::number(m_bed.tcpPort()) });
    QVERIFY(calm.waitForStarted(10000));
    // ...while another one floods over UDP from another loopback address (so another sender to the intake):
    // 10 000 records in about half a second, against a limit of 300 a second.
    QUdpSocket flooder;
    QVERIFY(flooder.bind(QHostAddress(QStringLiteral("127.0.0.2")), 0));
    const double floodBefore = m_bed.metric(
        QStringLiteral("flightdeck_logintake_dropped_total"), { { "reason", "flood" }, { "sender", "127.0.0.2" } });
    for (int chunk = 0; chunk < 40; ++chunk) {
        for (int i = 0; i < 250; ++i)
            flooder.writeDatagram(QByteArray("<14>flooder: spam ") + QByteArray::number(chunk * 250 + i),
                QHostAddress::LocalHost, m_bed.udpPort());
        QTest::qWait(10); // lets the kernel buffer drain, so the intake (not the kernel) is what drops
    }
    QVERIFY2(calm.waitForFinished(20000) && calm.exitCode() == 0, calm.readAll().constData());
    QTRY_COMPARE_WITH_TIMEOUT(m_bed.count(QStringLiteral("calm record ")), 200, 10000);
    QCOMPARE(m_bed.find(QStringLiteral("calm record 199"))->instance, QStringLiteral("inventory-1"));
    QTRY_VERIFY_WITH_TIMEOUT(m_bed.metric(QStringLiteral("flightdeck_logintake_dropped_total"),
                                 { { "reason", "flood" }, { "sender", "127.0.0.2" } })
            > floodBefore + 5000,
        5000);
    const int spam = m_bed.count(QStringLiteral("spam "));
    QVERIFY2(spam >= 250 && spam < 2000, qPrintable(QString::number(spam))); // the burst got in, not the flood
    // And the console says so in its own log view, in a line or two rather than one per record.
    QTRY_VERIFY_WITH_TIMEOUT(
        m_bed.findFrom(QStringLiteral("logintake"), QStringLiteral("from 127.0.0.2 (flood)")), 5000);
    QVERIFY(m_bed.countFrom(QStringLiteral("logintake"), QStringLiteral("(flood)")) < 20);
}

void TestLogIntake::oversizedAndMalformedAreCounted()
{
    QUdpSocket socket;
    QVERIFY(socket.bind(QHostAddress(QStringLiteral("127.0.0.3")), 0));
    // 10 KiB: kept, cut to 8 KiB and marked.
    socket.writeDatagram("<14>billing: long " + QByteArray(10 * 1024, 'y'), QHostAddress::LocalHost, m_bed.udpPort());
    // 20 KiB: over the 16 KiB record limit, dropped.
    socket.writeDatagram("<14>billing: huge " + QByteArray(20 * 1024, 'z'), QHostAddress::LocalHost, m_bed.udpPort());
    socket.writeDatagram("no pri at all", QHostAddress::LocalHost, m_bed.udpPort());
    QTRY_COMPARE_WITH_TIMEOUT(m_bed.metric(QStringLiteral("flightdeck_logintake_dropped_total"),
                                  { { "reason", "oversized" }, { "sender", "127.0.0.3" } }),
        1.0, 5000);
    QTRY_COMPARE_WITH_TIMEOUT(m_bed.metric(QStringLiteral("flightdeck_logintake_dropped_total"),
                                  { { "reason", "malformed" }, { "sender", "127.0.0.3" } }),
        1.0, 5000);
    const auto cut = m_bed.find(QStringLiteral("long yyy"));
    QVERIFY(cut.has_value());
    QVERIFY(cut->message.endsWith(QStringLiteral("bytes]")));
    QVERIFY(cut->message.toUtf8().size() < 8 * 1024 + 40);
    QVERIFY(!m_bed.find(QStringLiteral("huge zzz")).has_value());
    QVERIFY(m_bed.metric(QStringLiteral("flightdeck_logintake_truncated_total")) >= 1);
    // The same limit over TCP, octet counted: the record is skipped, the stream goes on.
    const QByteArray huge = "<14>billing: huge tcp " + QByteArray(20 * 1024, 'z');
    const QByteArray after = "<14>billing: after the huge one";
    QTcpSocket stream;
    stream.connectToHost(QHostAddress::LocalHost, m_bed.tcpPort());
    QVERIFY(stream.waitForConnected(3000));
    stream.write(QByteArray::number(huge.size()) + ' ' + huge + QByteArray::number(after.size()) + ' ' + after);
    QVERIFY(stream.waitForBytesWritten(3000));
    QTRY_VERIFY_WITH_TIMEOUT(m_bed.find(QStringLiteral("after the huge one")).has_value(), 5000);
    QVERIFY(!m_bed.find(QStringLiteral("huge tcp")).has_value());
}

void TestLogIntake::connectionLimitAndIdleTimeout()
{
    QTRY_COMPARE_WITH_TIMEOUT(m_bed.metric(QStringLiteral("flightdeck_logintake_tcp_connections")), 0.0, 5000);
    std::vector<std::unique_ptr<QTcpSocket>> sockets;
    for (int i = 0; i < 5; ++i) {
        sockets.push_back(std::make_unique<QTcpSocket>());
        sockets.back()->connectToHost(QHostAddress::LocalHost, m_bed.tcpPort());
        QVERIFY(sockets.back()->waitForConnected(3000));
    }
    // The fifth is over the limit of four and is closed at once; the others are closed once idle.
    QTRY_COMPARE_WITH_TIMEOUT(
        m_bed.metric(QStringLiteral("flightdeck_logintake_tcp_connections_refused_total")), 1.0, 5000);
    QTRY_VERIFY_WITH_TIMEOUT(sockets.back()->state() == QAbstractSocket::UnconnectedState, 5000);
    QTRY_VERIFY_WITH_TIMEOUT(std::all_of(sockets.begin(), sockets.end(),
                                 [](const auto &s) { return s->state() == QAbstractSocket::UnconnectedState; }),
        8000);
    QTRY_COMPARE_WITH_TIMEOUT(m_bed.metric(QStringLiteral("flightdeck_logintake_tcp_idle_closed_total")), 4.0, 5000);
}

QTEST_GUILESS_MAIN(TestLogIntake)
#include "tst_logintake.moc"
