#pragma once

#include "metricfamily.h"

#include <QByteArray>

// Writes metric families in the Prometheus text exposition format, version 0.0.4.
namespace PromWriter {

inline constexpr const char *contentType = "text/plain; version=0.0.4; charset=utf-8";

QByteArray write(const QList<MetricFamily> &families);

// Shortest text that reads back as the same double; NaN, +Inf and -Inf as the format spells them.
QByteArray formatValue(double value);
QByteArray escapeLabelValue(const QString &value);
QByteArray escapeHelp(const QString &help);

} // namespace PromWriter
