#pragma once

#include "reports/reportdata.h"

#include <QList>
#include <QStringList>

// The tables a report shows, as rows of text, shared by the PDF and HTML writers so both print the same
// numbers in the same way (ReportText).
namespace ReportTables {
QStringList fleetHeader();
QList<QStringList> fleetRows(const ReportData &data); // label, value pairs
QStringList serviceHeader(); // service, instances, requests, error rate, availability, p50, p95, p99
QStringList serviceRow(const ServiceReport &service);
QStringList instanceHeader(); // instance, requests, error rate, availability
QList<QStringList> instanceRows(const ServiceReport &service);
QStringList alertHeader();
QList<QStringList> alertRows(const ReportData &data);
QStringList operatorHeader();
QList<QStringList> operatorRows(const ReportData &data);
QStringList configHeader();
QList<QStringList> configRows(const ReportData &data);
QString rangeText(const ReportData &data);
// A service that served no request in the range gets one line ("no traffic in range"), not pages of empty charts.
bool hasTraffic(const ServiceReport &service);
QString noTrafficLine(const ServiceReport &service);
} // namespace ReportTables
