#pragma once

#include <QList>
#include <vector>

// A latency histogram with two views of the same observations:
// - fine log-linear buckets (each 1 % wider than the previous, from 1 µs to ~3 h) from which quantiles are
//   read with a relative error below 0.5 %, and
// - the coarse cumulative "le" buckets that /metrics exports, counted exactly at their bounds (a fine
//   bucket rarely ends exactly on 0.001, so the export is not derived from the fine buckets).
// Not thread safe; MetricsRegistry guards it.
class LatencyHistogram
{
public:
    // Exported bucket bounds in seconds, tuned for loopback services: most answers take well under 1 ms.
    static const QList<double> &defaultBounds();

    explicit LatencyHistogram(const QList<double> &bounds = defaultBounds());

    void observe(double seconds);

    quint64 count() const { return m_count; }
    double sum() const { return m_sum; }
    // Nearest-rank quantile (q in 0..1) in seconds; 0 when empty.
    double quantile(double q) const;

    const QList<double> &bounds() const { return m_bounds; }
    // Cumulative counts per bound, followed by the total for +Inf.
    QList<quint64> cumulativeCounts() const;

private:
    static int fineIndex(double seconds);
    static double fineLower(int index);

    QList<double> m_bounds;
    std::vector<quint64> m_coarse; // per bound, non-cumulative; the last slot counts values above every bound
    std::vector<quint64> m_fine; // allocated on the first observation
    quint64 m_count = 0;
    double m_sum = 0;
    double m_min = 0;
    double m_max = 0;
};
