#pragma once

#include <functional>
#include <QByteArray>
#include <QHash>
#include <QList>
#include <QString>
#include <QStringList>

struct HttpRequest;
class HttpReply;

// Whether a route only reads or changes state; write routes are the ones an access token protects.
enum class RouteAccess { Read, Write };

// Maps method + path pattern to a handler. Patterns are literal segments and {name} placeholders:
// "/carts/{id}/items/{item_id}". A trailing "{name...}" placeholder takes the rest of the path (KV keys).
class Router
{
public:
    using Handler = std::function<void(const HttpRequest &, HttpReply)>;

    struct Match
    {
        enum class Kind { Found, NotFound, MethodNotAllowed } kind = Kind::NotFound;
        const Handler *handler = nullptr;
        QString pattern;
        RouteAccess access = RouteAccess::Read;
        QHash<QString, QString> params;
        QByteArrayList allowedMethods;
    };

    void add(const QByteArray &method, const QString &pattern, Handler handler, RouteAccess access);
    Match match(const QByteArray &method, const QString &path) const;

private:
    struct Route
    {
        QByteArray method;
        QString pattern;
        QStringList segments;
        bool restPlaceholder = false;
        RouteAccess access = RouteAccess::Read;
        Handler handler;
    };
    static bool matches(const Route &route, const QStringList &segments, QHash<QString, QString> *params);

    QList<Route> m_routes;
};
