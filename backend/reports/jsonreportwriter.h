#pragma once

#include "reportdata.h"

#include <QJsonObject>

class QIODevice;

// The whole report as one JSON document; the schema is documented in docs/report-schema.md.
class JsonReportWriter
{
public:
    static QJsonObject toJson(const ReportData &data);
    static bool write(const ReportData &data, QIODevice *device, QString *error);
};
