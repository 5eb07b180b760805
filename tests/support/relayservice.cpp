#include "relayservice.h"

#include "http/callobserver.h"
#include "http/httprequest.h"
#include "http/httpresponse.h"
#include "http/httpserver.h"

#include <QElapsedTimer>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>

RelayService::~RelayService() = default;

bool RelayService::start(ServiceContext &context, QString *)
{
    m_network = std::make_unique<QNetworkAccessManager>();
    CallObserver *calls = context.calls;
    QNetworkAccessManager *network = m_network.get();
    const QString callee = m_callee;
    context.server.routeAsync("GET", QStringLiteral("/relay"), [=](const HttpRequest &request, HttpReply reply) {
        const QString path = request.queryValue(QStringLiteral("path"));
        QUrl url;
        url.setScheme(QStringLiteral("http"));
        url.setHost(QStringLiteral("127.0.0.1"));
        url.setPort(request.queryValue(QStringLiteral("port")).toInt());
        url.setPath(path);
        QNetworkRequest outgoing(url);
        outgoing.setTransferTimeout(3000);
        auto timer = std::make_shared<QElapsedTimer>();
        timer->start();
        QNetworkReply *networkReply = network->get(outgoing);
        QObject::connect(networkReply, &QNetworkReply::finished, networkReply, [=] {
            networkReply->deleteLater();
            const int status = networkReply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
            if (calls)
                calls->callFinished(callee, path, "GET", status, double(timer->nsecsElapsed()) / 1e9);
            reply.send(status == 0
                    ? HttpResponse::error(502, QStringLiteral("bad_gateway"), networkReply->errorString())
                    : HttpResponse::json(QJsonObject { { QStringLiteral("status"), status } }, status));
        });
    });
    return true;
}

void RelayService::stop()
{
    m_network.reset();
}
