#include "core/logging.h"
#include "telemetry/loghub.h"

#include <atomic>
#include <QDateTime>
#include <QTest>
#include <spdlog/spdlog.h>
#include <thread>

class TestLogHub : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void recordsCarryLevelTimeOriginAndMessage();
    void boundedUnderAFloodFromEightThreads();
    void batchesAreIncremental();
    void levelChangesAtRunTime();
    void origins_data();
    void origins();
};

void TestLogHub::initTestCase()
{
    Logging::Options options;
    options.console = false; // the flood must not go to the terminal
    options.level = spdlog::level::debug;
    Logging::init(QString(), options);
}

void TestLogHub::recordsCarryLevelTimeOriginAndMessage()
{
    auto hub = std::make_shared<LogHub>(16);
    Logging::addSink(hub);
    const qint64 before = QDateTime::currentMSecsSinceEpoch();
    Logging::get("cart-2")->warn("stock for {} is {}", "sku-1", 0);
    Logging::get("registry")->info("registered {}", "cart-2");
    Logging::removeSink(hub);
    Logging::get("registry")->info("not seen by the hub any more");

    const auto records = hub->recordsSince(0);
    QCOMPARE(records.size(), 2);
    QCOMPARE(records[0].seq, quint64(1));
    QCOMPARE(records[0].level, spdlog::level::warn);
    QCOMPARE(records[0].logger, QStringLiteral("cart-2"));
    QCOMPARE(records[0].service, QStringLiteral("cart"));
    QCOMPARE(records[0].instance, QStringLiteral("cart-2"));
    QCOMPARE(records[0].message, QStringLiteral("stock for sku-1 is 0"));
    QVERIFY(records[0].timeMs >= before && records[0].timeMs <= QDateTime::currentMSecsSinceEpoch());
    QCOMPARE(records[1].service, QStringLiteral("registry"));
    QVERIFY(records[1].instance.isEmpty());
    QCOMPARE(hub->latestSeq(), quint64(2));
}

void TestLogHub::boundedUnderAFloodFromEightThreads()
{
    constexpr int kThreads = 8;
    constexpr int kPerThread = 20'000;
    constexpr size_t kCapacity = 1000;
    auto hub = std::make_shared<LogHub>(kCapacity);
    Logging::addSink(hub);

    // A reader polls like the console's log model while the writers flood.
    std::atomic<bool> writing { true };
    std::atomic<bool> readerOk { true };
    std::atomic<int> batches { 0 };
    std::thread reader([&] {
        quint64 seen = 0;
        for (int i = 0; i < 100'000 && (writing || seen < hub->latestSeq()); ++i) {
            quint64 missed = 0;
            const auto batch = hub->recordsSince(seen, 500, &missed);
            if (batch.size() > 500)
                readerOk = false;
            for (const auto &record : batch) {
                if (record.seq <= seen) // never twice, never backwards
                    readerOk = false;
                seen = record.seq;
            }
            ++batches;
            std::this_thread::yield();
        }
    });
    std::vector<std::thread> writers;
    for (int t = 0; t < kThreads; ++t) {
        writers.emplace_back([t] {
            auto logger = Logging::get("flood-" + std::to_string(t));
            for (int i = 0; i < kPerThread; ++i)
                logger->info("message {} from writer {}", i, t);
        });
    }
    for (auto &writer : writers)
        writer.join();
    writing = false;
    reader.join();
    Logging::removeSink(hub);

    QVERIFY(readerOk);
    QVERIFY(batches > 0);
    QCOMPARE(hub->latestSeq(), quint64(kThreads * kPerThread));
    QCOMPARE(hub->capacity(), kCapacity);
    quint64 missed = 0;
    const auto all = hub->recordsSince(0, -1, &missed);
    QCOMPARE(all.size(), qsizetype(kCapacity)); // only the newest survive
    QCOMPARE(missed, quint64(kThreads * kPerThread - kCapacity));
    QCOMPARE(all.last().seq, hub->latestSeq());
    // Contiguous sequence numbers, and each writer's messages in the order it wrote them.
    std::map<QString, int> lastPerWriter;
    for (qsizetype i = 0; i < all.size(); ++i) {
        QCOMPARE(all[i].seq, all.first().seq + quint64(i));
        const int n = all[i].message.section(QLatin1Char(' '), 1, 1).toInt();
        auto it = lastPerWriter.find(all[i].logger);
        if (it != lastPerWriter.end())
            QVERIFY(n > it->second);
        lastPerWriter[all[i].logger] = n;
    }
}

void TestLogHub::batchesAreIncremental()
{
    auto hub = std::make_shared<LogHub>(100);
    Logging::addSink(hub);
    auto logger = Logging::get("batcher");
    for (int i = 0; i < 10; ++i)
        logger->info("first {}", i);
    const auto first = hub->recordsSince(0);
    QCOMPARE(first.size(), 10);
    for (int i = 0; i < 5; ++i)
        logger->info("second {}", i);
    const auto second = hub->recordsSince(first.last().seq);
    QCOMPARE(second.size(), 5);
    QCOMPARE(second.first().message, QStringLiteral("second 0"));
    QVERIFY(hub->recordsSince(hub->latestSeq()).isEmpty());
    // Asked for at most 3, a reader that fell behind gets the newest 3 and learns what it skipped.
    quint64 missed = 0;
    const auto newest = hub->recordsSince(0, 3, &missed);
    QCOMPARE(newest.size(), 3);
    QCOMPARE(newest.last().message, QStringLiteral("second 4"));
    QCOMPARE(missed, quint64(12));
    Logging::removeSink(hub);
}

void TestLogHub::levelChangesAtRunTime()
{
    auto hub = std::make_shared<LogHub>(100);
    Logging::addSink(hub);
    auto logger = Logging::get("cart-3");
    QVERIFY(LogHub::setLevel(QStringLiteral("cart-3"), spdlog::level::warn));
    logger->info("hidden");
    logger->warn("shown");
    QVERIFY(LogHub::setLevel(QStringLiteral("cart-3"), spdlog::level::debug));
    logger->debug("now shown too");
    QVERIFY(!LogHub::setLevel(QStringLiteral("no-such-logger"), spdlog::level::debug));
    Logging::removeSink(hub);
    const auto records = hub->recordsSince(0);
    QCOMPARE(records.size(), 2);
    QCOMPARE(records[0].message, QStringLiteral("shown"));
    QCOMPARE(records[1].level, spdlog::level::debug);
}

void TestLogHub::origins_data()
{
    QTest::addColumn<QString>("logger");
    QTest::addColumn<QString>("service");
    QTest::addColumn<QString>("instance");
    QTest::newRow("instance with dash") << "cart-12"
                                        << "cart"
                                        << "cart-12";
    QTest::newRow("instance with dot") << "catalog.1"
                                       << "catalog"
                                       << "catalog.1";
    QTest::newRow("subsystem") << "scraper"
                               << "scraper"
                               << "";
    QTest::newRow("digits without separator") << "http2"
                                              << "http2"
                                              << "";
    QTest::newRow("only a number") << "-1"
                                   << "-1"
                                   << "";
    QTest::newRow("dashed service") << "traffic-gen-1"
                                    << "traffic-gen"
                                    << "traffic-gen-1";
}

void TestLogHub::origins()
{
    QFETCH(QString, logger);
    QFETCH(QString, service);
    QFETCH(QString, instance);
    QString gotService, gotInstance;
    LogHub::originOf(logger, &gotService, &gotInstance);
    QCOMPARE(gotService, service);
    QCOMPARE(gotInstance, instance);
}

QTEST_GUILESS_MAIN(TestLogHub)
#include "tst_loghub.moc"
