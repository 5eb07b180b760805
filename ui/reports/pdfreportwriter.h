#pragma once

#include "reports/reportdata.h"

#include <functional>

class QIODevice;

// The report as a paginated A4 PDF: a title page with the fleet summary, the service overview and the
// topology; one section per service with its figures and vector charts; alert transitions; config changes.
// Needs a QGuiApplication (fonts); renders on any thread, since it touches no widget.
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
