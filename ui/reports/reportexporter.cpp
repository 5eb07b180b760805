#include "reportexporter.h"

#include "htmlreportwriter.h"
#include "pdfreportwriter.h"
#include "reports/csvreportwriter.h"
#include "reports/jsonreportwriter.h"
#include "reports/recordedhistory.h"
#include "reports/reportbuilder.h"
#include "telemetry/timeseriesstore.h"

#include <QCoreApplication>
#include <QSaveFile>

namespace {

struct Text
{
    Q_DECLARE_TR_FUNCTIONS(ReportExporter)
};

} // namespace

std::optional<ReportData> ReportExporter::prepare(const ReportExportJob &job, QString *error)
{
    RecordedHistory history;
    if (!history.load(job.dataDir, error))
        return std::nullopt;
    ReportBuilder builder(history.store());
    builder.setAlertEvents(history.alerts());
    builder.setOperatorEvents(history.operatorEvents());
    if (history.hasConfigHistory())
        builder.setConfigHistory(history.configHistory());
    return builder.build(job.request, error);
}

ReportExportResult ReportExporter::run(const ReportExportJob &job, const std::function<void(int)> &progress)
{
    QString error;
    const auto data = prepare(job, &error);
    if (!data)
        return { false, error };
    return write(job, *data, progress);
}

ReportExportResult ReportExporter::write(
    const ReportExportJob &job, const ReportData &report, const std::function<void(int)> &progress)
{
    ReportExportResult result;
    QString error;
    const ReportData *data = &report;
    if (progress)
        progress(5);

    QSaveFile file(job.file);
    if (!file.open(QIODevice::WriteOnly)) {
        result.message = Text::tr("cannot write %1: %2").arg(job.file, file.errorString());
        return result;
    }
    auto writerProgress = [&progress](int percent) {
        if (progress)
            progress(5 + percent * 95 / 100);
    };
    bool written = false;
    switch (job.format) {
    case ReportFormat::Pdf:
        written = PdfReportWriter::write(*data, &file, &error, writerProgress);
        break;
    case ReportFormat::Html:
        written = HtmlReportWriter::write(*data, &file, &error, writerProgress);
        break;
    case ReportFormat::Csv:
        written = CsvReportWriter::write(*data, &file, &error);
        break;
    case ReportFormat::Json:
        written = JsonReportWriter::write(*data, &file, &error);
        break;
    }
    if (!written || !file.commit()) {
        file.cancelWriting();
        result.message = Text::tr("cannot write %1: %2").arg(job.file, error.isEmpty() ? file.errorString() : error);
        return result;
    }
    result.ok = true;
    result.message = Text::tr("wrote a %1 report of %n service(s) to %2", nullptr, int(data->services.size()))
                         .arg(ReportFormats::name(job.format).toUpper(), job.file);
    return result;
}

QStringList ReportExporter::recordedServices(const QString &dataDir, QString *error)
{
    RecordedHistory history;
    if (!history.load(dataDir, error))
        return {};
    QStringList services;
    for (const auto &[service, instance] : history.store().recordedInstances()) {
        if (services.isEmpty() || services.last() != service)
            services.append(service);
    }
    return services;
}
