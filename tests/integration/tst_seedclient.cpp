#include "httptestclient.h"
#include "runtime/fleet.h"
#include "runtime/servicehost.h"
#include "runtime/shopfleet.h"

#include <QDir>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

// The seed's Python client (requests) against a running cart instance: it must work unchanged.
class TestSeedClient : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void seedClientWorksUnchanged();
};

namespace {

qint64 quantityOf(const QJsonValue &listing, const QString &itemId)
{
    for (const auto &line : listing.toObject().value(QStringLiteral("items")).toArray()) {
        if (line.toObject().value(QStringLiteral("item_id")).toString() == itemId)
            return line.toObject().value(QStringLiteral("quantity")).toInteger();
    }
    return 0;
}

} // namespace

void TestSeedClient::seedClientWorksUnchanged()
{
    QProcess probe;
    probe.start(QStringLiteral("python3"), { QStringLiteral("-c"), QStringLiteral("import requests") });
    if (!probe.waitForFinished(10000) || probe.exitStatus() != QProcess::NormalExit || probe.exitCode() != 0)
        QSKIP("python3 with requests is not installed; tst_cartservice::seedOperations sends the same requests");

    QTemporaryDir dir;
    Fleet fleet;
    ShopFleetOptions options;
    options.cartDatabase = dir.filePath(QStringLiteral("carts.sqlite"));
    options.cartPort = 0;
    options.cartInstances = 1;
    options.catalogInstances = 1;
    options.traffic = false;
    const auto hosts = addShopFleet(fleet, options);
    QString error;
    QVERIFY2(fleet.startAll(&error), qPrintable(error));

    // The source tree comes from the build (ctest sets FLIGHTDECK_SOURCE_DIR), not from __FILE__, which ccache
    // may have recorded relative to another checkout's build directory.
    const QString script = QDir(qEnvironmentVariable("FLIGHTDECK_SOURCE_DIR"))
                               .filePath(QStringLiteral("tests/integration/data/seed_cart_client.py"));
    QVERIFY2(QFileInfo::exists(script), qPrintable(QStringLiteral("%1 not found").arg(script)));
    QProcess client;
    client.start(QStringLiteral("python3"), { script, QString::number(hosts.carts.first()->port()) });
    // Blocking the test thread is fine: every instance serves from its own thread.
    QVERIFY(client.waitForFinished(30000));
    const auto stderrText = client.readAllStandardError();
    QVERIFY2(client.exitCode() == 0, stderrText.constData());

    QHash<QString, QList<QJsonValue>> results;
    for (const auto &line : client.readAllStandardOutput().split('\n')) {
        if (line.trimmed().isEmpty())
            continue;
        const auto step = QJsonDocument::fromJson(line).object();
        results[step.value(QStringLiteral("step")).toString()].append(step.value(QStringLiteral("result")));
    }
    QCOMPARE(results.value(QStringLiteral("add")).size(), 3);
    QCOMPARE(results[QStringLiteral("add")][1].toObject().value(QStringLiteral("quantity")).toInteger(), 3);
    QCOMPARE(quantityOf(results[QStringLiteral("list")][0], QStringLiteral("sku-1007")), 3);
    QCOMPARE(quantityOf(results[QStringLiteral("list")][0], QStringLiteral("sku-1010")), 4);
    QCOMPARE(results[QStringLiteral("remove")][0].toObject().value(QStringLiteral("message")).toString(),
        QStringLiteral("removed"));
    QCOMPARE(quantityOf(results[QStringLiteral("list")][1], QStringLiteral("sku-1007")), 0);
    QCOMPARE(quantityOf(results[QStringLiteral("list")][1], QStringLiteral("sku-1010")), 4);
    // Errors reach .json() as JSON too.
    const auto missing = results[QStringLiteral("remove_missing")][0].toObject();
    QCOMPARE(missing.value(QStringLiteral("error")).toObject().value(QStringLiteral("code")).toString(),
        QStringLiteral("item_not_in_cart"));
    const auto unknown = results[QStringLiteral("add_unknown")][0].toObject();
    QCOMPARE(unknown.value(QStringLiteral("error")).toObject().value(QStringLiteral("code")).toString(),
        QStringLiteral("unknown_item"));
}

QTEST_GUILESS_MAIN(TestSeedClient)
#include "tst_seedclient.moc"
