#include "appprocess.h"
#include "httptestclient.h"

#include <array>
#include <functional>
#include <memory>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>
#include <vector>

// kill -9 of the whole app while 64 clients write carts and 16 write registry keys, then a restart on the
// same data dir: every write that was acknowledged is there, nothing that was never sent is, and no
// update is half applied. Several rounds, each killed at a different (seeded random) moment.
class TestCrashSafety : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void acknowledgedWritesSurviveKill();
};

namespace {

constexpr int cartWriters = 64;
constexpr int kvWriters = 16;
constexpr int rounds = 5;
const char *const items[] = { "sku-1001", "sku-1002" };

// One keep-alive connection sending one request at a time, counting what it sent and what got a 2xx.
// The request for the n-th write comes from make(n); it stops at the first error or when the peer dies.
class Writer : public QObject
{
public:
    Writer(quint16 port, std::function<QByteArray(int)> make, std::function<void(int, int)> answered)
        : m_make(std::move(make))
        , m_answered(std::move(answered))
    {
        connect(&m_socket, &QTcpSocket::connected, this, [this] { sendNext(); });
        connect(&m_socket, &QTcpSocket::readyRead, this, [this] { onRead(); });
        m_socket.connectToHost(QHostAddress::LocalHost, port);
    }
    int sent() const { return m_sent; }

private:
    void sendNext()
    {
        m_socket.write(m_make(m_sent));
        ++m_sent;
    }
    void onRead()
    {
        m_buffer += m_socket.readAll();
        const auto end = m_buffer.indexOf("\r\n\r\n");
        if (end < 0)
            return;
        const auto head = m_buffer.left(end).toLower();
        const auto marker = head.indexOf("content-length:");
        const qint64 length
            = marker < 0 ? 0 : head.mid(marker + 15, head.indexOf("\r\n", marker) - marker - 15).trimmed().toLongLong();
        if (m_buffer.size() < end + 4 + length)
            return;
        const int status = TestHttp::statusOf(m_buffer);
        m_buffer.remove(0, end + 4 + length);
        m_answered(m_sent - 1, status);
        if (status >= 200 && status < 300)
            sendNext();
        else
            m_socket.abort();
    }

    QTcpSocket m_socket;
    std::function<QByteArray(int)> m_make;
    std::function<void(int, int)> m_answered;
    QByteArray m_buffer;
    int m_sent = 0;
};

QByteArray request(const QByteArray &method, const QByteArray &path, const QByteArray &body)
{
    return method + ' ' + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: "
        + QByteArray::number(body.size()) + "\r\n\r\n" + body;
}

// A KV value whose every byte depends on n, so a torn or mixed value cannot pass for a whole one.
QByteArray kvValue(int n)
{
    QByteArray value = QByteArray::number(n) + ':';
    for (int i = 0; i < 300; ++i)
        value += char('a' + (n * 7 + i) % 26);
    return value;
}

QUrl url(quint16 port, const QString &path)
{
    return QUrl(QStringLiteral("http://127.0.0.1:%1%2").arg(port).arg(path));
}

} // namespace

void TestCrashSafety::acknowledgedWritesSurviveKill()
{
    QTemporaryDir dir;
    AppProcess app(dir.path());
    const QStringList arguments { QStringLiteral("--cart-instances"), QStringLiteral("1") };
    QVERIFY2(app.start(arguments), qPrintable(app.describe()));
    auto random = QRandomGenerator(20261125);
    QElapsedTimer total;
    total.start();
    qint64 totalAcked = 0;

    for (int round = 0; round < rounds; ++round) {
        // Each writer owns a cart, created before the storm.
        QStringList carts;
        for (int w = 0; w < cartWriters; ++w) {
            carts.append(QStringLiteral("crash-%1-%2").arg(round).arg(w));
            const auto created = TestHttp::request("POST", url(app.cartPort(), QStringLiteral("/carts")),
                QStringLiteral(R"({"id":"%1"})").arg(carts.last()).toUtf8());
            QVERIFY2(created.status == 201, created.body.constData());
        }

        // acked[w][item]: adds answered 2xx; the n-th write of writer w adds one of items[n % 2].
        std::vector<std::array<int, 2>> acked(cartWriters, { 0, 0 });
        std::vector<int> kvAcked(kvWriters, -1); // highest n acknowledged
        std::vector<std::unique_ptr<Writer>> writers;
        int answers = 0;
        for (int w = 0; w < cartWriters; ++w) {
            const QByteArray path = "/carts/" + carts.at(w).toUtf8() + "/items";
            writers.push_back(std::make_unique<Writer>(
                app.cartPort(),
                [path](int n) {
                    return request("POST", path, QByteArray(R"({"item_id":")") + items[n % 2] + R"(","quantity":1})");
                },
                [&acked, &answers, w](int n, int status) {
                    ++answers;
                    if (status >= 200 && status < 300)
                        ++acked[w][n % 2];
                }));
        }
        for (int w = 0; w < kvWriters; ++w) {
            const QByteArray path = QStringLiteral("/v1/kv/crash/%1/%2").arg(round).arg(w).toUtf8();
            writers.push_back(std::make_unique<Writer>(
                app.registryPort(), [path](int n) { return request("PUT", path, kvValue(n)); },
                [&kvAcked, &answers, w](int n, int status) {
                    ++answers;
                    if (status >= 200 && status < 300)
                        kvAcked[w] = std::max(kvAcked[w], n);
                }));
        }
        // Kill at a random moment once the writes are flowing.
        const int killAfterMs = 150 + int(random.bounded(900));
        QTRY_VERIFY_WITH_TIMEOUT(answers > cartWriters, 10000);
        QTest::qWait(killAfterMs);
        app.kill();
        QTest::qWait(50); // let the writers see their connections die
        std::vector<int> sent;
        for (const auto &writer : writers)
            sent.push_back(writer->sent());
        writers.clear();

        QVERIFY2(app.start(arguments), qPrintable(app.describe()));
        for (int w = 0; w < cartWriters; ++w) {
            const auto cart = TestHttp::get(url(app.cartPort(), QStringLiteral("/carts/%1").arg(carts.at(w))));
            QVERIFY2(cart.status == 200,
                qPrintable(QStringLiteral("round %1: %2 missing after restart").arg(round).arg(carts.at(w))));
            const auto body = cart.json();
            qint64 applied = 0;
            for (int i = 0; i < 2; ++i) {
                qint64 quantity = 0;
                for (const auto &line : body.value(QStringLiteral("items")).toArray())
                    if (line.toObject().value(QStringLiteral("item_id")).toString() == QLatin1String(items[i]))
                        quantity = line.toObject().value(QStringLiteral("quantity")).toInteger();
                const int sentOfItem = sent[w] / 2 + (i == 0 ? sent[w] % 2 : 0);
                QVERIFY2(quantity >= acked[w][i],
                    qPrintable(QStringLiteral("round %1, %2, %3: %4 acknowledged adds but quantity %5")
                                   .arg(round)
                                   .arg(carts.at(w), QLatin1String(items[i]))
                                   .arg(acked[w][i])
                                   .arg(quantity)));
                QVERIFY2(quantity <= sentOfItem,
                    qPrintable(QStringLiteral("round %1, %2: quantity %3 > %4 sent")
                                   .arg(round)
                                   .arg(carts.at(w))
                                   .arg(quantity)
                                   .arg(sentOfItem)));
                applied += quantity;
                totalAcked += acked[w][i];
            }
            // Each add bumps the version once in the same transaction as its line: version 1 (created) + adds.
            QCOMPARE(body.value(QStringLiteral("version")).toInteger(), 1 + applied);
        }
        for (int w = 0; w < kvWriters; ++w) {
            const auto value
                = TestHttp::get(url(app.registryPort(), QStringLiteral("/v1/kv/crash/%1/%2?raw").arg(round).arg(w)));
            if (kvAcked[w] < 0 && value.status == 404)
                continue; // nothing acknowledged, nothing written: fine
            QVERIFY2(value.status == 200, qPrintable(QStringLiteral("round %1: key %2 lost").arg(round).arg(w)));
            const int n = value.body.left(value.body.indexOf(':')).toInt();
            QCOMPARE(value.body, kvValue(n)); // whole, not torn
            QVERIFY2(n >= kvAcked[w] && n < sent[cartWriters + w],
                qPrintable(QStringLiteral("round %1, key %2: value %3, acknowledged %4, sent %5")
                               .arg(round)
                               .arg(w)
                               .arg(n)
                               .arg(kvAcked[w])
                               .arg(sent[cartWriters + w])));
        }
        QVERIFY2(total.elapsed() < 60000, "the crash rounds took too long");
    }
    qInfo("%d rounds, %lld acknowledged cart adds checked in %lld ms", rounds, totalAcked, total.elapsed());
    QVERIFY(totalAcked > 0);
    QVERIFY(app.terminate());
}

QTEST_GUILESS_MAIN(TestCrashSafety)
#include "tst_crashsafety.moc"
