#include "alerting/alertengine.h"
#include "alerting/ruleexpression.h"
#include "alerting/webhooknotifier.h"
#include "http/httprequest.h"
#include "http/httpresponse.h"
#include "http/httpserver.h"
#include "runtime/servicehost.h"
#include "scriptedmetricquery.h"

#include <atomic>
#include <memory>
#include <QJsonArray>
#include <QJsonDocument>
#include <QMutex>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

namespace {

// What the receiver saw, shared between the test thread and the receiver's instance thread.
struct ReceiverLog
{
    std::atomic<int> failuresLeft { 0 };
    std::atomic<int> failStatus { 503 };
    std::atomic<int> requests { 0 };
    QMutex mutex;
    QList<QByteArray> accepted; // bodies answered with 200

    QList<QByteArray> bodies()
    {
        QMutexLocker lock(&mutex);
        return accepted;
    }
};

// A webhook receiver that answers the first N requests with an error, then accepts.
class FlakyReceiver : public Service
{
public:
    explicit FlakyReceiver(std::shared_ptr<ReceiverLog> log)
        : m_log(std::move(log))
    { }

    bool start(ServiceContext &context, QString *) override
    {
        context.server.route("POST", QStringLiteral("/hook"), [log = m_log](const HttpRequest &request) {
            ++log->requests;
            if (log->failuresLeft.fetch_sub(1) > 0)
                return HttpResponse::error(
                    log->failStatus.load(), QStringLiteral("unavailable"), QStringLiteral("try later"));
            QMutexLocker lock(&log->mutex);
            log->accepted << request.body;
            return HttpResponse::json(QJsonObject { { QStringLiteral("ok"), true } });
        });
        return true;
    }

private:
    std::shared_ptr<ReceiverLog> m_log;
};

AlertEvent sampleEvent(const QString &rule, AlertState to)
{
    AlertEvent event;
    event.ruleName = rule;
    event.service = QStringLiteral("cart");
    event.from = to == AlertState::Firing ? AlertState::Pending : AlertState::Firing;
    event.to = to;
    event.timestampMs = 1'700'000'060'000;
    event.activeSinceMs = 1'700'000'000'000;
    event.value = 0.25;
    event.labels = { { QStringLiteral("alertname"), rule }, { QStringLiteral("service"), QStringLiteral("cart") } };
    event.annotations = { { QStringLiteral("summary"), QStringLiteral("cart errors") } };
    return event;
}

QJsonObject firstAlert(const QByteArray &body)
{
    return QJsonDocument::fromJson(body).object().value(QStringLiteral("alerts")).toArray().first().toObject();
}

} // namespace

class TestAlertWebhook : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init();
    void cleanup();
    void retriesUntilDelivered();
    void givesUpAfterMaxAttempts();
    void clientErrorIsFinal();
    void deliversInOrderAfterFailures();
    void unreachableReceiverFails();
    void engineFiringReachesWebhook();
    void silencedAlertSendsNothingAndGapsDoNotResend();

private:
    WebhookOptions options() const
    {
        WebhookOptions result;
        result.url = m_host->baseUrl();
        result.url.setPath(QStringLiteral("/hook"));
        result.initialBackoffMs = 20;
        result.maxBackoffMs = 80;
        result.maxAttempts = 4;
        result.timeoutMs = 3000;
        return result;
    }

    std::shared_ptr<ReceiverLog> m_log;
    std::unique_ptr<ServiceHost> m_host;
};

void TestAlertWebhook::init()
{
    m_log = std::make_shared<ReceiverLog>();
    ServiceHostConfig config;
    config.serviceName = QStringLiteral("hook");
    config.instanceId = QStringLiteral("hook-1");
    m_host = std::make_unique<ServiceHost>(config, [log = m_log] { return std::make_unique<FlakyReceiver>(log); });
    QString error;
    QVERIFY2(m_host->start(&error), qPrintable(error));
}

void TestAlertWebhook::cleanup()
{
    m_host->stop();
    m_host.reset();
}

void TestAlertWebhook::retriesUntilDelivered()
{
    m_log->failuresLeft = 2;
    WebhookNotifier notifier(options());
    QSignalSpy delivered(&notifier, &WebhookNotifier::delivered);
    QSignalSpy failed(&notifier, &WebhookNotifier::failed);
    notifier.notify(sampleEvent(QStringLiteral("CartErrors"), AlertState::Firing));
    QTRY_COMPARE_WITH_TIMEOUT(delivered.count(), 1, 10'000);
    QCOMPARE(delivered.first().at(1).toInt(), 3);
    QCOMPARE(failed.count(), 0);
    QCOMPARE(m_log->requests.load(), 3);
    const auto bodies = m_log->bodies();
    QCOMPARE(bodies.size(), 1);
    const auto payload = QJsonDocument::fromJson(bodies.first()).object();
    QCOMPARE(payload.value(QStringLiteral("status")).toString(), QStringLiteral("firing"));
    const auto alert = firstAlert(bodies.first());
    QCOMPARE(alert.value(QStringLiteral("labels")).toObject().value(QStringLiteral("alertname")).toString(),
        QStringLiteral("CartErrors"));
    QCOMPARE(alert.value(QStringLiteral("annotations")).toObject().value(QStringLiteral("summary")).toString(),
        QStringLiteral("cart errors"));
    QCOMPARE(alert.value(QStringLiteral("startsAt")).toString(), QStringLiteral("2023-11-14T22:13:20.000Z"));
    QCOMPARE(alert.value(QStringLiteral("value")).toDouble(), 0.25);
    QCOMPARE(notifier.queued(), 0);
}

void TestAlertWebhook::givesUpAfterMaxAttempts()
{
    m_log->failuresLeft = 1000;
    WebhookNotifier notifier(options());
    QSignalSpy delivered(&notifier, &WebhookNotifier::delivered);
    QSignalSpy failed(&notifier, &WebhookNotifier::failed);
    notifier.notify(sampleEvent(QStringLiteral("CartErrors"), AlertState::Firing));
    QTRY_COMPARE_WITH_TIMEOUT(failed.count(), 1, 10'000);
    QCOMPARE(failed.first().at(1).toString(), QStringLiteral("HTTP 503"));
    QCOMPARE(failed.first().at(2).toInt(), 4);
    QCOMPARE(m_log->requests.load(), 4);
    QCOMPARE(delivered.count(), 0);
    QCOMPARE(notifier.queued(), 0);
}

void TestAlertWebhook::clientErrorIsFinal()
{
    m_log->failuresLeft = 1;
    m_log->failStatus = 400;
    WebhookNotifier notifier(options());
    QSignalSpy delivered(&notifier, &WebhookNotifier::delivered);
    QSignalSpy failed(&notifier, &WebhookNotifier::failed);
    notifier.notify(sampleEvent(QStringLiteral("CartErrors"), AlertState::Firing));
    notifier.notify(sampleEvent(QStringLiteral("CartErrors"), AlertState::Resolved));
    QTRY_COMPARE_WITH_TIMEOUT(delivered.count(), 1, 10'000);
    QCOMPARE(failed.count(), 1);
    QCOMPARE(failed.first().at(1).toString(), QStringLiteral("HTTP 400"));
    QCOMPARE(failed.first().at(2).toInt(), 1);
    QCOMPARE(m_log->requests.load(), 2);
    QCOMPARE(
        firstAlert(m_log->bodies().first()).value(QStringLiteral("status")).toString(), QStringLiteral("resolved"));
}

void TestAlertWebhook::deliversInOrderAfterFailures()
{
    m_log->failuresLeft = 2;
    WebhookNotifier notifier(options());
    QSignalSpy delivered(&notifier, &WebhookNotifier::delivered);
    notifier.notify(sampleEvent(QStringLiteral("First"), AlertState::Firing));
    notifier.notify(sampleEvent(QStringLiteral("First"), AlertState::Resolved));
    notifier.notify(sampleEvent(QStringLiteral("Second"), AlertState::Firing));
    QCOMPARE(notifier.queued(), 3);
    QTRY_COMPARE_WITH_TIMEOUT(delivered.count(), 3, 10'000);
    QStringList seen;
    for (const auto &body : m_log->bodies()) {
        const auto alert = firstAlert(body);
        seen << alert.value(QStringLiteral("labels")).toObject().value(QStringLiteral("alertname")).toString() + u' '
                + alert.value(QStringLiteral("status")).toString();
    }
    QCOMPARE(seen,
        (QStringList {
            QStringLiteral("First firing"), QStringLiteral("First resolved"), QStringLiteral("Second firing") }));
    QCOMPARE(m_log->requests.load(), 5);
}

void TestAlertWebhook::unreachableReceiverFails()
{
    // A port that was free a moment ago: nothing listens, every attempt is refused.
    QTcpServer probe;
    QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
    const auto port = probe.serverPort();
    probe.close();
    auto settings = options();
    settings.url.setPort(port);
    settings.maxAttempts = 3;
    WebhookNotifier notifier(settings);
    QSignalSpy failed(&notifier, &WebhookNotifier::failed);
    notifier.notify(sampleEvent(QStringLiteral("CartErrors"), AlertState::Firing));
    QTRY_COMPARE_WITH_TIMEOUT(failed.count(), 1, 10'000);
    QCOMPARE(failed.first().at(2).toInt(), 3);
    QVERIFY(!failed.first().at(1).toString().isEmpty());
    QCOMPARE(m_log->requests.load(), 0);
}

void TestAlertWebhook::engineFiringReachesWebhook()
{
    m_log->failuresLeft = 1;
    QTemporaryDir dir;
    ScriptedMetricQuery query;
    qint64 now = 1'700'000'000'000;
    AlertEngine engine(dir.path(), &query);
    engine.setClock([&now] { return now; });
    QVERIFY(engine.load());
    AlertRule rule;
    rule.name = QStringLiteral("CartErrors");
    QString error;
    RuleExpression::parse(QStringLiteral("error_ratio(service=cart) > 0.05"), &error)->applyTo(&rule);
    QVERIFY2(engine.setRules({ rule }, &error), qPrintable(error));
    engine.setWebhook(options());
    QSignalSpy delivered(engine.webhook(), &WebhookNotifier::delivered);
    query.set(MetricKind::ErrorRatio, QStringLiteral("cart"), {}, now, 0.3);
    engine.evaluateNow();
    now += 1000;
    query.set(MetricKind::ErrorRatio, QStringLiteral("cart"), {}, now, 0.0);
    engine.evaluateNow();
    QTRY_COMPARE_WITH_TIMEOUT(delivered.count(), 2, 10'000);
    const auto bodies = m_log->bodies();
    QCOMPARE(bodies.size(), 2);
    QCOMPARE(firstAlert(bodies.at(0)).value(QStringLiteral("status")).toString(), QStringLiteral("firing"));
    QCOMPARE(firstAlert(bodies.at(1)).value(QStringLiteral("status")).toString(), QStringLiteral("resolved"));
    QCOMPARE(firstAlert(bodies.at(1)).value(QStringLiteral("endsAt")).toString(),
        QStringLiteral("2023-11-14T22:13:21.000Z"));
}

void TestAlertWebhook::silencedAlertSendsNothingAndGapsDoNotResend()
{
    QTemporaryDir dir;
    ScriptedMetricQuery query;
    qint64 now = 1'700'000'000'000;
    AlertEngine engine(dir.path(), &query);
    engine.setClock([&now] { return now; });
    QVERIFY(engine.load());
    AlertRule rule;
    rule.name = QStringLiteral("CartErrors");
    QString error;
    RuleExpression::parse(QStringLiteral("error_ratio(service=cart) > 0.05"), &error)->applyTo(&rule);
    QVERIFY2(engine.setRules({ rule }, &error), qPrintable(error));
    engine.setWebhook(options());
    QSignalSpy delivered(engine.webhook(), &WebhookNotifier::delivered);
    QSignalSpy firing(&engine, &AlertEngine::alertFiring);
    QSignalSpy actions(&engine, &AlertEngine::silenceAction);

    Silence silence;
    silence.matchers = { { QStringLiteral("alertname"), SilenceMatcher::Op::Equal, QStringLiteral("CartErrors") } };
    silence.startsAtMs = now;
    silence.endsAtMs = now + 3600'000;
    silence.comment = QStringLiteral("known: deploying");
    const auto id = engine.addSilence(silence, &error, QStringLiteral("alice"));
    QVERIFY2(!id.isEmpty(), qPrintable(error));
    QCOMPARE(actions.count(), 1);
    QCOMPARE(actions.first().at(0).value<SilenceAction>(), SilenceAction::Created);
    QCOMPARE(actions.first().at(1).value<Silence>().createdBy, QStringLiteral("alice"));

    // Firing under the silence: nothing goes out, for as long as it lasts.
    query.set(MetricKind::ErrorRatio, QStringLiteral("cart"), {}, now, 0.3);
    for (int i = 0; i < 5; ++i) {
        engine.evaluateNow();
        now += 1000;
    }
    QCOMPARE(engine.statuses().first().state, AlertState::Firing);
    QVERIFY(engine.statuses().first().silence);
    QCOMPARE(engine.firingCount(), 0);
    QCOMPARE(firing.count(), 0);
    QVERIFY(!delivered.wait(500)); // the receiver is real; give a wrongly sent post the time to arrive
    QCOMPARE(m_log->requests.load(), 0);

    // Expired early while it still fires: now it is announced, once.
    QVERIFY(engine.expireSilence(id, &error, QStringLiteral("bob")));
    QCOMPARE(actions.last().at(0).value<SilenceAction>(), SilenceAction::Expired);
    QCOMPARE(actions.last().at(2).toString(), QStringLiteral("bob"));
    now += 1000;
    engine.evaluateNow();
    QTRY_COMPARE_WITH_TIMEOUT(delivered.count(), 1, 10'000);
    QCOMPARE(engine.firingCount(), 1);

    // Its data goes missing and comes back, still bad: the same incident, nothing new to say.
    query.gap(MetricKind::ErrorRatio, QStringLiteral("cart"), {}, now + 1000);
    query.set(MetricKind::ErrorRatio, QStringLiteral("cart"), {}, now + 3000, 0.4);
    for (int i = 0; i < 4; ++i) {
        now += 1000;
        engine.evaluateNow();
    }
    QCOMPARE(engine.statuses().first().state, AlertState::Firing);
    // It resolves for real: that is news.
    query.set(MetricKind::ErrorRatio, QStringLiteral("cart"), {}, now + 1000, 0.0);
    now += 1000;
    engine.evaluateNow();
    QTRY_COMPARE_WITH_TIMEOUT(delivered.count(), 2, 10'000);
    const auto bodies = m_log->bodies();
    QCOMPARE(bodies.size(), 2);
    QCOMPARE(firstAlert(bodies.at(0)).value(QStringLiteral("status")).toString(), QStringLiteral("firing"));
    QCOMPARE(firstAlert(bodies.at(1)).value(QStringLiteral("status")).toString(), QStringLiteral("resolved"));
    QCOMPARE(firing.count(), 1);
}

QTEST_GUILESS_MAIN(TestAlertWebhook)
#include "tst_alertwebhook.moc"
