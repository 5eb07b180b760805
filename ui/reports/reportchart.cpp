#include "reportchart.h"

#include "reportstyle.h"

#include <cmath>
#include <QCoreApplication>
#include <QDateTime>
#include <QFontMetricsF>
#include <QPainter>
#include <QPainterPath>

namespace {

constexpr double kTickLength = 4;
constexpr double kGap = 4;
constexpr double kTargetYTicks = 5;
constexpr double kMinXLabelSpacing = 24; // between two time labels, beyond their own width

const QColor kAxisColor(0x88, 0x88, 0x88);
const QColor kGridColor(0xe3, 0xe6, 0xea);
const QColor kLegendBorder(0xcc, 0xcc, 0xcc);

QFont tickFont()
{
    return ReportStyle::font(7);
}
QFont labelFont()
{
    return ReportStyle::font(7.5);
}

// 1, 2 or 5 times a power of ten, the smallest at least raw.
double niceStep(double raw)
{
    if (!(raw > 0))
        return 1;
    const double magnitude = std::pow(10.0, std::floor(std::log10(raw)));
    for (const double factor : { 1.0, 2.0, 5.0 }) {
        if (factor * magnitude >= raw * 0.999)
            return factor * magnitude;
    }
    return 10 * magnitude;
}

// Time steps a reader counts in, in seconds.
constexpr double kTimeSteps[]
    = { 1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400, 172800, 604800 };

QString timeFormat(double rangeSeconds)
{
    return rangeSeconds <= 600   ? QStringLiteral("HH:mm:ss")
        : rangeSeconds <= 172800 ? QStringLiteral("HH:mm")
                                 : QStringLiteral("MM-dd HH:mm");
}

} // namespace

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
    m_lines.clear();
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
    for (const auto &name : std::as_const(names)) {
        for (const auto &series : service.series) {
            if (series.name != name)
                continue;
            Line line { ReportText::seriesTitle(series.name), ReportStyle::seriesColor(series.name),
                kind != Kind::Latency, {} };
            QPolygonF run;
            for (const auto &point : series.points) {
                // A missing value breaks the line: it is not drawn as zero, nor bridged.
                if (!std::isfinite(point.y())) {
                    if (!run.isEmpty())
                        line.runs.append(std::exchange(run, {}));
                    continue;
                }
                run.append(QPointF(point.x() / 1000.0, point.y()));
                maxY = std::max(maxY, point.y());
            }
            if (!run.isEmpty())
                line.runs.append(run);
            m_lines.append(line);
        }
    }
    m_fromSeconds = double(fromMs) / 1000.0;
    m_toSeconds = std::max(m_fromSeconds + 1, double(toMs) / 1000.0);
    m_maxY = kind == Kind::Errors ? std::max(1.0, maxY * 1.15) : (maxY > 0 ? maxY * 1.15 : 1.0);
    m_unit = kind == Kind::Requests ? QStringLiteral("req/s")
        : kind == Kind::Errors      ? QStringLiteral("%")
                                    : QStringLiteral("ms");
    m_legend = kind == Kind::Latency && !m_lines.isEmpty();
}

QList<ReportChart::Tick> ReportChart::yTicks() const
{
    const double step = niceStep(m_maxY / kTargetYTicks);
    const int decimals = step >= 1 ? 0 : int(std::ceil(-std::log10(step) - 1e-9));
    QList<Tick> ticks;
    for (int i = 0; i * step <= m_maxY * 1.0001; ++i)
        ticks.append({ i * step, QString::number(i * step, 'f', decimals) });
    return ticks;
}

QList<ReportChart::Tick> ReportChart::xTicks(double width) const
{
    const double range = m_toSeconds - m_fromSeconds;
    const QString format = timeFormat(range);
    const QString sample = QDateTime::fromMSecsSinceEpoch(qint64(m_fromSeconds * 1000), Qt::UTC).toString(format);
    const double labelWidth = QFontMetricsF(tickFont()).horizontalAdvance(sample) + kMinXLabelSpacing;
    const int maxTicks = std::max(2, int(width / labelWidth));
    double step = kTimeSteps[std::size(kTimeSteps) - 1];
    for (const double candidate : kTimeSteps) {
        if (range / candidate <= maxTicks) {
            step = candidate;
            break;
        }
    }
    while (range / step > maxTicks) // longer than the table: whole weeks
        step *= 2;
    QList<Tick> ticks;
    // Ticks on whole multiples of the step in UTC, as a reader counts time.
    for (double t = std::ceil(m_fromSeconds / step) * step; t <= m_toSeconds + 1e-6; t += step) {
        ticks.append({ t, QDateTime::fromMSecsSinceEpoch(qint64(std::llround(t * 1000)), Qt::UTC).toString(format) });
    }
    return ticks;
}

ReportChart::Layout ReportChart::layout(const QRectF &area) const
{
    const QFontMetricsF tick(tickFont());
    const QFontMetricsF label(labelFont());
    double yLabelWidth = 0;
    for (const auto &t : yTicks())
        yLabelWidth = std::max(yLabelWidth, tick.horizontalAdvance(t.label));
    Layout layout;
    double top = area.top() + kGap;
    if (m_legend) {
        // One row above the data, entries side by side, right-aligned: it never covers a curve.
        const double swatch = 14;
        const double rowHeight = tick.height() + 4;
        double x = 0;
        QList<QRectF> items;
        for (const auto &line : m_lines) {
            const double w = swatch + 4 + tick.horizontalAdvance(line.title) + 6;
            items.append(QRectF(x, 0, w, rowHeight));
            x += w;
        }
        const QRectF legend(area.right() - kGap - x - 4, top, x + 4, rowHeight);
        for (auto &item : items)
            item.translate(legend.left() + 2, legend.top());
        layout.legend = legend;
        layout.legendItems = items;
        top = legend.bottom() + kGap;
    } else {
        top += tick.height() / 2; // room for the top tick label
    }
    const double left = area.left() + label.height() + kGap + yLabelWidth + kGap + kTickLength;
    const double bottom = area.bottom() - tick.height() - kTickLength - kGap;
    const double right = area.right() - tick.horizontalAdvance(QStringLiteral("00:00:00")) / 2;
    layout.data = QRectF(QPointF(left, top), QPointF(right, bottom));
    return layout;
}

QPointF ReportChart::toPixel(const QRectF &data, const QPointF &point) const
{
    const double x = data.left() + (point.x() - m_fromSeconds) / (m_toSeconds - m_fromSeconds) * data.width();
    const double y = data.bottom() - point.y() / m_maxY * data.height();
    return { x, y };
}

void ReportChart::paint(QPainter *painter, const QRectF &area) const
{
    const Layout parts = layout(area);
    const QRectF &data = parts.data;
    if (!data.isValid())
        return;
    painter->save();
    painter->setRenderHint(QPainter::Antialiasing);
    const QFontMetricsF tick(tickFont());

    // Grid and y axis.
    painter->setFont(tickFont());
    for (const auto &t : yTicks()) {
        const double y = toPixel(data, { m_fromSeconds, t.at }).y();
        painter->setPen(QPen(kGridColor, 0.6));
        painter->drawLine(QPointF(data.left(), y), QPointF(data.right(), y));
        painter->setPen(QPen(kAxisColor, 0.8));
        painter->drawLine(QPointF(data.left() - kTickLength, y), QPointF(data.left(), y));
        painter->setPen(ReportStyle::muted());
        const QRectF box(
            area.left(), y - tick.height() / 2, data.left() - kTickLength - kGap - area.left(), tick.height());
        painter->drawText(box, Qt::AlignRight | Qt::AlignVCenter, t.label);
    }
    for (const auto &t : xTicks(data.width())) {
        const double x = toPixel(data, { t.at, 0 }).x();
        painter->setPen(QPen(kGridColor, 0.6));
        painter->drawLine(QPointF(x, data.top()), QPointF(x, data.bottom()));
        painter->setPen(QPen(kAxisColor, 0.8));
        painter->drawLine(QPointF(x, data.bottom()), QPointF(x, data.bottom() + kTickLength));
        painter->setPen(ReportStyle::muted());
        const double w = tick.horizontalAdvance(t.label);
        painter->drawText(
            QRectF(x - w / 2 - 2, data.bottom() + kTickLength + 1, w + 4, tick.height()), Qt::AlignCenter, t.label);
    }
    painter->setPen(QPen(kAxisColor, 0.8));
    painter->drawLine(data.bottomLeft(), data.bottomRight());
    painter->drawLine(data.bottomLeft(), data.topLeft());

    // The unit, rotated along the y axis.
    painter->setFont(labelFont());
    painter->setPen(ReportStyle::muted());
    painter->save();
    painter->translate(area.left() + QFontMetricsF(labelFont()).height() / 2 + 1, data.center().y());
    painter->rotate(-90);
    painter->drawText(QRectF(-data.height() / 2, -QFontMetricsF(labelFont()).height() / 2, data.height(),
                          QFontMetricsF(labelFont()).height()),
        Qt::AlignCenter, m_unit);
    painter->restore();

    // The data, clipped to its rectangle.
    painter->save();
    painter->setClipRect(data.adjusted(0, -1, 0, 0));
    for (const auto &line : m_lines) {
        for (const auto &run : line.runs) {
            QPolygonF pixels;
            pixels.reserve(run.size());
            for (const auto &point : run)
                pixels.append(toPixel(data, point));
            if (line.filled && pixels.size() > 1) {
                QPolygonF under = pixels;
                under.append(QPointF(pixels.last().x(), data.bottom()));
                under.append(QPointF(pixels.first().x(), data.bottom()));
                QColor fill = line.color;
                fill.setAlpha(40);
                painter->setPen(Qt::NoPen);
                painter->setBrush(fill);
                painter->drawPolygon(under);
                painter->setBrush(Qt::NoBrush);
            }
            painter->setPen(QPen(line.color, 1.3, Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin));
            if (pixels.size() == 1)
                painter->drawPoint(pixels.first());
            else
                painter->drawPolyline(pixels);
        }
    }
    painter->restore();

    if (!parts.legend.isEmpty()) {
        painter->setPen(QPen(kLegendBorder, 0.6));
        painter->setBrush(Qt::white);
        painter->drawRect(parts.legend);
        painter->setFont(tickFont());
        for (int i = 0; i < m_lines.size() && i < parts.legendItems.size(); ++i) {
            const QRectF &item = parts.legendItems[i];
            painter->setPen(QPen(m_lines[i].color, 1.6));
            painter->drawLine(
                QPointF(item.left() + 3, item.center().y()), QPointF(item.left() + 15, item.center().y()));
            painter->setPen(Qt::black);
            painter->drawText(item.adjusted(18, 0, 0, 0), Qt::AlignLeft | Qt::AlignVCenter, m_lines[i].title);
        }
    }
    painter->restore();
}

QImage ReportChart::image(int width, int height, double scale) const
{
    QImage image(QSize(int(width * scale), int(height * scale)), QImage::Format_ARGB32_Premultiplied);
    image.setDevicePixelRatio(scale);
    image.fill(Qt::white);
    QPainter painter(&image);
    paint(&painter, QRectF(0, 0, width, height));
    return image;
}
