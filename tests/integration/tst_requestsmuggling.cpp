// Requests whose framing two HTTP readers could see differently (RFC 9112 §6.3, §11.2): the guard in front of
// QHttpServer's parser must answer 400 (411 for a well-framed chunked body) with the JSON error shape, close
// the connection, and never let the bytes after the ambiguity run as a second request. Each case carries a
// smuggled "POST /cart" that would add an item to the default cart; the cart must stay empty.
#include "httptestclient.h"
#include "runtime/fleet.h"
#include "runtime/servicehost.h"
#include "runtime/shopfleet.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

namespace {

const QByteArray kSmuggledBody = R"({"item_id":"sku-1001","quantity":7})";
const QByteArray kSmuggled = "POST /cart HTTP/1.1\r\nHost: shop\r\nContent-Type: application/json\r\nContent-Length: "
    + QByteArray::number(kSmuggledBody.size()) + "\r\n\r\n" + kSmuggledBody;
const QByteArray kSmuggledLength = QByteArray::number(kSmuggled.size());

using Outcome = TestHttp::RawOutcome;

Outcome exchange(quint16 port, const QByteArray &bytes)
{
    return TestHttp::rawConversation(port, bytes, 5000, false);
}

} // namespace

class TestRequestSmuggling : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void ambiguousFramingIsRefused_data();
    void ambiguousFramingIsRefused();
    void wellFramedRequestsStillWork();

private:
    QUrl cartUrl() const;
    int defaultCartLines() const;

    QTemporaryDir m_dir;
    std::unique_ptr<Fleet> m_fleet;
    ShopFleetHosts m_shop;
};

QUrl TestRequestSmuggling::cartUrl() const
{
    auto url = m_shop.carts.first()->baseUrl();
    url.setPath(QStringLiteral("/cart"));
    return url;
}

int TestRequestSmuggling::defaultCartLines() const
{
    const auto reply = TestHttp::get(cartUrl());
    return reply.status == 200 ? int(reply.json().value(QStringLiteral("items")).toArray().size()) : -1;
}

void TestRequestSmuggling::initTestCase()
{
    QVERIFY(m_dir.isValid());
    m_fleet = std::make_unique<Fleet>();
    ShopFleetOptions shop;
    shop.cartDatabase = m_dir.filePath(QStringLiteral("carts.sqlite"));
    shop.cartPort = 0;
    shop.cartInstances = 1;
    shop.catalogInstances = 1;
    shop.trafficRate = 0; // paused: every cart write would be ours
    m_shop = addShopFleet(*m_fleet, shop);
    QString error;
    QVERIFY2(m_fleet->startAll(&error), qPrintable(error));
    QCOMPARE(defaultCartLines(), 0);
}

void TestRequestSmuggling::cleanupTestCase()
{
    m_fleet.reset();
}

void TestRequestSmuggling::ambiguousFramingIsRefused_data()
{
    QTest::addColumn<QByteArray>("request");
    QTest::addColumn<int>("status");
    const QByteArray get = "GET /cart HTTP/1.1\r\nHost: shop\r\n";
    QTest::newRow("two different Content-Length")
        << get + "Content-Length: 0\r\nContent-Length: " + kSmuggledLength + "\r\n\r\n" + kSmuggled << 400;
    QTest::newRow("two different Content-Length, longer first")
        << get + "Content-Length: " + kSmuggledLength + "\r\nContent-Length: 0\r\n\r\n" + kSmuggled << 400;
    QTest::newRow("two equal Content-Length") << get + "Content-Length: " + kSmuggledLength
            + "\r\nContent-Length: " + kSmuggledLength + "\r\n\r\n"
            + kSmuggled << 400;
    QTest::newRow("Content-Length list") << get + "Content-Length: 0, " + kSmuggledLength + "\r\n\r\n" + kSmuggled
                                         << 400;
    QTest::newRow("Content-Length with a sign") << get + "Content-Length: +0\r\n\r\n" + kSmuggled << 400;
    QTest::newRow("negative Content-Length") << get + "Content-Length: -1\r\n\r\n" + kSmuggled << 400;
    QTest::newRow("hex Content-Length") << get + "Content-Length: 0x0\r\n\r\n" + kSmuggled << 400;
    QTest::newRow("Content-Length with trailing text") << get + "Content-Length: 0 bytes\r\n\r\n" + kSmuggled << 400;
    QTest::newRow("empty Content-Length") << get + "Content-Length:\r\n\r\n" + kSmuggled << 400;
    QTest::newRow("Transfer-Encoding with Content-Length")
        << get + "Content-Length: " + kSmuggledLength + "\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n" + kSmuggled
        << 400;
    QTest::newRow("Transfer-Encoding not chunked last")
        << get + "Transfer-Encoding: chunked, identity\r\n\r\n0\r\n\r\n" + kSmuggled << 400;
    QTest::newRow("Transfer-Encoding gzip") << get + "Transfer-Encoding: gzip\r\n\r\n" + kSmuggled << 400;
    QTest::newRow("obsolete line folding")
        << get + "X-Note: a\r\n Content-Length: " + kSmuggledLength + "\r\n\r\n" + kSmuggled << 400;
    QTest::newRow("tab line folding") << get + "X-Note: a\r\n\tContent-Length: 0\r\n\r\n" + kSmuggled << 400;
    QTest::newRow("space before the colon")
        << get + "Content-Length : " + kSmuggledLength + "\r\n\r\n" + kSmuggled << 400;
    QTest::newRow("tab before the colon") << get + "Content-Length\t: 0\r\n\r\n" + kSmuggled << 400;
    QTest::newRow("invalid header name") << get + "X[Note]: a\r\n\r\n" + kSmuggled << 400;
    QTest::newRow("bare LF line ends") << QByteArray("GET /cart HTTP/1.1\nHost: shop\nContent-Length: 0\n\n")
            + kSmuggled << 400;
    QTest::newRow("bare LF inside the headers")
        << get + "X-Note: a\nContent-Length: " + kSmuggledLength + "\r\n\r\n" + kSmuggled << 400;
    QTest::newRow("two Host") << get + "Host: other\r\nContent-Length: 0\r\n\r\n" + kSmuggled << 400;
    // Well framed, but chunked bodies are not accepted: still refused and closed.
    QTest::newRow("chunked") << get + "Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n" + kSmuggled << 411;
}

void TestRequestSmuggling::ambiguousFramingIsRefused()
{
    QFETCH(QByteArray, request);
    QFETCH(int, status);
    const auto outcome = exchange(m_shop.carts.first()->port(), request);
    QVERIFY2(outcome.closed, "the connection stayed open after a refusal");
    QCOMPARE(TestHttp::statusOf(outcome.reply), status);
    QCOMPARE(outcome.reply.count("HTTP/1.1 "), 1); // one answer: nothing after the refusal ran
    const auto body = outcome.reply.mid(outcome.reply.indexOf("\r\n\r\n") + 4);
    const auto json = QJsonDocument::fromJson(body).object();
    QVERIFY2(json.value(QStringLiteral("error")).toObject().value(QStringLiteral("code")).isString(), body.constData());
    QCOMPARE(defaultCartLines(), 0);
}

void TestRequestSmuggling::wellFramedRequestsStillWork()
{
    // Two requests pipelined on one connection, each framed once and plainly: both run.
    const QByteArray body = R"({"item_id":"sku-1002","quantity":2})";
    const QByteArray post = "POST /cart HTTP/1.1\r\nHost: shop\r\nContent-Type: application/json\r\nContent-Length: "
        + QByteArray::number(body.size()) + "\r\n\r\n" + body;
    const auto outcome = exchange(
        m_shop.carts.first()->port(), post + "GET /cart HTTP/1.1\r\nHost: shop\r\nConnection: close\r\n\r\n");
    QCOMPARE(outcome.reply.count("HTTP/1.1 200"), 2);
    QCOMPARE(defaultCartLines(), 1);
}

QTEST_GUILESS_MAIN(TestRequestSmuggling)
#include "tst_requestsmuggling.moc"
