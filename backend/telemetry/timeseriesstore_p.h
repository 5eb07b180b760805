#pragma once

// Internals of TimeSeriesStore shared by its ingest/persistence half and its query half.

#include "timeseriesstore.h"

#include <algorithm>
#include <cmath>

// Flags of a series, as the history file records them.
enum SeriesFlag : quint8 {
    CounterLike = 1,
    PerBucket = 2, // histogram bucket counts per bucket; files written before had them cumulative
};

struct TimeSeriesStore::Series
{
    quint32 id = 0;
    QString key;
    QString metric;
    MetricLabels labels; // sorted by name; include the target's "service" and "instance"
    QString service;
    QString instance;
    bool counterLike = false;
    bool perBucket = false; // a histogram bucket stored per bucket (not cumulative)
    std::deque<Point> fine;
    std::deque<Point> coarse;
    double lastRaw = std::nan(""); // last scraped value, for counter reset detection
    int coarseSamples = 0; // samples folded into the newest coarse point (gauges average)

    // The newest point of either tier (the coarse tier keeps it too); null when there is none.
    const Point *newest() const
    {
        if (!fine.empty())
            return &fine.back();
        return coarse.empty() ? nullptr : &coarse.back();
    }

    QString label(const QString &name) const
    {
        for (const auto &[labelName, value] : labels) {
            if (labelName == name)
                return value;
        }
        return {};
    }
};

// Scrapes further apart than this (in the one-minute history: one step plus this) leave a gap in the
// recording, such as the console not running: the time between two such points is not covered, and a rate
// neither divides by it nor counts what the counter did across it.
constexpr qint64 kMaxScrapeGapMs = 10'000;

// The points of a series in time order: the downsampled points older than the full-resolution ones, then
// the full-resolution ones.
class TimeSeriesStore::PointView
{
public:
    explicit PointView(const Series &series)
        : m_series(series)
    {
        const qint64 fineStart = series.fine.empty() ? std::numeric_limits<qint64>::max() : series.fine.front().t;
        m_coarseCount = size_t(std::partition_point(series.coarse.begin(), series.coarse.end(), [&](const Point &p) {
            return p.t < fineStart;
        }) - series.coarse.begin());
    }
    qint64 size() const { return qint64(m_coarseCount + m_series.fine.size()); }
    const Point &at(qint64 i) const
    {
        return size_t(i) < m_coarseCount ? m_series.coarse[size_t(i)] : m_series.fine[size_t(i) - m_coarseCount];
    }
    // Whether the interval from point i - 1 to point i was recorded without a gap.
    bool covered(qint64 i, qint64 coarseStepMs) const
    {
        if (i < 1)
            return false;
        const qint64 gap = size_t(i - 1) < m_coarseCount ? coarseStepMs + kMaxScrapeGapMs : kMaxScrapeGapMs;
        return at(i).t - at(i - 1).t <= gap;
    }
    // Index of the last point at or before ms, -1 when none.
    qint64 lastAtOrBefore(qint64 ms) const
    {
        qint64 lo = 0, hi = size();
        while (lo < hi) {
            const qint64 mid = (lo + hi) / 2;
            if (at(mid).t <= ms)
                lo = mid + 1;
            else
                hi = mid;
        }
        return lo - 1;
    }

private:
    const Series &m_series;
    size_t m_coarseCount = 0;
};
