#pragma once

#include "reports/reportdata.h"

#include <QColor>
#include <QImage>
#include <QList>
#include <QPolygonF>
#include <QRectF>

class QPainter;

// Draws one chart of one service (requests per second, error rate, or the three latency percentiles) with
// QPainter alone, as vectors onto any painter (PDF) or into an image (HTML). It owns no widget and no
// QObject, so a report renders on any thread: the report dialog writes PDF and HTML on a worker and the
// GUI thread never waits for a chart.
class ReportChart
{
public:
    enum class Kind { Requests, Errors, Latency };

    // Where the parts of the chart go in a given area, in the painter's units: for painting, and for tests
    // that check that the legend never covers the data.
    struct Layout
    {
        QRectF data; // the plotted area inside the axes
        QRectF legend; // empty when the chart has no legend
        QList<QRectF> legendItems;
    };

    void setData(const ServiceReport &service, Kind kind, qint64 fromMs, qint64 toMs);
    // Paints into area (painter units: 1/96 inch on the report's PDF writer, pixels on an image).
    void paint(QPainter *painter, const QRectF &area) const;
    QImage image(int width, int height, double scale) const;
    Layout layout(const QRectF &area) const;

    static QString title(Kind kind);

private:
    struct Line
    {
        QString title;
        QColor color;
        bool filled = false;
        QList<QPolygonF> runs; // (seconds, value) runs between missing points
    };
    struct Tick
    {
        double at;
        QString label;
    };
    QList<Tick> xTicks(double width) const;
    QList<Tick> yTicks() const;
    QPointF toPixel(const QRectF &data, const QPointF &point) const;

    QList<Line> m_lines;
    double m_fromSeconds = 0;
    double m_toSeconds = 1;
    double m_maxY = 1;
    QString m_unit;
    bool m_legend = false;
};
