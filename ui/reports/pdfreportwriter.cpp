#include "pdfreportwriter.h"

#include "pagecomposer.h"
#include "reportchart.h"
#include "reportstyle.h"
#include "reporttables.h"
#include "topologypainter.h"

#include <QBuffer>
#include <QCoreApplication>
#include <QIODevice>
#include <QPainter>
#include <QPdfWriter>

namespace {

constexpr int kResolution = 96;
constexpr double kChartHeight = 190;
constexpr double kTopologyHeight = 300;

struct Text
{
    Q_DECLARE_TR_FUNCTIONS(PdfReportWriter)
};

QList<PageComposer::Column> columnsOf(const QStringList &titles, const QList<double> &widths, int firstNumeric)
{
    QList<PageComposer::Column> columns;
    for (int i = 0; i < titles.size(); ++i)
        columns.append({ titles[i], widths.value(i, 1.0), i >= firstNumeric ? Qt::AlignRight : Qt::AlignLeft });
    return columns;
}

} // namespace

bool PdfReportWriter::write(
    const ReportData &data, QIODevice *device, QString *error, const std::function<void(int)> &progress)
{
    // The footers say "Page N of M", and M is known only once everything is laid out: the first pass lays
    // the document out into a scratch buffer to count its pages, the second writes it.
    QBuffer scratch;
    scratch.open(QIODevice::WriteOnly);
    const auto half = [&progress](int offset) {
        return std::function<void(int)>([&progress, offset](int percent) {
            if (progress)
                progress(offset + percent / 2);
        });
    };
    const int pages = render(data, &scratch, 0, error, half(0));
    return pages > 0 && render(data, device, pages, error, half(50)) > 0;
}

int PdfReportWriter::render(
    const ReportData &data, QIODevice *device, int totalPages, QString *error, const std::function<void(int)> &progress)
{
    QPdfWriter writer(device);
    writer.setResolution(kResolution);
    writer.setPageSize(QPageSize(QPageSize::A4));
    writer.setPageMargins(QMarginsF(0, 0, 0, 0));
    writer.setTitle(Text::tr("Flightdeck metrics report"));
    writer.setCreator(QStringLiteral("Flightdeck " FLIGHTDECK_VERSION));
    QPainter painter;
    if (!painter.begin(&writer)) {
        if (error)
            *error = Text::tr("cannot start the PDF: %1").arg(device->errorString());
        return 0;
    }
    painter.setRenderHint(QPainter::Antialiasing);
    PageComposer page(&writer, &painter, ReportTables::rangeText(data) + QStringLiteral(" UTC"), totalPages);

    page.title(Text::tr("Flightdeck metrics report"),
        Text::tr("%1 · generated %2 UTC").arg(ReportTables::rangeText(data), ReportText::time(data.generatedMs)));
    page.heading(Text::tr("Fleet summary"));
    page.table(columnsOf(ReportTables::fleetHeader(), { 1.0, 1.6 }, 9), ReportTables::fleetRows(data));
    page.heading(Text::tr("Services"));
    QList<QStringList> overview;
    for (const auto &service : data.services)
        overview.append(ReportTables::serviceRow(service));
    const QList<double> serviceWidths { 1.6, 0.8, 1.0, 0.9, 1.0, 0.8, 0.8, 0.8 };
    page.table(columnsOf(ReportTables::serviceHeader(), serviceWidths, 1), overview);
    page.heading(Text::tr("Topology"));
    page.paragraph(Text::tr("Services and the calls between them over the whole range; the colour is the health, "
                            "arrows carry the average call rate."),
        true);
    page.block(kTopologyHeight, [&](const QRectF &area) { TopologyPainter::paint(&painter, data.topology, area); });
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
        page.newPage();
        page.heading(Text::tr("Service %1").arg(service.service));
        page.paragraph(Text::tr("Instances: %1").arg(service.instances.join(QStringLiteral(", "))), true);
        page.table(columnsOf(ReportTables::serviceHeader(), serviceWidths, 1), { ReportTables::serviceRow(service) });
        for (const auto kind : { ReportChart::Kind::Requests, ReportChart::Kind::Errors, ReportChart::Kind::Latency }) {
            page.subheading(ReportChart::title(kind));
            page.block(kChartHeight, [&](const QRectF &area) {
                chart.setData(service, kind, data.fromMs, data.toMs);
                chart.paint(&painter, area);
            });
            page.skip(8);
        }
        page.subheading(Text::tr("Instances"));
        page.table(
            columnsOf(ReportTables::instanceHeader(), { 2.0, 1.0, 1.0, 1.0 }, 1), ReportTables::instanceRows(service));
        if (progress)
            progress(10 + 80 * (i + 1) / std::max<qsizetype>(1, data.services.size()));
    }

    if (!idle.isEmpty()) {
        page.heading(Text::tr("Services without traffic"));
        for (const auto &line : std::as_const(idle))
            page.paragraph(line, true);
    }

    page.newPage();
    page.heading(Text::tr("Alert transitions"));
    if (data.alerts.isEmpty())
        page.paragraph(Text::tr("No alert changed state in this range."), true);
    else
        page.table(
            columnsOf(ReportTables::alertHeader(), { 1.5, 1.5, 1.5, 1.4, 0.6 }, 4), ReportTables::alertRows(data));
    page.heading(Text::tr("Operator actions"));
    if (data.operatorEvents.isEmpty())
        page.paragraph(Text::tr("No operator action in this range."), true);
    else
        page.table(columnsOf(ReportTables::operatorHeader(), { 1.5, 1.0, 1.4, 2.4, 0.6 }, 9),
            ReportTables::operatorRows(data));
    page.heading(Text::tr("Configuration changes"));
    if (!data.configAvailable)
        page.paragraph(Text::tr("The data dir holds no registry state, so configuration changes are unknown."), true);
    else if (data.configChanges.isEmpty())
        page.paragraph(Text::tr("No configuration key changed in this range."), true);
    else
        page.table(columnsOf(ReportTables::configHeader(), { 1.5, 1.6, 0.6, 2.3 }, 9), ReportTables::configRows(data));
    page.finish();
    if (progress)
        progress(100);
    return page.pages();
}
