#include "reportchart.h"

#include "common/plotlegend.h"
#include "reportstyle.h"

#include <qcustomplot.h>

ReportChart::ReportChart()
    : m_plot(std::make_unique<QCustomPlot>())
{
    m_plot->setAttribute(Qt::WA_DontShowOnScreen);
    m_plot->setBackground(Qt::white);
    for (auto *axis : { m_plot->xAxis, m_plot->yAxis }) {
        axis->setTickLabelFont(ReportStyle::font(7));
        axis->setLabelFont(ReportStyle::font(7.5));
        axis->setBasePen(QPen(QColor(0x88, 0x88, 0x88), 0.8));
        axis->setTickPen(QPen(QColor(0x88, 0x88, 0x88), 0.8));
        axis->setSubTickPen(QPen(QColor(0xaa, 0xaa, 0xaa), 0.5));
        axis->setTickLabelColor(ReportStyle::muted());
        axis->setLabelColor(ReportStyle::muted());
        axis->grid()->setPen(QPen(QColor(0xe3, 0xe6, 0xea), 0.6));
    }
    auto ticker = QSharedPointer<QCPAxisTickerDateTime>::create();
    ticker->setDateTimeSpec(Qt::UTC);
    m_plot->xAxis->setTicker(ticker);
    m_plot->legend->setFont(ReportStyle::font(7));
    m_plot->legend->setBorderPen(QPen(QColor(0xcc, 0xcc, 0xcc), 0.6));
    PlotLegend::placeAboveData(m_plot.get());
}

ReportChart::~ReportChart() = default;

QString ReportChart::title(Kind kind)
{
    switch (kind) {
    case Kind::Requests:
        return QCoreApplication::translate("ReportChart", "Requests per second");
    case Kind::Errors:
        return QCoreApplication::translate("ReportChart", "Error rate (%)");
    case Kind::Latency:
        return QCoreApplication::translate("ReportChart", "Latency (ms): p50, p95, p99");
    }
    return {};
}

void ReportChart::setData(const ServiceReport &service, Kind kind, qint64 fromMs, qint64 toMs)
{
    m_plot->clearGraphs();
    QStringList names;
    switch (kind) {
    case Kind::Requests:
        names = { QStringLiteral("request_rate") };
        break;
    case Kind::Errors:
        names = { QStringLiteral("error_percent") };
        break;
    case Kind::Latency:
        names = { QStringLiteral("p50_ms"), QStringLiteral("p95_ms"), QStringLiteral("p99_ms") };
        break;
    }
    double maxY = 0;
    for (const auto &series : service.series) {
        if (!names.contains(series.name))
            continue;
        auto *graph = m_plot->addGraph();
        graph->setName(ReportText::seriesTitle(series.name));
        const QColor color = ReportStyle::seriesColor(series.name);
        graph->setPen(QPen(color, 1.3));
        if (kind != Kind::Latency) {
            QColor fill = color;
            fill.setAlpha(40);
            graph->setBrush(fill);
        }
        QVector<double> keys, values;
        keys.reserve(series.points.size());
        values.reserve(series.points.size());
        for (const auto &point : series.points) {
            keys.append(point.x() / 1000.0);
            values.append(point.y());
            maxY = std::max(maxY, point.y());
        }
        graph->setData(keys, values, true);
    }
    const double rangeSeconds = double(toMs - fromMs) / 1000.0;
    auto ticker = qSharedPointerCast<QCPAxisTickerDateTime>(m_plot->xAxis->ticker());
    ticker->setDateTimeFormat(rangeSeconds <= 600 ? QStringLiteral("HH:mm:ss")
            : rangeSeconds <= 2 * 86400           ? QStringLiteral("HH:mm")
                                                  : QStringLiteral("MM-dd HH:mm"));
    m_plot->xAxis->setRange(double(fromMs) / 1000.0, double(toMs) / 1000.0);
    if (kind == Kind::Errors)
        m_plot->yAxis->setRange(0, std::max(1.0, maxY * 1.15));
    else
        m_plot->yAxis->setRange(0, maxY > 0 ? maxY * 1.15 : 1.0);
    m_plot->yAxis->setLabel(kind == Kind::Requests ? QStringLiteral("req/s")
            : kind == Kind::Errors                 ? QStringLiteral("%")
                                                   : QStringLiteral("ms"));
    m_plot->legend->setVisible(kind == Kind::Latency);
}

void ReportChart::paint(QCPPainter *painter, int width, int height)
{
    m_plot->resize(width, height);
    m_plot->toPainter(painter, width, height);
}

QImage ReportChart::image(int width, int height, double scale)
{
    m_plot->resize(width, height);
    return m_plot->toPixmap(width, height, scale).toImage();
}
