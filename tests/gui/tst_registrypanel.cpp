// The registry panel against a real registry on loopback: registered instances appear with their state,
// lease and metadata; drain and undrain go through the API; the KV editor saves with CAS (and says so when
// someone else wrote first), shows the versions, diffs two of them and rolls back.
#include "client/registryclient.h"
#include "confirmationdriver.h"
#include "httptestclient.h"
#include "registry/kvdiffview.h"
#include "registry/kveditor.h"
#include "registry/kvhistorymodel.h"
#include "registry/kvkeymodel.h"
#include "registry/registryinstancemodel.h"
#include "registry/registrypanel.h"
#include "registry/registryservice.h"
#include "runtime/servicehost.h"

#include <memory>
#include <QAbstractItemModelTester>
#include <QAction>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLabel>
#include <QPlainTextEdit>
#include <QSignalSpy>
#include <QTableView>
#include <QTabWidget>
#include <QTcpServer>
#include <QTest>

class TestRegistryPanel : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init();
    void cleanup();
    void instancesAppearAndDrainWorks();
    void kvEditHistoryDiffRollback();
    void casFailureKeepsTheOperatorsText();
    void newKeyAndDelete();
    void newKeyIsSelectedAndShown();
    void unreachableRegistryIsReported();

private:
    QUrl url(const QString &path, const QString &query = {}) const;
    QByteArray rawValue(const QString &key) const;
    void registerInstance(const QString &id, const QString &service, int port);
    std::unique_ptr<RegistryPanel> openPanel();

    std::unique_ptr<ServiceHost> m_registry;
    std::unique_ptr<RegistryClient> m_client;
};

void TestRegistryPanel::init()
{
    ServiceHostConfig config;
    config.serviceName = QStringLiteral("registry");
    config.instanceId = QStringLiteral("registry");
    config.limits.drainTimeoutMs = 1000;
    m_registry = std::make_unique<ServiceHost>(config, [] { return std::make_unique<RegistryService>(); });
    QString error;
    QVERIFY2(m_registry->start(&error), qPrintable(error));
}

void TestRegistryPanel::cleanup()
{
    m_client.reset();
    m_registry.reset();
}

QUrl TestRegistryPanel::url(const QString &path, const QString &query) const
{
    auto url = m_registry->baseUrl();
    url.setPath(path);
    if (!query.isEmpty())
        url.setQuery(query);
    return url;
}

QByteArray TestRegistryPanel::rawValue(const QString &key) const
{
    const auto answer = TestHttp::get(url(QStringLiteral("/v1/kv/") + key, QStringLiteral("raw")));
    return answer.status == 200 ? answer.body : QByteArray("<missing>");
}

void TestRegistryPanel::registerInstance(const QString &id, const QString &service, int port)
{
    const QJsonObject body { { QStringLiteral("ID"), id }, { QStringLiteral("Name"), service },
        { QStringLiteral("Address"), QStringLiteral("127.0.0.1") }, { QStringLiteral("Port"), port },
        { QStringLiteral("Tags"), QJsonArray { QStringLiteral("primary") } },
        { QStringLiteral("Meta"), QJsonObject { { QStringLiteral("zone"), QStringLiteral("eu-1") } } },
        { QStringLiteral("Weights"), QJsonObject { { QStringLiteral("Passing"), 3 } } },
        { QStringLiteral("Check"), QJsonObject { { QStringLiteral("TTL"), QStringLiteral("30s") } } } };
    QCOMPARE(TestHttp::request("PUT", url(QStringLiteral("/v1/agent/service/register")), QJsonDocument(body).toJson())
                 .status,
        200);
}

std::unique_ptr<RegistryPanel> TestRegistryPanel::openPanel()
{
    m_client = std::make_unique<RegistryClient>(m_registry->baseUrl());
    auto panel = std::make_unique<RegistryPanel>(m_client.get());
    // The console routes the dock's drain requests through OperatorActions, which makes exactly this call
    // (tst_operatoractions drives that path); here the panel's side of it is under test.
    connect(panel.get(), &RegistryPanel::drainRequested, this,
        [this, shown = panel.get()](const QString &, const QString &id, bool drained) {
            m_client->setDrained(id, drained, shown, [shown, id, drained](const Reply<bool> &reply) {
                shown->showDrainResult(id, drained, reply.decoded, reply.errorText());
            });
        });
    panel->setRefreshInterval(200);
    panel->resize(1200, 600);
    panel->show();
    return panel;
}

void TestRegistryPanel::instancesAppearAndDrainWorks()
{
    registerInstance(QStringLiteral("cart-1"), QStringLiteral("cart"), 18080);
    registerInstance(QStringLiteral("cart-2"), QStringLiteral("cart"), 18081);
    auto panel = openPanel();
    auto *model = panel->instanceModel();
    QAbstractItemModelTester tester(model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QTRY_COMPARE_WITH_TIMEOUT(model->rowCount(), 2, 5000);
    // A third instance registered later shows up on its own.
    registerInstance(QStringLiteral("catalog-1"), QStringLiteral("catalog"), 18090);
    QTRY_COMPARE_WITH_TIMEOUT(model->rowCount(), 3, 5000);

    const int row = model->rowOf(QStringLiteral("cart-1"));
    QVERIFY(row >= 0);
    QCOMPARE(model->index(row, RegistryInstanceModel::ServiceColumn).data().toString(), QStringLiteral("cart"));
    QCOMPARE(
        model->index(row, RegistryInstanceModel::AddressColumn).data().toString(), QStringLiteral("127.0.0.1:18080"));
    QCOMPARE(model->index(row, RegistryInstanceModel::StateColumn).data().toString(), QStringLiteral("passing"));
    QCOMPARE(model->index(row, RegistryInstanceModel::WeightColumn).data().toInt(), 3);
    const auto tags = model->index(row, RegistryInstanceModel::TagsColumn).data().toString();
    QVERIFY2(tags.contains(QStringLiteral("primary")) && tags.contains(QStringLiteral("zone=eu-1")), qPrintable(tags));
    QCOMPARE(model->instance(row).ttlMs, 30000);

    panel->selectInstance(QStringLiteral("cart-1"));
    auto *drain = panel->findChild<QAction *>(QStringLiteral("actionDrainInstance"));
    auto *undrain = panel->findChild<QAction *>(QStringLiteral("actionUndrainInstance"));
    QVERIFY(drain->isEnabled());
    QVERIFY(!undrain->isEnabled());
    QSignalSpy drained(panel.get(), &RegistryPanel::drainFinished);
    drain->trigger();
    QTRY_COMPARE_WITH_TIMEOUT(drained.size(), 1, 5000);
    QCOMPARE(drained.first().at(1).toBool(), true);
    QTRY_VERIFY_WITH_TIMEOUT(model->instance(model->rowOf(QStringLiteral("cart-1"))).drained, 5000);
    // Discovery no longer offers it; it is still registered.
    const auto passing = QJsonDocument::fromJson(
        TestHttp::get(url(QStringLiteral("/v1/health/service/cart"), QStringLiteral("passing"))).body)
                             .array();
    QCOMPARE(passing.size(), 1);
    QCOMPARE(
        passing.first().toObject().value(QStringLiteral("Service")).toObject().value(QStringLiteral("ID")).toString(),
        QStringLiteral("cart-2"));
    if (qEnvironmentVariableIsSet("FLIGHTDECK_PANEL_SHOTS"))
        panel->grab().save(qEnvironmentVariable("FLIGHTDECK_PANEL_SHOTS") + QStringLiteral("/registry.png"));

    QTRY_VERIFY_WITH_TIMEOUT(undrain->isEnabled(), 5000);
    undrain->trigger();
    QTRY_COMPARE_WITH_TIMEOUT(drained.size(), 2, 5000);
    QTRY_VERIFY_WITH_TIMEOUT(!model->instance(model->rowOf(QStringLiteral("cart-1"))).drained, 5000);
    QCOMPARE(QJsonDocument::fromJson(
                 TestHttp::get(url(QStringLiteral("/v1/health/service/cart"), QStringLiteral("passing"))).body)
                 .array()
                 .size(),
        2);
}

void TestRegistryPanel::kvEditHistoryDiffRollback()
{
    const QByteArray original = "workers=4\ntimeout=30s\nmode=blue";
    QCOMPARE(TestHttp::request("PUT", url(QStringLiteral("/v1/kv/app/config")), original).body, QByteArray("true"));
    QCOMPARE(TestHttp::request("PUT", url(QStringLiteral("/v1/kv/app/flags")), "beta=off").body, QByteArray("true"));
    auto panel = openPanel();
    auto *kv = panel->kvEditor();
    QAbstractItemModelTester keysTester(kv->keyModel(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    QAbstractItemModelTester historyTester(kv->historyModel(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    QTRY_COMPARE_WITH_TIMEOUT(kv->keyModel()->rowCount(), 2, 5000);

    // Selecting the key in the list shows its value and its history.
    kv->keyView()->selectRow(kv->keyModel()->rowOf(QStringLiteral("app/config")));
    QCOMPARE(kv->currentKey(), QStringLiteral("app/config"));
    QCOMPARE(kv->valueEdit()->toPlainText().toUtf8(), original);
    QTRY_COMPARE_WITH_TIMEOUT(kv->historyModel()->rowCount(), 1, 5000);

    const QByteArray edited = "workers=8\ntimeout=30s\nmode=green";
    kv->valueEdit()->setPlainText(QString::fromUtf8(edited));
    QSignalSpy saved(kv, &KvEditor::saved);
    auto *save = kv->findChild<QAction *>(QStringLiteral("actionSaveKey"));
    QVERIFY(save->isEnabled());
    save->trigger();
    QTRY_COMPARE_WITH_TIMEOUT(saved.size(), 1, 5000);
    QCOMPARE(saved.first().first().toBool(), true);
    QCOMPARE(rawValue(QStringLiteral("app/config")), edited);
    QTRY_COMPARE_WITH_TIMEOUT(kv->historyModel()->rowCount(), 2, 5000);
    QCOMPARE(kv->historyModel()->version(0).version, quint64(2)); // newest first
    QCOMPARE(kv->historyModel()->version(1).value, original);

    // Diff v1 → v2: two lines changed, one kept.
    QSignalSpy diffed(kv, &KvEditor::diffLoaded);
    kv->historyView()->selectAll();
    kv->findChild<QAction *>(QStringLiteral("actionCompareVersions"))->trigger();
    QTRY_COMPARE_WITH_TIMEOUT(diffed.size(), 1, 5000);
    QCOMPARE(kv->diffView()->addedLines(), 2);
    QCOMPARE(kv->diffView()->removedLines(), 2);
    QVERIFY(kv->diffView()->toPlainText().contains(QStringLiteral("mode=green")));
    if (qEnvironmentVariableIsSet("FLIGHTDECK_PANEL_SHOTS")) {
        panel->findChild<QTabWidget *>(QStringLiteral("registryTabs"))->setCurrentIndex(1);
        panel->grab().save(qEnvironmentVariable("FLIGHTDECK_PANEL_SHOTS") + QStringLiteral("/config.png"));
    }

    // Roll back to v1: the old value is back, as v3, and the editor shows it.
    kv->historyView()->clearSelection();
    kv->historyView()->selectRow(kv->historyModel()->rowOfVersion(1));
    QSignalSpy rolledBack(kv, &KvEditor::rolledBack);
    auto *rollback = kv->findChild<QAction *>(QStringLiteral("actionRollbackKey"));
    QVERIFY(rollback->isEnabled());
    // Rolling back asks first: Cancel leaves the key as it is.
    rollback->trigger();
    QVERIFY(answerConfirmation(QStringLiteral("confirmRollback"), false));
    QTest::qWait(300); // nothing may be sent
    QCOMPARE(rolledBack.size(), 0);
    QCOMPARE(kv->historyModel()->rowCount(), 2);
    QVERIFY(rawValue(QStringLiteral("app/config")) != original);
    rollback->trigger();
    QVERIFY(answerConfirmation(QStringLiteral("confirmRollback"), true));
    QTRY_COMPARE_WITH_TIMEOUT(rolledBack.size(), 1, 5000);
    QCOMPARE(rolledBack.first().first().toBool(), true);
    QCOMPARE(rawValue(QStringLiteral("app/config")), original);
    QTRY_COMPARE_WITH_TIMEOUT(kv->historyModel()->rowCount(), 3, 5000);
    QTRY_VERIFY_WITH_TIMEOUT(kv->valueEdit()->toPlainText().toUtf8() == original, 5000);
    QVERIFY(!kv->isDirty());
}

void TestRegistryPanel::casFailureKeepsTheOperatorsText()
{
    QCOMPARE(TestHttp::request("PUT", url(QStringLiteral("/v1/kv/app/limits")), "rps=100").body, QByteArray("true"));
    auto panel = openPanel();
    auto *kv = panel->kvEditor();
    QTRY_COMPARE_WITH_TIMEOUT(kv->keyModel()->rowCount(), 1, 5000);
    kv->selectKey(QStringLiteral("app/limits"));
    QCOMPARE(kv->valueEdit()->toPlainText(), QStringLiteral("rps=100"));

    // The operator edits; meanwhile someone else writes the key.
    kv->valueEdit()->setPlainText(QStringLiteral("rps=500"));
    QCOMPARE(TestHttp::request("PUT", url(QStringLiteral("/v1/kv/app/limits")), "rps=200").body, QByteArray("true"));
    QSignalSpy saved(kv, &KvEditor::saved);
    kv->save();
    QTRY_COMPARE_WITH_TIMEOUT(saved.size(), 1, 5000);
    QCOMPARE(saved.first().first().toBool(), false);
    QVERIFY2(kv->statusText().startsWith(QStringLiteral("Not saved")), qPrintable(kv->statusText()));
    QVERIFY2(kv->statusText().contains(QStringLiteral("changed by someone else")), qPrintable(kv->statusText()));
    QCOMPARE(rawValue(QStringLiteral("app/limits")), QByteArray("rps=200"));
    // Polls that see the other write do not throw the operator's text away.
    QTRY_COMPARE_WITH_TIMEOUT(kv->historyModel()->rowCount(), 2, 5000);
    QCOMPARE(kv->valueEdit()->toPlainText(), QStringLiteral("rps=500"));

    // Revert shows the other writer's value; saving from there works.
    kv->findChild<QAction *>(QStringLiteral("actionReloadKey"))->trigger();
    QCOMPARE(kv->valueEdit()->toPlainText(), QStringLiteral("rps=200"));
    kv->valueEdit()->setPlainText(QStringLiteral("rps=300"));
    kv->save();
    QTRY_COMPARE_WITH_TIMEOUT(saved.size(), 2, 5000);
    QCOMPARE(saved.last().first().toBool(), true);
    QCOMPARE(rawValue(QStringLiteral("app/limits")), QByteArray("rps=300"));
}

void TestRegistryPanel::newKeyAndDelete()
{
    auto panel = openPanel();
    auto *kv = panel->kvEditor();
    QAbstractItemModelTester keysTester(kv->keyModel(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    QSignalSpy loaded(kv, &KvEditor::keysLoaded);
    QTRY_VERIFY_WITH_TIMEOUT(loaded.size() >= 1, 5000);
    QCOMPARE(kv->keyModel()->rowCount(), 0);

    kv->newKey(QStringLiteral("svc/cart/discount"));
    kv->valueEdit()->setPlainText(QStringLiteral("10%"));
    QSignalSpy saved(kv, &KvEditor::saved);
    kv->save();
    QTRY_COMPARE_WITH_TIMEOUT(saved.size(), 1, 5000);
    QCOMPARE(saved.first().first().toBool(), true);
    QCOMPARE(rawValue(QStringLiteral("svc/cart/discount")), QByteArray("10%"));
    QTRY_COMPARE_WITH_TIMEOUT(kv->keyModel()->rowCount(), 1, 5000);

    auto *remove = kv->findChild<QAction *>(QStringLiteral("actionDeleteKey"));
    QTRY_VERIFY_WITH_TIMEOUT(remove->isEnabled(), 5000);
    remove->trigger();
    QTRY_COMPARE_WITH_TIMEOUT(kv->keyModel()->rowCount(), 0, 5000);
    QCOMPARE(rawValue(QStringLiteral("svc/cart/discount")), QByteArray("<missing>"));
    // The history keeps the delete.
    QTRY_COMPARE_WITH_TIMEOUT(kv->historyModel()->rowCount(), 2, 5000);
    QVERIFY(kv->historyModel()->version(0).deleted);
}

void TestRegistryPanel::newKeyIsSelectedAndShown()
{
    for (const auto *key : { "app/alpha", "app/beta", "zone/gamma" })
        QCOMPARE(TestHttp::request("PUT", url(QStringLiteral("/v1/kv/") + QLatin1String(key)), "x").body,
            QByteArray("true"));
    auto panel = openPanel();
    panel->show();
    auto *kv = panel->kvEditor();
    QTRY_COMPARE_WITH_TIMEOUT(kv->keyModel()->rowCount(), 3, 5000);
    kv->newKey(QStringLiteral("app/bravo"));
    kv->valueEdit()->setPlainText(QStringLiteral("limit=5"));
    QSignalSpy saved(kv, &KvEditor::saved);
    kv->save();
    QTRY_COMPARE_WITH_TIMEOUT(saved.size(), 1, 5000);
    QTRY_COMPARE_WITH_TIMEOUT(kv->keyModel()->rowCount(), 4, 5000);
    // The new key is the selected row of the list, and its value is what the editor shows.
    const int row = kv->keyModel()->rowOf(QStringLiteral("app/bravo"));
    QVERIFY(row >= 0);
    QTRY_COMPARE_WITH_TIMEOUT(kv->keyView()->currentIndex().row(), row, 5000);
    QVERIFY(kv->keyView()->selectionModel()->isRowSelected(row, {}));
    QCOMPARE(kv->valueEdit()->toPlainText(), QStringLiteral("limit=5"));
    QVERIFY(kv->findChild<QLabel *>(QStringLiteral("kvKeyLabel"))->text().contains(QStringLiteral("app/bravo")));
}

void TestRegistryPanel::unreachableRegistryIsReported()
{
    QTcpServer probe;
    QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
    QUrl dead;
    dead.setScheme(QStringLiteral("http"));
    dead.setHost(QStringLiteral("127.0.0.1"));
    dead.setPort(probe.serverPort());
    probe.close();
    RegistryClient client(dead);
    RegistryPanel panel(&client);
    QAbstractItemModelTester tester(panel.instanceModel(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    panel.show();
    QTRY_VERIFY_WITH_TIMEOUT(panel.statusText().contains(QStringLiteral("Cannot reach the registry")), 5000);
    QTRY_VERIFY_WITH_TIMEOUT(panel.kvEditor()->statusText().contains(QStringLiteral("Cannot list keys")), 5000);
    QCOMPARE(panel.instanceModel()->rowCount(), 0);
}

QTEST_MAIN(TestRegistryPanel)
#include "tst_registrypanel.moc"
