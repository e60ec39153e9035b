#include "analysis/spike_statistics.hpp"

#include "sim/errors.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace spikesim {

std::vector<SpikeTrain> trains_from(std::span<const double> times,
                                    std::span<const std::uint64_t> ids, std::uint64_t neurons) {
    std::vector<SpikeTrain> trains(neurons);
    std::vector<std::size_t> count(neurons, 0);
    for (auto id : ids)
        if (id < neurons) ++count[id];
    for (std::uint64_t i = 0; i < neurons; ++i)
        trains[i].reserve(count[i]);
    for (std::size_t k = 0; k < times.size(); ++k)
        if (ids[k] < neurons) trains[ids[k]].push_back(times[k]);
    for (auto& t : trains)
        if (!std::is_sorted(t.begin(), t.end())) std::sort(t.begin(), t.end());
    return trains;
}

namespace {
std::size_t count_in(const SpikeTrain& t, TimeWindow w) {
    return std::size_t(std::lower_bound(t.begin(), t.end(), w.t1) -
                       std::lower_bound(t.begin(), t.end(), w.t0));
}
// The number of bins of width `bin` in `span` ms, checked before it is cast or allocated:
// a file's simulated_ms of 1e300 asked for more bins than any integer holds, and one of
// 1e9 ms with 1 ms bins for hours of counting. `rows`: neurons counted bin by bin.
std::size_t bin_count(double span, double bin, std::size_t rows = 1) {
    constexpr double max_bins = 1e8, max_cells = 1e10;
    const double bins = std::floor(span / bin + 1e-9);
    if (!(bins >= 0 && bins <= max_bins && bins * double(rows) <= max_cells))
        throw InputError("analysis", "window",
                         "at most 1e8 bins, and 1e10 bins times neurons, over the run (" +
                             format_number(span) + " ms, " + std::to_string(rows) +
                             " neurons): a wider window",
                         format_number(bin) + " ms: " + format_number(bins) + " bins");
    return static_cast<std::size_t>(bins);
}
// Calls f(counts) with neuron i's spike counts in consecutive bins, one neuron at a time:
// memory for one row, whatever the number of neurons.
template <class F>
void for_each_counts(const std::vector<SpikeTrain>& trains, TimeWindow w, double bin, F f) {
    const std::size_t bins = bin_count(w.t1 - w.t0, bin, trains.size());
    std::vector<double> row(bins);
    for (const auto& t : trains) {
        std::fill(row.begin(), row.end(), 0.0);
        for (auto it = std::lower_bound(t.begin(), t.end(), w.t0); it != t.end(); ++it) {
            const double b = std::floor((*it - w.t0) / bin);
            if (!(b < double(bins))) break; // also a time beyond any integer
            ++row[static_cast<std::size_t>(b)];
        }
        f(row);
    }
}
double variance(const std::vector<double>& x, double& mean) {
    mean = 0;
    for (double v : x)
        mean += v;
    mean /= double(x.size());
    double var = 0;
    for (double v : x)
        var += (v - mean) * (v - mean);
    return var / double(x.size());
}
const double nan = std::numeric_limits<double>::quiet_NaN();
} // namespace

std::vector<double> rates_hz(const std::vector<SpikeTrain>& trains, TimeWindow w) {
    std::vector<double> r;
    for (const auto& t : trains)
        r.push_back(double(count_in(t, w)) / w.seconds());
    return r;
}

double mean_rate_hz(const std::vector<SpikeTrain>& trains, TimeWindow w) {
    if (trains.empty()) return nan;
    std::size_t n = 0;
    for (const auto& t : trains)
        n += count_in(t, w);
    return double(n) / double(trains.size()) / w.seconds();
}

std::vector<double> population_rate_hz(const std::vector<SpikeTrain>& trains, TimeWindow w,
                                       double bin) {
    std::vector<double> r;
    for_each_counts(trains, w, bin, [&](const std::vector<double>& row) {
        r.resize(row.size(), 0.0);
        for (std::size_t b = 0; b < row.size(); ++b)
            r[b] += row[b];
    });
    for (auto& x : r)
        x /= double(trains.size()) * bin / 1000.0;
    return r;
}

IsiStatistics isi_statistics(const std::vector<SpikeTrain>& trains, TimeWindow w) {
    double sum = 0, cv_sum = 0;
    std::size_t intervals = 0, with_cv = 0;
    for (const auto& t : trains) {
        const auto first = std::lower_bound(t.begin(), t.end(), w.t0),
                   last = std::lower_bound(t.begin(), t.end(), w.t1);
        std::vector<double> isi;
        for (auto it = first; it != last && it + 1 != last; ++it)
            isi.push_back(*(it + 1) - *it);
        for (double x : isi)
            sum += x;
        intervals += isi.size();
        if (isi.size() >= 2) {
            double mean;
            const double var = variance(isi, mean);
            cv_sum += std::sqrt(var) / mean;
            ++with_cv;
        }
    }
    return {intervals ? sum / double(intervals) : nan, with_cv ? cv_sum / double(with_cv) : nan,
            with_cv};
}

double fano_factor(const std::vector<SpikeTrain>& trains, TimeWindow w, double bin) {
    double sum = 0;
    std::size_t n = 0;
    for_each_counts(trains, w, bin, [&](const std::vector<double>& row) {
        if (row.size() < 2) return;
        double mean;
        const double var = variance(row, mean);
        if (mean > 0) {
            sum += var / mean;
            ++n;
        }
    });
    return n ? sum / double(n) : nan;
}

double golomb_chi(const std::vector<SpikeTrain>& trains, TimeWindow w, double bin) {
    std::vector<double> population;
    double individual = 0;
    for_each_counts(trains, w, bin, [&](const std::vector<double>& row) {
        double mean;
        individual += variance(row, mean);
        population.resize(row.size(), 0.0);
        for (std::size_t b = 0; b < row.size(); ++b)
            population[b] += row[b] / double(trains.size());
    });
    if (population.size() < 2) return nan;
    individual /= double(trains.size());
    double mean;
    const double pop_var = variance(population, mean);
    return individual > 0 ? std::sqrt(pop_var / individual) : nan;
}

std::vector<double> cross_correlogram(const SpikeTrain& a, const SpikeTrain& b, double bin,
                                      double max_lag) {
    const std::size_t bins = bin_count(2 * max_lag, bin);
    std::vector<double> h(bins, 0.0);
    std::size_t start = 0;
    for (double ta : a) {
        while (start < b.size() && b[start] < ta - max_lag)
            ++start;
        for (std::size_t k = start; k < b.size() && b[k] < ta + max_lag; ++k) {
            const auto idx = static_cast<std::size_t>(std::floor((b[k] - ta + max_lag) / bin));
            if (idx < bins) ++h[idx];
        }
    }
    return h;
}

namespace {
// (1/tau) int_0^inf f_x f_y dt for filtered trains f = sum_k exp(-(t - t_k)/tau) H(t - t_k):
// each pair of spikes contributes exp(-|t_i - t_j| / tau) / 2.
double kernel_product(const SpikeTrain& x, const SpikeTrain& y, double tau) {
    double s = 0;
    for (double a : x)
        for (double b : y)
            s += 0.5 * std::exp(-std::abs(a - b) / tau);
    return s;
}
} // namespace

double van_rossum_distance(const SpikeTrain& a, const SpikeTrain& b, double tau) {
    const double d2 =
        kernel_product(a, a, tau) + kernel_product(b, b, tau) - 2 * kernel_product(a, b, tau);
    return std::sqrt(std::max(d2, 0.0));
}

double victor_purpura_distance(const SpikeTrain& a, const SpikeTrain& b, double q) {
    std::vector<double> prev(b.size() + 1), cur(b.size() + 1);
    for (std::size_t j = 0; j <= b.size(); ++j)
        prev[j] = double(j);
    for (std::size_t i = 1; i <= a.size(); ++i) {
        cur[0] = double(i);
        for (std::size_t j = 1; j <= b.size(); ++j)
            cur[j] = std::min(
                {prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + q * std::abs(a[i - 1] - b[j - 1])});
        std::swap(prev, cur);
    }
    return prev[b.size()];
}

} // namespace spikesim
