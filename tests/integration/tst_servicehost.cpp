#include "httptestclient.h"
#include "runtime/servicehost.h"
#include "testservice.h"

#include <memory>
#include <QElapsedTimer>
#include <QFutureWatcher>
#include <QJsonObject>
#include <QtConcurrent/QtConcurrentRun>
#include <QTcpServer>
#include <QTest>

namespace {

std::unique_ptr<ServiceHost> makeHost(const QString &id, HttpLimits limits = {}, HttpAccessPolicy access = {})
{
    ServiceHostConfig config;
    config.serviceName = QStringLiteral("test");
    config.instanceId = id;
    config.limits = limits;
    config.access = access;
    return std::make_unique<ServiceHost>(config, [] { return std::make_unique<TestService>(); });
}

QUrl urlOf(const ServiceHost &host, const QString &path)
{
    auto url = host.baseUrl();
    url.setPath(path.section(QLatin1Char('?'), 0, 0));
    if (path.contains(QLatin1Char('?')))
        url.setQuery(path.section(QLatin1Char('?'), 1));
    return url;
}

} // namespace

class TestServiceHost : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void twoHostsServeHealthConcurrently();
    void stopFinishesInFlightRequest();
    void drainDeadlineCutsSlowRequests();
    void stoppedHostRefusesConnections();
    void portInUseIsAClearError();
    void nonLoopbackBindNeedsToken();
    void oversizedBodyGets413();
    void oversizedHeadersGet431();
    void chunkedBodyGets411();
    void tricklingClientIsDropped();
    void idleKeepAliveConnectionIsClosed();
    void connectionCloseIsHonoured();
    void keepAliveServesManyRequests();
    void connectionCapRefusesExtraConnections();
    void unknownRouteAndMethodGiveJsonErrors();
    void writeRoutesNeedTheToken();
};

void TestServiceHost::twoHostsServeHealthConcurrently()
{
    auto first = makeHost(QStringLiteral("test-1"));
    auto second = makeHost(QStringLiteral("test-2"));
    QString error;
    QVERIFY2(first->start(&error), qPrintable(error));
    QVERIFY2(second->start(&error), qPrintable(error));
    QVERIFY(first->port() != second->port());

    // Hit both from worker threads at the same time, so the two instances really serve in parallel.
    auto hammer = [](QUrl url) {
        int ok = 0;
        for (int i = 0; i < 50; ++i)
            ok += TestHttp::get(url).status == 200 ? 1 : 0;
        return ok;
    };
    auto a = QtConcurrent::run(hammer, urlOf(*first, QStringLiteral("/health")));
    auto b = QtConcurrent::run(hammer, urlOf(*second, QStringLiteral("/health")));
    QCOMPARE(a.result(), 50);
    QCOMPARE(b.result(), 50);

    const auto health = TestHttp::get(urlOf(*second, QStringLiteral("/health")));
    QCOMPARE(health.json().value(QStringLiteral("status")).toString(), QStringLiteral("passing"));
    QCOMPARE(health.json().value(QStringLiteral("instance")).toString(), QStringLiteral("test-2"));
}

void TestServiceHost::stopFinishesInFlightRequest()
{
    auto host = makeHost(QStringLiteral("test-drain"));
    QVERIFY(host->start());
    const auto url = urlOf(*host, QStringLiteral("/slow?ms=700"));
    auto pending = QtConcurrent::run([url] { return TestHttp::get(url, 5000); });
    QTest::qWait(200); // let the request reach the server before the stop is requested
    QElapsedTimer timer;
    timer.start();
    host->stop();
    const auto response = pending.result();
    QCOMPARE(response.status, 200);
    QCOMPARE(response.json().value(QStringLiteral("slept")).toBool(), true);
    QVERIFY2(timer.elapsed() >= 300, "stop returned before the in-flight request was answered");
    QVERIFY(!host->isRunning());
}

void TestServiceHost::drainDeadlineCutsSlowRequests()
{
    HttpLimits limits;
    limits.drainTimeoutMs = 300;
    auto host = makeHost(QStringLiteral("test-drain-deadline"), limits);
    QVERIFY(host->start());
    const auto url = urlOf(*host, QStringLiteral("/slow?ms=3000"));
    auto pending = QtConcurrent::run([url] { return TestHttp::get(url, 6000); });
    QTest::qWait(200);
    QElapsedTimer timer;
    timer.start();
    host->stop();
    // The stop waited for the deadline, not for the slow handler; the request was cut, not answered.
    QVERIFY2(timer.elapsed() >= 250 && timer.elapsed() < 2500, qPrintable(QString::number(timer.elapsed())));
    QCOMPARE(pending.result().status, 0);
    QVERIFY(!host->isRunning());
}

void TestServiceHost::stoppedHostRefusesConnections()
{
    auto host = makeHost(QStringLiteral("test-stop"));
    QVERIFY(host->start());
    const auto port = host->port();
    QVERIFY(TestHttp::canConnect(port));
    host->stop();
    QVERIFY(!TestHttp::canConnect(port));
    QCOMPARE(TestHttp::get(QUrl(QStringLiteral("http://127.0.0.1:%1/health").arg(port)), 1000).status, 0);
}

void TestServiceHost::portInUseIsAClearError()
{
    QTcpServer occupier;
    QVERIFY(occupier.listen(QHostAddress::LocalHost, 0));
    ServiceHostConfig config;
    config.serviceName = QStringLiteral("test");
    config.instanceId = QStringLiteral("test-busy");
    config.port = occupier.serverPort();
    ServiceHost host(config, [] { return std::make_unique<TestService>(); });
    QString error;
    QVERIFY(!host.start(&error));
    QVERIFY(!host.isRunning());
    QVERIFY2(error.contains(QString::number(occupier.serverPort())), qPrintable(error));
    QVERIFY2(error.contains(QStringLiteral("in use"), Qt::CaseInsensitive), qPrintable(error));
}

void TestServiceHost::nonLoopbackBindNeedsToken()
{
    ServiceHostConfig config;
    config.serviceName = QStringLiteral("test");
    config.address = QHostAddress::AnyIPv4;
    ServiceHost host(config, [] { return std::make_unique<TestService>(); });
    QString error;
    QVERIFY(!host.start(&error));
    QVERIFY2(error.contains(QStringLiteral("token")), qPrintable(error));
}

void TestServiceHost::oversizedBodyGets413()
{
    HttpLimits limits;
    limits.maxBodyBytes = 1024;
    auto host = makeHost(QStringLiteral("test-413"), limits);
    QVERIFY(host->start());
    const QByteArray body(4096, 'x');
    const auto reply
        = TestHttp::rawExchange(host->port(), "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 4096\r\n\r\n" + body);
    QCOMPARE(TestHttp::statusOf(reply), 413);
    QVERIFY(reply.contains("\"code\":\"body_too_large\""));
    // The instance is fine afterwards, and a body within the limit is echoed.
    const auto ok = TestHttp::request("POST", urlOf(*host, QStringLiteral("/echo")), QByteArray(1000, 'y'));
    QCOMPARE(ok.status, 200);
    QCOMPARE(ok.body.size(), 1000);
}

void TestServiceHost::oversizedHeadersGet431()
{
    HttpLimits limits;
    limits.maxHeaderBytes = 2048;
    auto host = makeHost(QStringLiteral("test-431"), limits);
    QVERIFY(host->start());
    const auto reply
        = TestHttp::rawExchange(host->port(), "GET /health HTTP/1.1\r\nX-Big: " + QByteArray(4000, 'a') + "\r\n\r\n");
    QCOMPARE(TestHttp::statusOf(reply), 431);
    QCOMPARE(TestHttp::get(urlOf(*host, QStringLiteral("/health"))).status, 200);
}

void TestServiceHost::chunkedBodyGets411()
{
    auto host = makeHost(QStringLiteral("test-411"));
    QVERIFY(host->start());
    const auto reply = TestHttp::rawExchange(
        host->port(), "POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n");
    QCOMPARE(TestHttp::statusOf(reply), 411);
}

void TestServiceHost::tricklingClientIsDropped()
{
    HttpLimits limits;
    limits.requestTimeoutMs = 300;
    auto host = makeHost(QStringLiteral("test-408"), limits);
    QVERIFY(host->start());
    // Half a request line, then silence: the server must answer 408 and close, not wait forever.
    QElapsedTimer timer;
    timer.start();
    const auto reply = TestHttp::rawExchange(host->port(), "GET /hea", 3000, false);
    QCOMPARE(TestHttp::statusOf(reply), 408);
    QVERIFY(timer.elapsed() < 2500);
}

void TestServiceHost::idleKeepAliveConnectionIsClosed()
{
    HttpLimits limits;
    limits.idleTimeoutMs = 300;
    auto host = makeHost(QStringLiteral("test-idle"), limits);
    QVERIFY(host->start());
    // A keep-alive request is answered; then the connection sits idle and only the server can end the
    // exchange before the 4 s deadline.
    QElapsedTimer timer;
    timer.start();
    const auto reply = TestHttp::rawExchange(host->port(), "GET /health HTTP/1.1\r\nHost: x\r\n\r\n", 4000, false);
    QCOMPARE(TestHttp::statusOf(reply), 200);
    QVERIFY2(timer.elapsed() < 3000, "the idle keep-alive connection was not closed");
    QVERIFY(timer.elapsed() >= 250);
    QCOMPARE(host->isRunning(), true);
    QTRY_COMPARE_WITH_TIMEOUT(TestHttp::get(urlOf(*host, QStringLiteral("/health"))).status, 200, 3000);
}

void TestServiceHost::connectionCloseIsHonoured()
{
    auto host = makeHost(QStringLiteral("test-close"));
    QVERIFY(host->start());
    QElapsedTimer timer;
    timer.start();
    // stopAfterResponse=false: only the server closing the connection ends this exchange early.
    const auto reply = TestHttp::rawExchange(
        host->port(), "GET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", 3000, false);
    QCOMPARE(TestHttp::statusOf(reply), 200);
    QVERIFY(reply.contains("Connection: close"));
    QVERIFY2(timer.elapsed() < 2000, "server kept the connection open");
    const auto http10 = TestHttp::rawExchange(host->port(), "GET /health HTTP/1.0\r\n\r\n", 3000, false);
    QCOMPARE(TestHttp::statusOf(http10), 200);
}

void TestServiceHost::keepAliveServesManyRequests()
{
    auto host = makeHost(QStringLiteral("test-keepalive"));
    QVERIFY(host->start());
    QByteArray pipeline;
    for (int i = 0; i < 5; ++i)
        pipeline += "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello";
    pipeline += "GET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";
    const auto reply = TestHttp::rawExchange(host->port(), pipeline, 3000, false);
    QCOMPARE(reply.count("HTTP/1.1 200 OK"), 6);
    QCOMPARE(reply.count("hello"), 5);
}

void TestServiceHost::connectionCapRefusesExtraConnections()
{
    HttpLimits limits;
    limits.maxConnections = 2;
    auto host = makeHost(QStringLiteral("test-cap"), limits);
    QVERIFY(host->start());
    QTcpSocket a, b;
    a.connectToHost(QHostAddress::LocalHost, host->port());
    b.connectToHost(QHostAddress::LocalHost, host->port());
    QVERIFY(a.waitForConnected(1000) && b.waitForConnected(1000));
    QTest::qWait(100);
    const auto third = TestHttp::rawExchange(host->port(), "GET /health HTTP/1.1\r\n\r\n", 2000, false);
    QCOMPARE(TestHttp::statusOf(third), 503);
    a.close();
    b.close();
    QTRY_COMPARE_WITH_TIMEOUT(TestHttp::get(urlOf(*host, QStringLiteral("/health"))).status, 200, 3000);
}

void TestServiceHost::unknownRouteAndMethodGiveJsonErrors()
{
    auto host = makeHost(QStringLiteral("test-404"));
    QVERIFY(host->start());
    const auto missing = TestHttp::get(urlOf(*host, QStringLiteral("/nope")));
    QCOMPARE(missing.status, 404);
    QCOMPARE(missing.json().value(QStringLiteral("error")).toObject().value(QStringLiteral("code")).toString(),
        QStringLiteral("not_found"));
    const auto wrongMethod = TestHttp::request("DELETE", urlOf(*host, QStringLiteral("/health")));
    QCOMPARE(wrongMethod.status, 405);
    QCOMPARE(wrongMethod.header("Allow"), QByteArray("GET"));
    const auto param = TestHttp::get(urlOf(*host, QStringLiteral("/items/sku-42")));
    QCOMPARE(param.json().value(QStringLiteral("id")).toString(), QStringLiteral("sku-42"));
}

void TestServiceHost::writeRoutesNeedTheToken()
{
    HttpAccessPolicy access;
    access.token = "s3cret-token";
    auto host = makeHost(QStringLiteral("test-auth"), {}, access);
    QVERIFY(host->start());
    const auto url = urlOf(*host, QStringLiteral("/write"));
    QCOMPARE(TestHttp::request("POST", url, "{}").status, 401);
    QCOMPARE(TestHttp::request("POST", url, "{}", { { "Authorization", "Bearer wrong" } }).status, 403);
    QCOMPARE(TestHttp::request("POST", url, "{}", { { "Authorization", "Bearer s3cret-token" } }).status, 200);
    QCOMPARE(TestHttp::request("POST", url, "{}", { { "X-Consul-Token", "s3cret-token" } }).status, 200);
    // Reads stay open.
    QCOMPARE(TestHttp::get(urlOf(*host, QStringLiteral("/health"))).status, 200);
}

QTEST_GUILESS_MAIN(TestServiceHost)
#include "tst_servicehost.moc"
