#pragma once

#include "reports/reportdata.h"

#include <functional>

class QIODevice;

// The report as one self-contained HTML file: the same sections as the PDF, charts and the topology as
// inline PNG images (data: URLs), styles inline, no external resource. Needs a QGuiApplication (fonts);
// renders on any thread.
class HtmlReportWriter
{
public:
    static bool write(
        const ReportData &data, QIODevice *device, QString *error, const std::function<void(int)> &progress = {});
};
