#pragma once

#include "reports/reportdata.h"

#include <functional>

class QIODevice;

// The report as a paginated A4 PDF: a title page with the fleet summary, the service overview and the
// topology; one section per service with its figures and vector charts; alert transitions; config changes.
// Needs a QApplication (charts are QCustomPlot widgets, never shown); any thread that owns no widgets is
// fine as long as only one report renders at a time per thread.
class PdfReportWriter
{
public:
    // progress (0..100) is called between sections.
    static bool write(
        const ReportData &data, QIODevice *device, QString *error, const std::function<void(int)> &progress = {});

private:
    // One pass over the document; returns its page count, 0 on failure.
    static int render(const ReportData &data, QIODevice *device, int totalPages, QString *error,
        const std::function<void(int)> &progress);
};
