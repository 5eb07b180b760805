#include "exportreport.h"

#include "appoptions.h"
#include "core/datadir.h"
#include "reports/reportexporter.h"

#include <cstdio>
#include <QDateTime>

int runExportReport(const AppOptions &options)
{
    ReportExportJob job;
    job.dataDir = DataDir(options.dataDir).path();
    job.file = options.exportReportFile;
    job.format = ReportFormats::fromName(options.reportFormat).value_or(ReportFormat::Pdf);
    if (options.reportFrom.isValid()) {
        job.request.fromMs = options.reportFrom.toMSecsSinceEpoch();
        job.request.toMs = options.reportTo.toMSecsSinceEpoch();
    } else {
        job.request.toMs = QDateTime::currentMSecsSinceEpoch();
        job.request.fromMs = job.request.toMs - (options.reportRangeMs > 0 ? options.reportRangeMs : 3'600'000);
    }
    job.request.services = options.reportServices;
    const auto result = ReportExporter::run(job);
    std::fprintf(stderr, "flightdeck: %s\n", qPrintable(result.message));
    return result.ok ? 0 : 1;
}
