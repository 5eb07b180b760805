#include "appprocess.h"
#include "httptestclient.h"

#include <QDirIterator>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QHostAddress>
#include <QNetworkInterface>
#include <QTemporaryDir>
#include <QTest>

// The app binary's access and limit options end to end: what it refuses to start with, the token from
// each source protecting real writes (on a real non-loopback address when the machine has one), limits
// from the command line, and the token never showing up in any output or log.
class TestAppAccess : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void nonLoopbackBindWithoutTokenIsRefused();
    void openTokenFileIsRefused();
    void badLimitValuesAreRefused();
    void tokenFileAndLimitsApply();
    void nonLoopbackBindWithTokenFromEnvironment();

private:
    static QProcessEnvironment cleanEnvironment();
};

namespace {

QUrl urlOn(const QString &host, quint16 port, const QString &path)
{
    return QUrl(QStringLiteral("http://%1:%2%3").arg(host).arg(port).arg(path));
}

bool writeFile(const QString &path, const QByteArray &content, QFileDevice::Permissions permissions)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly) && file.write(content) == content.size() && file.setPermissions(permissions);
}

// Every byte the app left behind (logs, databases) plus what it printed, except the token file itself.
QByteArray everythingWritten(const QString &dataDir, AppProcess &app)
{
    QByteArray all = app.output();
    QDirIterator it(dataDir, QDir::Files, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const auto path = it.next();
        if (QFileInfo(path).fileName() == QLatin1String("token"))
            continue;
        QFile file(path);
        if (file.open(QIODevice::ReadOnly))
            all += file.readAll();
    }
    return all;
}

} // namespace

QProcessEnvironment TestAppAccess::cleanEnvironment()
{
    auto environment = QProcessEnvironment::systemEnvironment();
    environment.remove(QStringLiteral("FLIGHTDECK_TOKEN"));
    environment.remove(QStringLiteral("DISPLAY"));
    environment.remove(QStringLiteral("WAYLAND_DISPLAY"));
    return environment;
}

void TestAppAccess::nonLoopbackBindWithoutTokenIsRefused()
{
    QTemporaryDir dir;
    AppProcess app(dir.path());
    app.setEnvironment(cleanEnvironment());
    QVERIFY(app.start({ QStringLiteral("--bind"), QStringLiteral("0.0.0.0") }, false));
    QCOMPARE(app.waitForExit(), 1);
    QVERIFY2(app.output().contains("binding to 0.0.0.0 needs an access token"), qPrintable(app.describe()));
    QVERIFY(!TestHttp::canConnect(app.cartPort(), 300));
}

void TestAppAccess::openTokenFileIsRefused()
{
    QTemporaryDir dir;
    QVERIFY(writeFile(dir.filePath(QStringLiteral("token")), "open-secret-1\n",
        QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ReadGroup | QFileDevice::ReadOther));
    AppProcess app(dir.path());
    app.setEnvironment(cleanEnvironment());
    QVERIFY(app.start({}, false));
    QCOMPARE(app.waitForExit(), 1);
    QVERIFY2(app.output().contains("chmod 600"), qPrintable(app.describe()));
    QVERIFY(!app.output().contains("open-secret-1"));
}

void TestAppAccess::badLimitValuesAreRefused()
{
    QTemporaryDir dir;
    for (const auto &arguments : { QStringList { QStringLiteral("--max-body-bytes"), QStringLiteral("0") },
             QStringList { QStringLiteral("--max-connections"), QStringLiteral("lots") },
             QStringList { QStringLiteral("--request-timeout-ms"), QStringLiteral("-5") },
             QStringList { QStringLiteral("--bind"), QStringLiteral("not-an-address") } }) {
        AppProcess app(dir.path());
        QVERIFY(app.start(arguments, false));
        QCOMPARE(app.waitForExit(), 2);
        QVERIFY2(app.output().contains(arguments.first().toUtf8()), qPrintable(app.describe()));
    }
}

void TestAppAccess::tokenFileAndLimitsApply()
{
    QTemporaryDir dir;
    const QByteArray token = "file-token-93b1c7d0";
    QVERIFY(writeFile(
        dir.filePath(QStringLiteral("token")), token + "\n", QFileDevice::ReadOwner | QFileDevice::WriteOwner));
    AppProcess app(dir.path());
    app.setEnvironment(cleanEnvironment());
    QVERIFY2(app.start({ QStringLiteral("--cart-instances"), QStringLiteral("1"), QStringLiteral("--log-level"),
                 QStringLiteral("trace"), QStringLiteral("--max-body-bytes"), QStringLiteral("2048"),
                 QStringLiteral("--max-header-bytes"), QStringLiteral("1024"), QStringLiteral("--request-timeout-ms"),
                 QStringLiteral("400") }),
        qPrintable(app.describe()));
    const auto write = urlOn(QStringLiteral("127.0.0.1"), app.cartPort(), QStringLiteral("/cart"));
    const QByteArray body = R"({"item_id":"sku-1001","quantity":1})";
    QCOMPARE(TestHttp::request("POST", write, body).status, 401);
    QCOMPARE(TestHttp::request("POST", write, body, { { "Authorization", "Bearer nope" } }).status, 403);
    QCOMPARE(TestHttp::request("POST", write, body, { { "Authorization", "Bearer " + token } }).status, 200);
    QCOMPARE(
        TestHttp::request("PUT", urlOn(QStringLiteral("127.0.0.1"), app.registryPort(), QStringLiteral("/v1/kv/a")),
            "1", { { "X-Consul-Token", token } })
            .status,
        200);
    QCOMPARE(TestHttp::get(write).status, 200);

    // The limits given on the command line, not the defaults.
    const auto big = TestHttp::rawExchange(
        app.cartPort(), "POST /cart HTTP/1.1\r\nHost: x\r\nContent-Length: 4096\r\n\r\n" + QByteArray(4096, ' '));
    QCOMPARE(TestHttp::statusOf(big), 413);
    const auto headers
        = TestHttp::rawExchange(app.cartPort(), "GET /cart HTTP/1.1\r\nX-Pad: " + QByteArray(1500, 'p') + "\r\n\r\n");
    QCOMPARE(TestHttp::statusOf(headers), 431);
    QElapsedTimer timer;
    timer.start();
    const auto slow = TestHttp::rawExchange(app.cartPort(), "GET /ca", 5000, false);
    QCOMPARE(TestHttp::statusOf(slow), 408);
    QVERIFY(timer.elapsed() < 4000);

    QVERIFY2(app.terminate(), qPrintable(app.describe()));
    const auto written = everythingWritten(dir.path(), app);
    QVERIFY2(written.contains("require the access token"), "the log should say a token is in use");
    QVERIFY2(!written.contains(token), "the token appears in the output or the logs");
}

void TestAppAccess::nonLoopbackBindWithTokenFromEnvironment()
{
    QHostAddress external;
    for (const auto &address : QNetworkInterface::allAddresses()) {
        if (address.protocol() == QAbstractSocket::IPv4Protocol && !address.isLoopback()) {
            external = address;
            break;
        }
    }
    if (external.isNull())
        QSKIP("this machine has no non-loopback IPv4 address");
    QTemporaryDir dir;
    const QByteArray token = "env-token-5e2a88f4";
    auto environment = cleanEnvironment();
    environment.insert(QStringLiteral("FLIGHTDECK_TOKEN"), QString::fromLatin1(token));
    AppProcess app(dir.path());
    app.setEnvironment(environment);
    app.setHost(external.toString());
    QVERIFY2(app.start({ QStringLiteral("--bind"), external.toString(), QStringLiteral("--cart-instances"),
                 QStringLiteral("1"), QStringLiteral("--log-level"), QStringLiteral("trace") }),
        qPrintable(app.describe()));
    const auto host = external.toString();
    const auto add = urlOn(host, app.cartPort(), QStringLiteral("/carts"));
    QCOMPARE(TestHttp::request("POST", add, R"({"id":"remote-1"})").status, 401);
    QCOMPARE(
        TestHttp::request("POST", add, R"({"id":"remote-1"})", { { "Authorization", "Bearer wrong" } }).status, 403);
    QCOMPARE(
        TestHttp::request("POST", add, R"({"id":"remote-1"})", { { "Authorization", "Bearer " + token } }).status, 201);
    QCOMPARE(TestHttp::get(urlOn(host, app.cartPort(), QStringLiteral("/carts/remote-1"))).status, 200);
    // Only the given address listens.
    QVERIFY(!TestHttp::canConnect(app.cartPort(), 300));
    // The instances found each other through the registry on that address, with the token.
    QTRY_VERIFY_WITH_TIMEOUT(TestHttp::get(urlOn(host, app.registryPort(), QStringLiteral("/v1/health/service/cart")))
                                 .body.contains("cart-1"),
        10000);
    QVERIFY2(app.terminate(), qPrintable(app.describe()));
    QVERIFY2(!everythingWritten(dir.path(), app).contains(token), "the token appears in the output or the logs");
}

QTEST_GUILESS_MAIN(TestAppAccess)
#include "tst_appaccess.moc"
