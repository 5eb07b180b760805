#pragma once

#include "reports/reportdata.h"
#include "reports/reportformat.h"

#include <functional>
#include <optional>
#include <QMetaType>
#include <QStringList>

struct ReportExportJob
{
    QString dataDir;
    QString file;
    ReportFormat format = ReportFormat::Pdf;
    ReportRequest request;
};

struct ReportExportResult
{
    bool ok = false;
    QString message; // what went wrong, or what was written
};
Q_DECLARE_METATYPE(ReportExportResult)

// One report export from the recorded history of a data dir to a file, shared by the command line and the
// dialog. The file appears complete or not at all (written to a temporary file, then renamed); an empty
// range, an unknown service or a range without data writes nothing.
// Two stages, both safe on any thread (nothing here touches a widget): prepare() reads the history and
// computes the report (the slow part for long histories); write() renders it in the chosen format.
class ReportExporter
{
public:
    static std::optional<ReportData> prepare(const ReportExportJob &job, QString *error);
    static ReportExportResult write(
        const ReportExportJob &job, const ReportData &data, const std::function<void(int)> &progress = {});
    static ReportExportResult run(const ReportExportJob &job, const std::function<void(int)> &progress = {});
    // The services recorded in the data dir's metric history (empty with a reason when there is none).
    static QStringList recordedServices(const QString &dataDir, QString *error);
};
