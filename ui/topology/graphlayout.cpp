#include "graphlayout.h"

#include <graphviz/gvc.h>
#include <QElapsedTimer>
#include <QMutex>

namespace {

constexpr double kPointsPerInch = 72.0;

QMutex &graphvizMutex()
{
    static QMutex mutex;
    return mutex;
}

GVC_t *context()
{
    static GVC_t *gvc = gvContext(); // lives for the process; plugins load once
    return gvc;
}

char *cstr(const char *text)
{
    return const_cast<char *>(text);
}

} // namespace

GraphLayoutResult GraphLayout::compute(const GraphLayoutInput &input)
{
    GraphLayoutResult result;
    if (input.nodes.isEmpty())
        return result;
    QElapsedTimer timer;
    timer.start();
    QMutexLocker lock(&graphvizMutex());
    Agraph_t *graph = agopen(cstr("topology"), Agdirected, nullptr);
    agsafeset(graph, cstr("rankdir"), cstr("LR"), cstr(""));
    agsafeset(graph, cstr("nodesep"), cstr("0.6"), cstr(""));
    agsafeset(graph, cstr("ranksep"), cstr("1.7"), cstr(""));
    agsafeset(graph, cstr("splines"), cstr("spline"), cstr(""));

    QHash<QString, Agnode_t *> nodes;
    for (const auto &node : input.nodes) {
        const auto name = node.id.toUtf8();
        Agnode_t *n = agnode(graph, const_cast<char *>(name.constData()), 1);
        agsafeset(n, cstr("shape"), cstr("box"), cstr(""));
        agsafeset(n, cstr("fixedsize"), cstr("true"), cstr(""));
        agsafeset(n, cstr("width"), QByteArray::number(node.size.width() / kPointsPerInch).data(), cstr(""));
        agsafeset(n, cstr("height"), QByteArray::number(node.size.height() / kPointsPerInch).data(), cstr(""));
        nodes.insert(node.id, n);
    }
    QHash<Agedge_t *, QString> edges;
    for (const auto &edge : input.edges) {
        auto *from = nodes.value(edge.from);
        auto *to = nodes.value(edge.to);
        if (!from || !to)
            continue;
        edges.insert(agedge(graph, from, to, nullptr, 1), edgeKey(edge.from, edge.to));
    }

    if (gvLayout(context(), graph, "dot") != 0) {
        result.error = QStringLiteral("graph layout failed");
        agclose(graph);
        return result;
    }
    // Graphviz's y axis points up; the scene's points down.
    const boxf boundingBox = GD_bb(graph);
    const double top = boundingBox.UR.y;
    auto toScene = [top](pointf p) { return QPointF(p.x, top - p.y); };
    result.bounds = QRectF(QPointF(boundingBox.LL.x, 0), QPointF(boundingBox.UR.x, top - boundingBox.LL.y));
    for (auto it = nodes.cbegin(); it != nodes.cend(); ++it)
        result.centers.insert(it.key(), toScene(ND_coord(it.value())));
    for (auto it = edges.cbegin(); it != edges.cend(); ++it) {
        const splines *spl = ED_spl(it.key());
        if (!spl || spl->size == 0)
            continue;
        const bezier &bz = spl->list[0];
        QPainterPath spline(toScene(bz.list[0]));
        for (int i = 1; i + 2 < bz.size; i += 3)
            spline.cubicTo(toScene(bz.list[i]), toScene(bz.list[i + 1]), toScene(bz.list[i + 2]));
        if (bz.eflag)
            spline.lineTo(toScene(bz.ep));
        result.edgePaths.insert(it.value(), spline);
    }
    gvFreeLayout(context(), graph);
    agclose(graph);
    result.elapsedMs = timer.elapsed();
    return result;
}

QString GraphLayout::toDot(const GraphLayoutInput &input, const QHash<QString, QString> &labels)
{
    auto quote = [](QString text) -> QString {
        return QLatin1Char('"') + text.replace(QLatin1Char('"'), QStringLiteral("\\\"")) + QLatin1Char('"');
    };
    QString dot = QStringLiteral("digraph topology {\n  rankdir=LR;\n  node [shape=box, style=rounded];\n");
    for (const auto &node : input.nodes)
        dot += QStringLiteral("  %1;\n").arg(quote(node.id));
    for (const auto &edge : input.edges) {
        const auto label = labels.value(edgeKey(edge.from, edge.to));
        dot += QStringLiteral("  %1 -> %2").arg(quote(edge.from), quote(edge.to));
        if (!label.isEmpty())
            dot += QStringLiteral(" [label=%1]").arg(quote(label));
        dot += QStringLiteral(";\n");
    }
    dot += QStringLiteral("}\n");
    return dot;
}
