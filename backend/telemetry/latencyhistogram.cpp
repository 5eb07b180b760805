#include "latencyhistogram.h"

#include <algorithm>
#include <cmath>

namespace {
constexpr double kFineMin = 1e-6; // seconds; everything below shares bucket 0
constexpr double kGrowth = 1.01; // each fine bucket is 1 % wider than the previous one
constexpr int kFineBuckets = 2500; // 1 µs * 1.01^2499 ≈ 6.6e4 s
const double kLogGrowth = std::log(kGrowth);
} // namespace

const QList<double> &LatencyHistogram::defaultBounds()
{
    static const QList<double> bounds { 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25,
        0.5, 1, 2.5, 5, 10 };
    return bounds;
}

LatencyHistogram::LatencyHistogram(const QList<double> &bounds)
    : m_bounds(bounds)
    , m_coarse(size_t(bounds.size()) + 1, 0)
{ }

int LatencyHistogram::fineIndex(double seconds)
{
    if (!(seconds >= kFineMin)) // also catches NaN
        return 0;
    const int index = 1 + int(std::floor(std::log(seconds / kFineMin) / kLogGrowth));
    return std::clamp(index, 1, kFineBuckets - 1);
}

double LatencyHistogram::fineLower(int index)
{
    return index <= 0 ? 0.0 : kFineMin * std::pow(kGrowth, index - 1);
}

void LatencyHistogram::observe(double seconds)
{
    if (std::isnan(seconds))
        return;
    if (seconds < 0)
        seconds = 0;
    if (m_fine.empty())
        m_fine.assign(kFineBuckets, 0);
    ++m_fine[size_t(fineIndex(seconds))];
    const auto bound = std::lower_bound(m_bounds.cbegin(), m_bounds.cend(), seconds);
    ++m_coarse[size_t(bound - m_bounds.cbegin())];
    m_min = m_count == 0 ? seconds : std::min(m_min, seconds);
    m_max = m_count == 0 ? seconds : std::max(m_max, seconds);
    ++m_count;
    m_sum += seconds;
}

double LatencyHistogram::quantile(double q) const
{
    if (m_count == 0)
        return 0;
    q = std::clamp(q, 0.0, 1.0);
    const auto rank = std::max<quint64>(1, quint64(std::ceil(q * double(m_count))));
    // The extremes are tracked exactly.
    if (rank == 1)
        return m_min;
    if (rank >= m_count)
        return m_max;
    quint64 seen = 0;
    for (int i = 0; i < kFineBuckets; ++i) {
        seen += m_fine[size_t(i)];
        if (seen < rank)
            continue;
        // The geometric middle of the bucket is within half a bucket width (0.5 %) of any value in it;
        // clamping to the observed extremes makes the ends exact.
        const double lower = fineLower(i);
        const double value = i == 0 ? lower : std::sqrt(lower * fineLower(i + 1));
        return std::clamp(value, m_min, m_max);
    }
    return m_max;
}

QList<quint64> LatencyHistogram::cumulativeCounts() const
{
    QList<quint64> out;
    out.reserve(qsizetype(m_coarse.size()));
    quint64 running = 0;
    for (const auto count : m_coarse) {
        running += count;
        out.append(running);
    }
    return out;
}
