#include "trafficservice.h"

#include "client/cartclient.h"
#include "client/catalogclient.h"
#include "client/instancesource.h"
#include "client/serviceclient.h"
#include "http/httprequest.h"
#include "http/httpresponse.h"
#include "http/httpserver.h"

#include <cmath>
#include <QJsonArray>
#include <QJsonObject>
#include <QTimer>

TrafficService::TrafficService(TrafficOptions options)
    : m_options(std::move(options))
    , m_random(m_options.seed)
{ }

TrafficService::~TrafficService() = default;

bool TrafficService::start(ServiceContext &context, QString *)
{
    m_instances = m_options.instances ? m_options.instances() : nullptr;
    ServiceClientOptions clientOptions;
    clientOptions.strategy = BalancingStrategy::LeastOutstanding;
    clientOptions.accessToken = m_options.accessToken;
    clientOptions.caller = context.instanceId.toUtf8();
    m_carts = new CartClient(m_instances.get(), clientOptions, this);
    m_carts->serviceClient().setCallObserver(context.calls);
    m_catalog = new CatalogClient(m_instances.get(), clientOptions, this);
    m_catalog->serviceClient().setCallObserver(context.calls);
    m_clock.start();
    m_timer = new QTimer(this);
    m_timer->setTimerType(Qt::PreciseTimer);
    connect(m_timer, &QTimer::timeout, this, &TrafficService::tick);
    setRate(m_options.rate);

    // Every shopper gets a cart; one that already exists (a restart on the same database) is fine.
    for (int i = 1; i <= m_options.shoppers; ++i)
        m_carts->createCart(QStringLiteral("shopper-%1").arg(i), this, [](const ServiceResult &) {});

    context.server.route("GET", QStringLiteral("/traffic"), [this](const HttpRequest &) {
        QJsonObject actions;
        for (auto it = m_sent.constBegin(); it != m_sent.constEnd(); ++it)
            actions.insert(it.key(),
                QJsonObject { { QStringLiteral("sent"), it.value() }, { QStringLiteral("ok"), m_ok.value(it.key()) },
                    { QStringLiteral("failed"), m_failed.value(it.key()) } });
        qint64 sent = 0, ok = 0, failed = 0;
        for (const auto value : std::as_const(m_sent))
            sent += value;
        for (const auto value : std::as_const(m_ok))
            ok += value;
        for (const auto value : std::as_const(m_failed))
            failed += value;
        return HttpResponse::json(QJsonObject { { QStringLiteral("rate"), m_options.rate },
            { QStringLiteral("shoppers"), m_options.shoppers }, { QStringLiteral("in_flight"), m_inFlight },
            { QStringLiteral("sent"), sent }, { QStringLiteral("ok"), ok }, { QStringLiteral("failed"), failed },
            { QStringLiteral("skipped"), m_skipped }, { QStringLiteral("actions"), actions } });
    });
    context.server.route(
        "PUT", QStringLiteral("/traffic"),
        [this](const HttpRequest &request) {
            QJsonObject body;
            HttpResponse error;
            if (!request.jsonObject(&body, &error))
                return error;
            const auto rate = body.value(QStringLiteral("rate"));
            if (rate.isUndefined())
                return HttpResponse::error(400, QStringLiteral("missing_field"), QStringLiteral("'rate' is required"));
            if (!rate.isDouble() || !std::isfinite(rate.toDouble()))
                return HttpResponse::error(
                    400, QStringLiteral("wrong_type"), QStringLiteral("'rate' must be a number"));
            if (rate.toDouble() < 0 || rate.toDouble() > maxRate)
                return HttpResponse::error(422, QStringLiteral("invalid_rate"),
                    QStringLiteral("'rate' must be from 0 to %1 per second").arg(maxRate));
            setRate(rate.toDouble());
            return HttpResponse::json(QJsonObject { { QStringLiteral("rate"), m_options.rate } });
        },
        RouteAccess::Write);
    return true;
}

void TrafficService::stop()
{
    if (m_timer)
        m_timer->stop();
}

void TrafficService::setRate(double rate)
{
    m_options.rate = rate;
    m_owed = 0.0;
    m_lastTickNs = m_clock.nsecsElapsed();
    if (rate <= 0.0) {
        m_timer->stop();
        return;
    }
    // Tick at the rate while it is low; above 100/s tick every 10 ms and start several actions per tick.
    m_timer->start(std::max(10, int(1000.0 / rate)));
}

void TrafficService::tick()
{
    const qint64 now = m_clock.nsecsElapsed();
    m_owed += double(now - m_lastTickNs) / 1e9 * m_options.rate;
    m_lastTickNs = now;
    m_owed = std::min(m_owed, m_options.rate); // never try to catch up more than a second of lag
    while (m_owed >= 1.0) {
        m_owed -= 1.0;
        if (m_inFlight >= m_options.maxInFlight) {
            ++m_skipped;
            continue;
        }
        act();
    }
}

QString TrafficService::randomItem()
{
    if (m_items.isEmpty())
        return QStringLiteral("sku-%1").arg(1001 + m_random.bounded(20));
    return m_items.at(m_random.bounded(int(m_items.size())));
}

void TrafficService::record(const QString &action, int status)
{
    --m_inFlight;
    // A 404 on removing an item that is not in the cart is a shopper's mistake, not a failure of the fleet.
    if ((status >= 200 && status < 300) || status == 404)
        ++m_ok[action];
    else
        ++m_failed[action];
}

void TrafficService::act()
{
    const QString cart = QStringLiteral("shopper-%1").arg(1 + m_random.bounded(m_options.shoppers));
    const int dice = int(m_random.bounded(100));
    QString action;
    ++m_inFlight;
    if (dice < 20 || m_items.isEmpty()) {
        action = QStringLiteral("browse");
        m_catalog->listItems(this, [this, action](const Reply<QList<CatalogItem>> &reply) {
            if (reply.decoded) {
                QStringList items;
                for (const auto &item : reply.value)
                    items.append(item.id);
                m_items = items;
            }
            record(action, reply.status);
        });
    } else if (dice < 35) {
        action = QStringLiteral("view_item");
        m_catalog->item(
            randomItem(), this, [this, action](const ServiceResult &result) { record(action, result.status); });
    } else if (dice < 65) {
        action = QStringLiteral("add");
        m_carts->addItem(cart, randomItem(), 1 + int(m_random.bounded(3)), this,
            [this, action](const ServiceResult &result) { record(action, result.status); });
    } else if (dice < 80) {
        action = QStringLiteral("remove");
        m_carts->removeItem(
            cart, randomItem(), this, [this, action](const ServiceResult &result) { record(action, result.status); });
    } else {
        action = QStringLiteral("check_cart");
        m_carts->getCart(cart, this, [this, action](const ServiceResult &result) { record(action, result.status); });
    }
    ++m_sent[action];
}
