// A real rsyslogd between a service and the console, configured as an operator would forward a host's logs:
// imudp on a loopback port takes what `logger` sends, omfwd forwards it to the intake over TCP with octet
// counting and the RFC 5424 template. The record must arrive attributed to the registered instance the
// application named. Everything rsyslogd writes (config, pid file, work dir) is in a temporary dir; it opens
// no system socket.
#include "logintaketestbed.h"
#include "testprocess.h"

#include <QDeadlineTimer>
#include <QDir>
#include <QFile>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QUdpSocket>

namespace {

QString rsyslogd()
{
    const auto found = QStandardPaths::findExecutable(QStringLiteral("rsyslogd"));
    if (!found.isEmpty())
        return found;
    return QStandardPaths::findExecutable(
        QStringLiteral("rsyslogd"), { QStringLiteral("/usr/sbin"), QStringLiteral("/sbin") });
}

quint16 freeUdpPort()
{
    QUdpSocket probe;
    return probe.bind(QHostAddress::LocalHost, 0) ? probe.localPort() : 0;
}

} // namespace

class TestRsyslogForward : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void forwardedRecordsArriveAttributed();

private:
    LogIntakeTestbed m_bed;
    QTemporaryDir m_dir;
    QProcess m_rsyslog;
    quint16 m_inputPort = 0;
};

void TestRsyslogForward::initTestCase()
{
    const QString program = rsyslogd();
    if (program.isEmpty())
        QSKIP("rsyslogd is not installed (Debian package rsyslog; ./dev installs it)");
    QVERIFY(m_bed.start({}));
    m_bed.registerInstance("inventory", "inventory-1");
    m_bed.registerInstance("inventory", "inventory-2");
    QVERIFY(m_bed.waitForInstance("inventory-1"));

    m_inputPort = freeUdpPort();
    QVERIFY(m_inputPort != 0);
    QDir(m_dir.path()).mkpath(QStringLiteral("work"));
    const QString config = QStringLiteral(R"(global(workDirectory="%1/work")
module(load="imudp")
input(type="imudp" address="127.0.0.1" port="%2" ruleset="toConsole")
ruleset(name="toConsole") {
  action(type="omfwd" target="127.0.0.1" port="%3" protocol="tcp" TCP_Framing="octet-counted"
         template="RSYSLOG_SyslogProtocol23Format")
}
)")
                               .arg(m_dir.path())
                               .arg(m_inputPort)
                               .arg(m_bed.tcpPort());
    QFile file(m_dir.filePath(QStringLiteral("rsyslog.conf")));
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(config.toUtf8());
    file.close();
    const auto check
        = TestProcess::run(program, { QStringLiteral("-N1"), QStringLiteral("-f"), file.fileName() }, 30000);
    QVERIFY2(check.ok(), qPrintable(check.describe()));

    m_rsyslog.setProcessChannelMode(QProcess::MergedChannels);
    m_rsyslog.start(program,
        { QStringLiteral("-n"), QStringLiteral("-f"), file.fileName(), QStringLiteral("-i"),
            m_dir.filePath(QStringLiteral("rsyslogd.pid")) });
    QVERIFY2(m_rsyslog.waitForStarted(10000), qPrintable(m_rsyslog.errorString()));
}

void TestRsyslogForward::cleanupTestCase()
{
    if (m_rsyslog.state() != QProcess::NotRunning) {
        m_rsyslog.terminate();
        if (!m_rsyslog.waitForFinished(5000)) {
            m_rsyslog.kill();
            m_rsyslog.waitForFinished(2000);
        }
    }
    m_bed.stop();
}

void TestRsyslogForward::forwardedRecordsArriveAttributed()
{
    // rsyslogd takes a moment to open its input and its connection: send until the first record comes through
    // (UDP to a port nobody listens on yet is simply lost), at most 30 tries over about 15 s.
    bool arrived = false;
    for (int attempt = 0; attempt < 30 && !arrived; ++attempt) {
        const auto sent = TestProcess::run(QStringLiteral("logger"),
            { QStringLiteral("--server"), QStringLiteral("127.0.0.1"), QStringLiteral("--port"),
                QString::number(m_inputPort), QStringLiteral("--udp"), QStringLiteral("--rfc5424"),
                QStringLiteral("--tag"), QStringLiteral("inventory-2"), QStringLiteral("--priority"),
                QStringLiteral("local2.warning"), QStringLiteral("forwarded by rsyslog, try %1").arg(attempt) },
            10000);
        QVERIFY2(sent.ok(), qPrintable(sent.describe()));
        QDeadlineTimer wait(500);
        while (!wait.hasExpired() && !arrived) {
            QTest::qWait(25);
            arrived = m_bed.find(QStringLiteral("forwarded by rsyslog")).has_value();
        }
        if (m_rsyslog.state() == QProcess::NotRunning)
            QFAIL(qPrintable(QStringLiteral("rsyslogd exited: %1").arg(QString::fromLocal8Bit(m_rsyslog.readAll()))));
    }
    QVERIFY2(arrived, qPrintable(QString::fromLocal8Bit(m_rsyslog.readAll())));
    const auto record = m_bed.find(QStringLiteral("forwarded by rsyslog"));
    QCOMPARE(record->service, QStringLiteral("inventory"));
    QCOMPARE(record->instance, QStringLiteral("inventory-2"));
    QCOMPARE(record->level, spdlog::level::warn);
    QCOMPARE(record->facility, 18); // local2
    QTRY_VERIFY_WITH_TIMEOUT(
        m_bed.metric(QStringLiteral("flightdeck_logintake_records_total"), { { "transport", "tcp" } }) >= 1, 5000);
}

QTEST_GUILESS_MAIN(TestRsyslogForward)
#include "tst_rsyslogforward.moc"
