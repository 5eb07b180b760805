// The real flightdeck executable's argument checking: every malformed option is refused with exit code 2
// and a message naming the option, before anything starts (no port is opened, no data dir is written).
#include "testprocess.h"

#include <QDir>
#include <QTemporaryDir>
#include <QTest>

class TestCommandLine : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void badArgumentsAreRefused_data();
    void badArgumentsAreRefused();
    void helpListsTheOptions();

private:
    QTemporaryDir m_dataDir;
};

void TestCommandLine::badArgumentsAreRefused_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("message");
    QTest::newRow("unknown option") << QStringList { "--no-such-option" } << "no-such-option";
    QTest::newRow("cart instances 0") << QStringList { "--cart-instances", "0" } << "--cart-instances";
    QTest::newRow("cart instances text") << QStringList { "--cart-instances", "many" } << "--cart-instances";
    QTest::newRow("cart port 0") << QStringList { "--cart-port", "0" } << "--cart-port";
    QTest::newRow("cart port too big") << QStringList { "--cart-port", "70000" } << "--cart-port";
    QTest::newRow("window size tiny") << QStringList { "--window-size", "10x10" } << "--window-size";
    QTest::newRow("window size garbage") << QStringList { "--window-size", "wide" } << "--window-size";
    QTest::newRow("select empty") << QStringList { "--select", " " } << "--select";
    QTest::newRow("screenshot delay negative")
        << QStringList { "--screenshot", "x.png", "--screenshot-delay", "-1" } << "--screenshot-delay";
    QTest::newRow("screenshot headless") << QStringList { "--screenshot", "x.png", "--headless" } << "--screenshot";
    QTest::newRow("bind garbage") << QStringList { "--bind", "not-an-address" } << "--bind";
    QTest::newRow("registry scheme") << QStringList { "--registry", "ftp://127.0.0.1:1" } << "--registry";
    QTest::newRow("log level") << QStringList { "--log-level", "loud" } << "--log-level";
    QTest::newRow("body limit") << QStringList { "--max-body-bytes", "-5" } << "--max-body-bytes";
    QTest::newRow("log port too big") << QStringList { "--log-port", "70000" } << "--log-port";
    QTest::newRow("log port text") << QStringList { "--log-port", "syslog" } << "--log-port";
}

void TestCommandLine::badArgumentsAreRefused()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, message);
    const QString dataDir = m_dataDir.filePath(QStringLiteral("never-created"));
    const auto result = TestProcess::run(TestProcess::env("FLIGHTDECK_BINARY"),
        QStringList { QStringLiteral("--data-dir"), dataDir } + arguments, 20000);
    QVERIFY2(result.finished, qPrintable(result.describe()));
    QCOMPARE(result.exitCode, 2);
    QVERIFY2(QString::fromUtf8(result.err).contains(message), qPrintable(result.describe()));
    QVERIFY2(!QDir(dataDir).exists(), "a refused command line must not create the data dir");
}

void TestCommandLine::helpListsTheOptions()
{
    const auto result = TestProcess::run(TestProcess::env("FLIGHTDECK_BINARY"), { QStringLiteral("--help") }, 20000);
    QVERIFY2(result.ok(), qPrintable(result.describe()));
    const QString text = QString::fromUtf8(result.out);
    for (const auto *option :
        { "--headless", "--data-dir", "--select", "--screenshot", "--export-report", "--token", "--log-port" })
        QVERIFY2(text.contains(QLatin1String(option)), option);
}

QTEST_GUILESS_MAIN(TestCommandLine)
#include "tst_commandline.moc"
