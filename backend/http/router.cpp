#include "router.h"

namespace {

QStringList splitPath(const QString &path)
{
    return path.split(QLatin1Char('/'), Qt::SkipEmptyParts);
}

bool isPlaceholder(const QString &segment)
{
    return segment.size() > 2 && segment.startsWith(QLatin1Char('{')) && segment.endsWith(QLatin1Char('}'));
}

QString placeholderName(const QString &segment)
{
    auto name = segment.mid(1, segment.size() - 2);
    if (name.endsWith(QLatin1String("...")))
        name.chop(3);
    return name;
}

} // namespace

void Router::add(const QByteArray &method, const QString &pattern, Handler handler, RouteAccess access)
{
    Route route;
    route.method = method;
    route.pattern = pattern;
    route.segments = splitPath(pattern);
    route.restPlaceholder = !route.segments.isEmpty() && route.segments.last().endsWith(QLatin1String("...}"));
    route.access = access;
    route.handler = std::move(handler);
    m_routes.append(std::move(route));
}

bool Router::matches(const Route &route, const QStringList &segments, QHash<QString, QString> *params)
{
    const auto fixed = route.restPlaceholder ? route.segments.size() - 1 : route.segments.size();
    if (route.restPlaceholder ? segments.size() < fixed : segments.size() != fixed)
        return false;
    params->clear();
    for (qsizetype i = 0; i < fixed; ++i) {
        const auto &expected = route.segments.at(i);
        if (isPlaceholder(expected))
            params->insert(placeholderName(expected), segments.at(i));
        else if (expected != segments.at(i))
            return false;
    }
    if (route.restPlaceholder)
        params->insert(placeholderName(route.segments.last()), segments.mid(fixed).join(QLatin1Char('/')));
    return true;
}

Router::Match Router::match(const QByteArray &method, const QString &path) const
{
    Match result;
    const auto segments = splitPath(path);
    QHash<QString, QString> params;
    // HEAD is answered by the GET handler; the server drops the body.
    const QByteArray effectiveMethod = method == "HEAD" ? QByteArray("GET") : method;
    for (const auto &route : m_routes) {
        if (!matches(route, segments, &params))
            continue;
        if (route.method == effectiveMethod) {
            result.kind = Match::Kind::Found;
            result.handler = &route.handler;
            result.pattern = route.pattern;
            result.access = route.access;
            result.params = params;
            return result;
        }
        result.kind = Match::Kind::MethodNotAllowed;
        if (!result.allowedMethods.contains(route.method))
            result.allowedMethods.append(route.method);
    }
    return result;
}
