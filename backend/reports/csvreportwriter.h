#pragma once

#include "reportdata.h"

class QIODevice;

// The report's time series as CSV (RFC 4180: comma separated, CRLF line ends, fields quoted when they
// hold a comma, quote or line break, quotes doubled). One row per series per time step:
//   time,time_ms,service,series,unit,value
// Steps without data have no row. Values are written with full precision. Operator actions follow as rows
// with series "operator.<action>", the action's target in the unit column and value 1 (done) or 0 (failed).
class CsvReportWriter
{
public:
    static bool write(const ReportData &data, QIODevice *device, QString *error);
    static QString field(const QString &value); // one quoted-if-needed field
};
