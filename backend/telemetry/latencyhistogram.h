#pragma once

#include <QList>
#include <vector>

// A latency histogram with two views of the same observations:
// - fine log-linear buckets (each about 1 % wider than the previous, from 1 µs to ~18 h) from which quantiles
//   are read with a relative error below 0.6 %, and
// - the coarse cumulative "le" buckets that /metrics always exports, counted exactly at their bounds (a fine
//   bucket rarely ends exactly on 0.001, so the coarse view is not derived from the fine buckets).
// Both count a value v into the bucket whose bounds satisfy lower < v <= upper, as Prometheus' "le" does, so
// a cumulative count read at any coarse or fine bound is exact and the two views merge into one monotone
// list (exportBuckets()).
// Not thread safe; MetricsRegistry guards it.
class LatencyHistogram
{
public:
    struct Bucket
    {
        double upperBound; // +Inf for the last one
        quint64 cumulativeCount; // observations <= upperBound
    };

    // Exported bucket bounds in seconds, tuned for loopback services: most answers take well under 1 ms.
    static const QList<double> &defaultBounds();
    // Upper bounds of the fine buckets, ascending; the last fine bucket (everything above the last bound)
    // has none. Each is 1.01 times the previous one, rounded to four significant digits so that it prints
    // short ("0.001232") and reads back as exactly the same double.
    static const std::vector<double> &fineBounds();

    explicit LatencyHistogram(const QList<double> &bounds = defaultBounds());

    void observe(double seconds);

    quint64 count() const { return m_count; }
    double sum() const { return m_sum; }
    // Nearest-rank quantile (q in 0..1) in seconds; 0 when empty.
    double quantile(double q) const;

    const QList<double> &bounds() const { return m_bounds; }
    // Cumulative counts per bound, followed by the total for +Inf.
    QList<quint64> cumulativeCounts() const;
    // The coarse buckets, and when withFine also both bounds of every non-empty fine bucket, merged in
    // ascending bound order and ending with +Inf. Empty fine buckets are left out (most are), but the lower
    // bound of a non-empty one is always there: without it a reader would stretch that bucket down to the
    // previous exported bound and interpolate inside a range far wider than 1 %.
    QList<Bucket> exportBuckets(bool withFine) const;

private:
    static int fineIndex(double seconds);
    static double fineLower(int index);
    static double fineUpper(int index);

    QList<double> m_bounds;
    std::vector<quint64> m_coarse; // per bound, non-cumulative; the last slot counts values above every bound
    std::vector<quint64> m_fine; // allocated on the first observation
    quint64 m_count = 0;
    double m_sum = 0;
    double m_min = 0;
    double m_max = 0;
};
