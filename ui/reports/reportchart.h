#pragma once

#include "reports/reportdata.h"

#include <memory>
#include <QImage>

class QCPPainter;
class QCustomPlot;

// Draws one chart of one service (requests per second, error rate, or the three latency percentiles) with
// QCustomPlot, either as vectors onto a painter (PDF) or into an image (HTML). One plot object is reused
// for every chart of a report. QCustomPlot is a widget, so this needs a QApplication (offscreen is fine),
// but the plot is never shown.
class ReportChart
{
public:
    enum class Kind { Requests, Errors, Latency };

    ReportChart();
    ~ReportChart();

    void setData(const ServiceReport &service, Kind kind, qint64 fromMs, qint64 toMs);
    // Paints at the painter's current origin, width × height in the painter's units.
    void paint(QCPPainter *painter, int width, int height);
    QImage image(int width, int height, double scale);

    static QString title(Kind kind);
    // The plot as last set up and painted, for checking where its parts went.
    const QCustomPlot *plot() const { return m_plot.get(); }

private:
    std::unique_ptr<QCustomPlot> m_plot;
};
