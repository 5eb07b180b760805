// The real flightdeck binary, headless: --log-port starts the intake, registers it in the embedded registry
// with its ports, and records shipped to it are taken in (counted on its /metrics); --log-port 0 has none.
#include "appprocess.h"
#include "httptestclient.h"
#include "testhosts.h"

#include <QDeadlineTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>
#include <QUdpSocket>

namespace {

// A port free for both UDP and TCP, with the next one free for TCP too (the intake's HTTP port).
quint16 freeLogPort()
{
    for (int attempt = 0; attempt < 50; ++attempt) {
        const quint16 port = TestHosts::freePort();
        QUdpSocket udp;
        if (port != 0 && port < 65535 && udp.bind(QHostAddress::LocalHost, port)
            && !TestHttp::canConnect(port + 1, 200))
            return port;
    }
    return 0;
}

QJsonArray catalogEntries(quint16 registryPort)
{
    const auto reply = TestHttp::get(
        QUrl(QStringLiteral("http://127.0.0.1:%1/v1/catalog/service/flightdeck-logs").arg(registryPort)));
    return QJsonDocument::fromJson(reply.body).array();
}

} // namespace

class TestLogIntakeApp : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void logPortStartsAnAdvertisedIntake();
    void logPortZeroIsOff();
};

void TestLogIntakeApp::logPortStartsAnAdvertisedIntake()
{
    QTemporaryDir dir;
    AppProcess app(dir.path());
    const quint16 logPort = freeLogPort();
    QVERIFY(logPort != 0);
    QVERIFY2(app.start({ QStringLiteral("--log-port"), QString::number(logPort) }), qPrintable(app.describe()));
    QTRY_VERIFY_WITH_TIMEOUT(!catalogEntries(app.registryPort()).isEmpty(), 10000);
    const auto meta
        = catalogEntries(app.registryPort()).at(0).toObject().value(QStringLiteral("ServiceMeta")).toObject();
    QCOMPARE(meta.value(QStringLiteral("syslog_udp")).toString(), QString::number(logPort));
    QCOMPARE(meta.value(QStringLiteral("syslog_tcp")).toString(), QString::number(logPort));
    QCOMPARE(meta.value(QStringLiteral("http")).toString(), QString::number(logPort + 1));

    QUdpSocket socket;
    socket.writeDatagram("<14>cart-1: shipped from outside", QHostAddress::LocalHost, logPort);
    const QUrl metrics(QStringLiteral("http://127.0.0.1:%1/metrics").arg(logPort + 1));
    QTRY_VERIFY_WITH_TIMEOUT(
        TestHttp::get(metrics).body.contains("flightdeck_logintake_records_total{transport=\"udp\"} 1"), 10000);
    const auto json = TestHttp::request("POST", QUrl(QStringLiteral("http://127.0.0.1:%1/v1/logs").arg(logPort + 1)),
        R"({"msg": "json from outside", "service": "cart"})");
    QCOMPARE(json.status, 200);
    QCOMPARE(json.json().value(QStringLiteral("accepted")).toInt(), 1);
    QVERIFY2(app.terminate(), qPrintable(app.describe()));
}

void TestLogIntakeApp::logPortZeroIsOff()
{
    QTemporaryDir dir;
    AppProcess app(dir.path());
    QVERIFY2(app.start({ QStringLiteral("--log-port"), QStringLiteral("0") }), qPrintable(app.describe()));
    QTest::qWait(1000); // what an intake would need to register
    QVERIFY(catalogEntries(app.registryPort()).isEmpty());
    QVERIFY2(app.terminate(), qPrintable(app.describe()));
}

QTEST_GUILESS_MAIN(TestLogIntakeApp)
#include "tst_logintakeapp.moc"
