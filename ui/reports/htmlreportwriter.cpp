#include "htmlreportwriter.h"

#include "reportchart.h"
#include "reporttables.h"
#include "topologypainter.h"

#include <QBuffer>
#include <QCoreApplication>
#include <QImage>
#include <QIODevice>
#include <QPainter>

namespace {

constexpr int kChartWidth = 760;
constexpr int kChartHeight = 220;
constexpr double kImageScale = 2.0; // sharp on high-density screens and in print

struct Text
{
    Q_DECLARE_TR_FUNCTIONS(HtmlReportWriter)
};

QString dataUrl(const QImage &image)
{
    QByteArray png;
    QBuffer buffer(&png);
    buffer.open(QIODevice::WriteOnly);
    image.save(&buffer, "PNG");
    return QStringLiteral("data:image/png;base64,") + QString::fromLatin1(png.toBase64());
}

QString table(const QStringList &header, const QList<QStringList> &rows, int firstNumeric)
{
    QString html = QStringLiteral("<table><thead><tr>");
    for (int i = 0; i < header.size(); ++i)
        html += QStringLiteral("<th%1>%2</th>")
                    .arg(i >= firstNumeric ? QStringLiteral(" class=\"num\"") : QString(), header[i].toHtmlEscaped());
    html += QStringLiteral("</tr></thead><tbody>");
    for (const auto &row : rows) {
        html += QStringLiteral("<tr>");
        for (int i = 0; i < row.size(); ++i)
            html += QStringLiteral("<td%1>%2</td>")
                        .arg(i >= firstNumeric ? QStringLiteral(" class=\"num\"") : QString(), row[i].toHtmlEscaped());
        html += QStringLiteral("</tr>");
    }
    return html + QStringLiteral("</tbody></table>\n");
}

const char *kStyle = R"(
body { font-family: "DejaVu Sans", "Droid Sans Fallback", "Noto Sans CJK SC", sans-serif; color: #222b36;
       max-width: 900px; margin: 2em auto; padding: 0 1em; font-size: 14px; }
h1 { color: #1f4e79; margin-bottom: 0.2em; }
h2 { color: #1f4e79; border-bottom: 2px solid #1f4e79; padding-bottom: 0.2em; margin-top: 2em; }
h3 { margin: 1.2em 0 0.4em; font-size: 1em; }
.muted { color: #5f6b7a; }
table { border-collapse: collapse; width: 100%; margin: 0.5em 0 1em; font-size: 13px; }
th { background: #e8eef4; color: #1f4e79; text-align: left; }
th, td { padding: 4px 8px; border-bottom: 1px solid #d5dbe1; }
tbody tr:nth-child(even) { background: #f7f9fb; }
.num { text-align: right; font-variant-numeric: tabular-nums; }
img { max-width: 100%; }
)";

} // namespace

bool HtmlReportWriter::write(
    const ReportData &data, QIODevice *device, QString *error, const std::function<void(int)> &progress)
{
    QString html
        = QStringLiteral("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\">\n<title>%1</title>\n<style>%2</style>"
                         "</head><body>\n")
              .arg(Text::tr("Flightdeck metrics report").toHtmlEscaped(), QString::fromLatin1(kStyle));
    html += QStringLiteral("<h1>%1</h1>\n<p class=\"muted\">%2</p>\n")
                .arg(Text::tr("Flightdeck metrics report").toHtmlEscaped(),
                    Text::tr("%1 · generated %2 UTC")
                        .arg(ReportTables::rangeText(data), ReportText::time(data.generatedMs))
                        .toHtmlEscaped());
    html += QStringLiteral("<h2>%1</h2>\n").arg(Text::tr("Fleet summary").toHtmlEscaped());
    html += table(ReportTables::fleetHeader(), ReportTables::fleetRows(data), 9);
    html += QStringLiteral("<h2>%1</h2>\n").arg(Text::tr("Services").toHtmlEscaped());
    QList<QStringList> overview;
    for (const auto &service : data.services)
        overview.append(ReportTables::serviceRow(service));
    html += table(ReportTables::serviceHeader(), overview, 1);

    html += QStringLiteral("<h2>%1</h2>\n").arg(Text::tr("Topology").toHtmlEscaped());
    if (!data.topology.nodes.isEmpty()) {
        QImage image(QSize(kChartWidth, 300) * kImageScale, QImage::Format_ARGB32_Premultiplied);
        image.setDevicePixelRatio(kImageScale);
        image.fill(Qt::white);
        QPainter painter(&image);
        TopologyPainter::paint(&painter, data.topology, QRectF(0, 0, kChartWidth, 300));
        painter.end();
        html += QStringLiteral("<img alt=\"%1\" src=\"%2\">\n")
                    .arg(Text::tr("Topology").toHtmlEscaped(), dataUrl(image));
    }
    if (progress)
        progress(10);

    ReportChart chart;
    QStringList idle;
    for (int i = 0; i < data.services.size(); ++i) {
        const auto &service = data.services[i];
        if (!ReportTables::hasTraffic(service)) {
            idle.append(ReportTables::noTrafficLine(service));
            continue;
        }
        html += QStringLiteral("<h2>%1</h2>\n<p class=\"muted\">%2</p>\n")
                    .arg(Text::tr("Service %1").arg(service.service).toHtmlEscaped(),
                        Text::tr("Instances: %1").arg(service.instances.join(QStringLiteral(", "))).toHtmlEscaped());
        html += table(ReportTables::serviceHeader(), { ReportTables::serviceRow(service) }, 1);
        for (const auto kind : { ReportChart::Kind::Requests, ReportChart::Kind::Errors, ReportChart::Kind::Latency }) {
            chart.setData(service, kind, data.fromMs, data.toMs);
            html += QStringLiteral("<h3>%1</h3>\n<img alt=\"%1\" src=\"%2\">\n")
                        .arg(ReportChart::title(kind).toHtmlEscaped(),
                            dataUrl(chart.image(kChartWidth, kChartHeight, kImageScale)));
        }
        html += QStringLiteral("<h3>%1</h3>\n").arg(Text::tr("Instances").toHtmlEscaped());
        html += table(ReportTables::instanceHeader(), ReportTables::instanceRows(service), 1);
        if (progress)
            progress(10 + 80 * (i + 1) / std::max<qsizetype>(1, data.services.size()));
    }

    if (!idle.isEmpty()) {
        html += QStringLiteral("<h2>%1</h2>\n").arg(Text::tr("Services without traffic").toHtmlEscaped());
        for (const auto &line : std::as_const(idle))
            html += QStringLiteral("<p class=\"muted\">%1</p>\n").arg(line.toHtmlEscaped());
    }

    html += QStringLiteral("<h2>%1</h2>\n").arg(Text::tr("Alert transitions").toHtmlEscaped());
    if (data.alerts.isEmpty())
        html += QStringLiteral("<p class=\"muted\">%1</p>\n")
                    .arg(Text::tr("No alert changed state in this range.").toHtmlEscaped());
    else
        html += table(ReportTables::alertHeader(), ReportTables::alertRows(data), 4);
    html += QStringLiteral("<h2>%1</h2>\n").arg(Text::tr("Operator actions").toHtmlEscaped());
    if (data.operatorEvents.isEmpty())
        html += QStringLiteral("<p class=\"muted\">%1</p>\n")
                    .arg(Text::tr("No operator action in this range.").toHtmlEscaped());
    else
        html += table(ReportTables::operatorHeader(), ReportTables::operatorRows(data), 9);
    html += QStringLiteral("<h2>%1</h2>\n").arg(Text::tr("Configuration changes").toHtmlEscaped());
    if (!data.configAvailable)
        html += QStringLiteral("<p class=\"muted\">%1</p>\n")
                    .arg(Text::tr("The data dir holds no registry state, so configuration changes are unknown.")
                             .toHtmlEscaped());
    else if (data.configChanges.isEmpty())
        html += QStringLiteral("<p class=\"muted\">%1</p>\n")
                    .arg(Text::tr("No configuration key changed in this range.").toHtmlEscaped());
    else
        html += table(ReportTables::configHeader(), ReportTables::configRows(data), 9);
    html += QStringLiteral("</body></html>\n");

    const QByteArray bytes = html.toUtf8();
    if (device->write(bytes) != bytes.size()) {
        if (error)
            *error = device->errorString();
        return false;
    }
    if (progress)
        progress(100);
    return true;
}
