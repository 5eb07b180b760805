#include "logintakeservice.h"

#include "http/httprequest.h"
#include "http/httpresponse.h"
#include "http/httpserver.h"

#include <QJsonArray>
#include <QJsonObject>

namespace {

constexpr int kErrorsListed = 20; // the reply names this many rejected lines, then only counts

bool acceptedContentType(const QByteArray &header)
{
    const QByteArray type = header.split(';').front().trimmed().toLower();
    return type.isEmpty() || type == "application/x-ndjson" || type == "application/jsonl"
        || type == "application/jsonlines" || type == "application/json" || type == "text/plain";
}

} // namespace

LogIntakeService::LogIntakeService(
    LogIntake::Options options, std::shared_ptr<LogHub> hub, std::shared_ptr<InstanceDirectory> directory)
    : m_options(std::move(options))
    , m_hub(std::move(hub))
    , m_directory(std::move(directory))
{ }

LogIntakeService::~LogIntakeService() = default;

bool LogIntakeService::start(ServiceContext &context, QString *error)
{
    m_intake = std::make_unique<LogIntake>(m_options, m_hub, m_directory);
    if (!m_intake->start(error)) {
        m_intake.reset();
        return false;
    }
    m_intake->setMetrics(context.metrics);
    // A write route: where the console has a token, shipping logs over HTTP needs it too.
    context.server.route(
        "POST", QStringLiteral("/v1/logs"),
        [this](const HttpRequest &request) {
            if (!m_intake) // stopped while the server finishes draining
                return HttpResponse::error(
                    503, QStringLiteral("stopping"), QStringLiteral("the log intake is stopping"));
            if (!acceptedContentType(request.header("Content-Type")))
                return HttpResponse::error(415, QStringLiteral("unsupported_media_type"),
                    QStringLiteral("send JSON lines (application/x-ndjson), one object per line"));
            if (request.body.trimmed().isEmpty())
                return HttpResponse::error(
                    400, QStringLiteral("empty_body"), QStringLiteral("the body holds no JSON lines"));
            const auto result = m_intake->ingestJsonLines(request.body, request.remoteAddress);
            QJsonArray errors;
            for (const auto &rejected : result.errors) {
                if (errors.size() >= kErrorsListed)
                    break;
                errors.append(QJsonObject {
                    { QStringLiteral("line"), rejected.line }, { QStringLiteral("error"), rejected.reason } });
            }
            QJsonObject reply { { QStringLiteral("accepted"), result.accepted },
                { QStringLiteral("rejected"), result.rejected }, { QStringLiteral("dropped"), result.dropped } };
            if (!errors.isEmpty())
                reply.insert(QStringLiteral("errors"), errors);
            if (result.accepted == 0 && result.dropped == 0 && result.rejected > 0) {
                // Nothing usable at all: a client error, in the one error shape, with the per-line reasons.
                reply.insert(QStringLiteral("error"),
                    QJsonObject { { QStringLiteral("code"), QStringLiteral("no_valid_records") },
                        { QStringLiteral("message"), QStringLiteral("no line was a JSON object with a message") } });
                return HttpResponse::json(reply, 400);
            }
            // 429 tells a well-behaved shipper to back off and retry what was dropped.
            return HttpResponse::json(reply, result.dropped > 0 ? 429 : 200);
        },
        RouteAccess::Write);
    return true;
}

void LogIntakeService::stop()
{
    if (m_intake) {
        m_intake->reportDrops(); // what was dropped since the last report is not lost with the intake
        m_intake->stop();
    }
    m_intake.reset();
}

QMap<QString, QString> LogIntakeService::registryMeta(quint16 httpPort) const
{
    QMap<QString, QString> meta;
    if (m_intake && m_intake->udpPort() != 0)
        meta.insert(QStringLiteral("syslog_udp"), QString::number(m_intake->udpPort()));
    if (m_intake && m_intake->tcpPort() != 0)
        meta.insert(QStringLiteral("syslog_tcp"), QString::number(m_intake->tcpPort()));
    meta.insert(QStringLiteral("http"), QString::number(httpPort));
    meta.insert(QStringLiteral("logs_path"), QStringLiteral("/v1/logs"));
    return meta;
}
