#include "catalogservice.h"

#include "http/httprequest.h"
#include "http/httpresponse.h"
#include "http/httpserver.h"

#include <QJsonArray>
#include <QJsonDocument>

CatalogService::CatalogService(QList<CatalogItem> items)
    : m_items(std::move(items))
{ }

bool CatalogService::start(ServiceContext &context, QString *)
{
    QJsonArray list;
    for (const auto &item : std::as_const(m_items)) {
        const auto object = item.toJson();
        list.append(object);
        m_itemBodies.insert(item.id, QJsonDocument(object).toJson(QJsonDocument::Compact));
    }
    m_listBody = QJsonDocument(QJsonObject { { QStringLiteral("items"), list } }).toJson(QJsonDocument::Compact);

    context.server.route("GET", QStringLiteral("/items"),
        [this](const HttpRequest &) { return HttpResponse::text(m_listBody, "application/json"); });
    context.server.route("GET", QStringLiteral("/items/{id}"), [this](const HttpRequest &request) {
        const auto id = request.pathParam(QStringLiteral("id"));
        const auto it = m_itemBodies.constFind(id);
        if (it == m_itemBodies.constEnd())
            return HttpResponse::error(
                404, QStringLiteral("unknown_item"), QStringLiteral("no item '%1' in the catalog").arg(id.left(128)));
        return HttpResponse::text(*it, "application/json");
    });
    return true;
}
