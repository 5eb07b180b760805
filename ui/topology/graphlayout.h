#pragma once

#include <QHash>
#include <QList>
#include <QPainterPath>
#include <QPointF>
#include <QRectF>
#include <QSizeF>
#include <QString>

// Input and output of one automatic layout. Plain values, so a layout can run on a worker thread.
struct GraphLayoutInput
{
    struct Node
    {
        QString id;
        QSizeF size; // scene units (pixels at zoom 1)
    };
    struct Edge
    {
        QString from;
        QString to;
    };
    QList<Node> nodes;
    QList<Edge> edges;
};

struct GraphLayoutResult
{
    QHash<QString, QPointF> centers; // node id → centre
    QHash<QString, QPainterPath> edgePaths; // "from->to" → spline
    QRectF bounds;
    QString error;
    qint64 elapsedMs = 0;
};

// Layered layout of a directed graph with Graphviz's dot engine (callers on the left, callees on the right).
// Graphviz keeps global state, so layouts are serialised; call from any one thread at a time.
class GraphLayout
{
public:
    static GraphLayoutResult compute(const GraphLayoutInput &input);
    static QString edgeKey(const QString &from, const QString &to) { return from + QStringLiteral("->") + to; }
    // The same graph as Graphviz DOT text, for export.
    static QString toDot(const GraphLayoutInput &input, const QHash<QString, QString> &labels = {});
};
