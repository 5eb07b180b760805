#include "latencyhistogram.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <limits>

namespace {
constexpr double kFineMin = 1e-6; // seconds; the upper bound of fine bucket 0 (everything down to 0)
constexpr double kGrowth = 1.01; // each fine bucket is 1 % wider than the previous one
constexpr int kFineBuckets = 2500; // 1 µs * 1.01^2498 ≈ 6.3e4 s; the last bucket takes everything above

// x rounded to four significant digits, as the double that this decimal text reads back as.
double roundToFourDigits(double x)
{
    char text[32];
    const auto written = std::to_chars(text, text + sizeof text, x, std::chars_format::scientific, 3);
    double out = x;
    std::from_chars(text, written.ptr, out, std::chars_format::scientific);
    return out;
}
} // namespace

const QList<double> &LatencyHistogram::defaultBounds()
{
    static const QList<double> bounds { 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25,
        0.5, 1, 2.5, 5, 10 };
    return bounds;
}

const std::vector<double> &LatencyHistogram::fineBounds()
{
    // Rounding moves a bound by at most 0.05 %, far less than the 1 % step, so the list stays strictly
    // ascending and no bucket is wider than 1.011 times its lower bound.
    static const std::vector<double> bounds = [] {
        std::vector<double> out;
        out.reserve(kFineBuckets - 1);
        for (int i = 0; i < kFineBuckets - 1; ++i)
            out.push_back(roundToFourDigits(kFineMin * std::pow(kGrowth, i)));
        return out;
    }();
    return bounds;
}

LatencyHistogram::LatencyHistogram(const QList<double> &bounds)
    : m_bounds(bounds)
    , m_coarse(size_t(bounds.size()) + 1, 0)
{ }

int LatencyHistogram::fineIndex(double seconds)
{
    // The first bound at or above the value: lower < v <= upper, exactly as the bounds are exported.
    const auto &bounds = fineBounds();
    return int(std::lower_bound(bounds.begin(), bounds.end(), seconds) - bounds.begin());
}

double LatencyHistogram::fineLower(int index)
{
    return index <= 0 ? 0.0 : fineBounds()[size_t(index - 1)];
}

double LatencyHistogram::fineUpper(int index)
{
    const auto &bounds = fineBounds();
    return size_t(index) < bounds.size() ? bounds[size_t(index)] : bounds.back() * kGrowth;
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
        // The geometric middle of the bucket is within half a bucket width (0.6 %) of any value in it;
        // clamping to the observed extremes makes the ends exact.
        const double lower = fineLower(i);
        const double value = i == 0 ? lower : std::sqrt(lower * fineUpper(i));
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

QList<LatencyHistogram::Bucket> LatencyHistogram::exportBuckets(bool withFine) const
{
    const auto coarse = cumulativeCounts();
    QList<Bucket> fine;
    if (withFine && !m_fine.empty()) {
        const auto &bounds = fineBounds();
        quint64 running = 0; // observations in fine buckets 0..i
        for (size_t i = 0; i < m_fine.size(); ++i) {
            const quint64 below = running;
            running += m_fine[i];
            if (m_fine[i] == 0)
                continue;
            // The lower bound of bucket i is the upper bound of bucket i - 1; skip it when already listed.
            if (i > 0 && (fine.isEmpty() || fine.last().upperBound < bounds[i - 1]))
                fine.append({ bounds[i - 1], below });
            if (i < bounds.size()) // the last fine bucket is open above; +Inf closes it
                fine.append({ bounds[i], running });
        }
    }
    // Merge the two ascending lists. Both counts are exact at their bounds, so where the bounds interleave
    // the cumulative counts still never decrease; a bound in both lists is written once.
    QList<Bucket> out;
    out.reserve(coarse.size() + fine.size());
    qsizetype c = 0, f = 0;
    while (c < m_bounds.size() || f < fine.size()) {
        const bool takeCoarse = f == fine.size() || (c < m_bounds.size() && m_bounds[c] <= fine[f].upperBound);
        if (takeCoarse) {
            if (f < fine.size() && fine[f].upperBound == m_bounds[c])
                ++f;
            out.append({ m_bounds[c], coarse[c] });
            ++c;
        } else {
            out.append(fine[f++]);
        }
    }
    out.append({ std::numeric_limits<double>::infinity(), m_count });
    return out;
}
