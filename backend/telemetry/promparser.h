#pragma once

#include "metricfamily.h"

#include <QByteArray>

// Parses the Prometheus text exposition format (0.0.4): HELP and TYPE comments, escaped label values,
// NaN/+Inf/-Inf, optional timestamps, histogram and summary sample suffixes, untyped samples. Strict like
// Prometheus itself: one malformed line rejects the whole document, and the error names the line.
class PromParser
{
public:
    struct Result
    {
        bool ok = false;
        QString error; // "line N: what is wrong"
        QList<MetricFamily> families;
        int sampleCount = 0;
    };

    static Result parse(const QByteArray &text);
    // Parses one value token as the format allows ("1.5e3", "NaN", "+Inf", "-Inf"); false when invalid.
    static bool parseValue(const char *begin, const char *end, double *value);
};
