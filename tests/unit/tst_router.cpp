#include "http/httpreply.h"
#include "http/router.h"

#include <QTest>

class TestRouter : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void matching_data();
    void matching();
    void methodNotAllowedListsAllowed();
    void headUsesGet();
};

void TestRouter::matching_data()
{
    QTest::addColumn<QByteArray>("method");
    QTest::addColumn<QString>("path");
    QTest::addColumn<QString>("expectedPattern");
    QTest::addColumn<QString>("expectedParams");

    QTest::newRow("literal") << QByteArray("GET") << "/cart"
                             << "/cart"
                             << "";
    QTest::newRow("trailing slash") << QByteArray("GET") << "/cart/"
                                    << "/cart"
                                    << "";
    QTest::newRow("one param") << QByteArray("GET") << "/carts/abc"
                               << "/carts/{id}"
                               << "id=abc";
    QTest::newRow("two params") << QByteArray("PUT") << "/carts/7/items/sku-1"
                                << "/carts/{id}/items/{item_id}"
                                << "id=7,item_id=sku-1";
    QTest::newRow("rest param") << QByteArray("GET") << "/v1/kv/app/db/url"
                                << "/v1/kv/{key...}"
                                << "key=app/db/url";
    QTest::newRow("unknown") << QByteArray("GET") << "/nothing"
                             << ""
                             << "";
    QTest::newRow("too deep") << QByteArray("GET") << "/carts/1/2"
                              << ""
                              << "";
}

void TestRouter::matching()
{
    QFETCH(QByteArray, method);
    QFETCH(QString, path);
    QFETCH(QString, expectedPattern);
    QFETCH(QString, expectedParams);

    Router router;
    const Router::Handler nothing = [](const HttpRequest &, HttpReply) {};
    router.add("GET", QStringLiteral("/cart"), nothing, RouteAccess::Read);
    router.add("GET", QStringLiteral("/carts/{id}"), nothing, RouteAccess::Read);
    router.add("PUT", QStringLiteral("/carts/{id}/items/{item_id}"), nothing, RouteAccess::Write);
    router.add("GET", QStringLiteral("/v1/kv/{key...}"), nothing, RouteAccess::Read);

    const auto match = router.match(method, path);
    if (expectedPattern.isEmpty()) {
        QCOMPARE(match.kind, Router::Match::Kind::NotFound);
        return;
    }
    QCOMPARE(match.kind, Router::Match::Kind::Found);
    QCOMPARE(match.pattern, expectedPattern);
    QStringList params;
    for (auto it = match.params.begin(); it != match.params.end(); ++it)
        params << it.key() + QLatin1Char('=') + it.value();
    params.sort();
    QCOMPARE(params.join(QLatin1Char(',')), expectedParams);
}

void TestRouter::methodNotAllowedListsAllowed()
{
    Router router;
    const Router::Handler nothing = [](const HttpRequest &, HttpReply) {};
    router.add("GET", QStringLiteral("/cart"), nothing, RouteAccess::Read);
    router.add("POST", QStringLiteral("/cart"), nothing, RouteAccess::Write);
    const auto match = router.match("PATCH", QStringLiteral("/cart"));
    QCOMPARE(match.kind, Router::Match::Kind::MethodNotAllowed);
    QCOMPARE(match.allowedMethods, (QByteArrayList { "GET", "POST" }));
}

void TestRouter::headUsesGet()
{
    Router router;
    router.add(
        "GET", QStringLiteral("/health"), [](const HttpRequest &, HttpReply) {}, RouteAccess::Read);
    QCOMPARE(router.match("HEAD", QStringLiteral("/health")).kind, Router::Match::Kind::Found);
}

QTEST_GUILESS_MAIN(TestRouter)
#include "tst_router.moc"
