#include "analysis/activity_regime.hpp"

#include <algorithm>
#include <cmath>

namespace spikesim {

const char* to_string(ActivityRegime r) {
    switch (r) {
    case ActivityRegime::synchronous_regular:
        return "SR";
    case ActivityRegime::asynchronous_irregular:
        return "AI";
    case ActivityRegime::synchronous_irregular_fast:
        return "SI fast";
    case ActivityRegime::synchronous_irregular_slow:
        return "SI slow";
    case ActivityRegime::asynchronous_regular:
        return "AR";
    case ActivityRegime::quiescent:
        return "Q";
    }
    return "?";
}

const char* description(ActivityRegime r) {
    switch (r) {
    case ActivityRegime::synchronous_regular:
        return "synchronous regular";
    case ActivityRegime::asynchronous_irregular:
        return "asynchronous irregular";
    case ActivityRegime::synchronous_irregular_fast:
        return "synchronous irregular, fast";
    case ActivityRegime::synchronous_irregular_slow:
        return "synchronous irregular, slow";
    case ActivityRegime::asynchronous_regular:
        return "asynchronous regular";
    case ActivityRegime::quiescent:
        return "quiescent";
    }
    return "?";
}

namespace {

constexpr double rate_bin_ms = 0.5;       // resolves oscillations up to 1 kHz
constexpr std::size_t segment_bins = 256; // 128 ms: a resolution of 7.8 Hz
constexpr double lowest_hz = 4.0;         // below: drifts over the window, not oscillations
constexpr double chi_bin_ms = 1.0;

} // namespace

RegimeFeatures regime_features(const std::vector<SpikeTrain>& trains, TimeWindow w,
                               const RegimeThresholds& t) {
    RegimeFeatures f;
    f.rate_hz = mean_rate_hz(trains, w);
    f.mean_cv = isi_statistics(trains, w).mean_cv;
    f.chi = golomb_chi(trains, w, chi_bin_ms);
    const auto rate = population_rate_hz(trains, w, rate_bin_ms);
    if (rate.size() < 4 || trains.empty() || !(f.rate_hz > 0)) return f;
    const PowerSpectrum s = population_spectrum(rate, rate_bin_ms, trains.size(), segment_bins);
    const double df = s.resolution_hz();
    std::vector<double> excess(s.power.size(), 0.0);
    double total = 0, slow = 0;
    std::size_t peak = 0;
    for (std::size_t k = 0; k < s.power.size(); ++k) {
        if (s.frequency_hz[k] < lowest_hz) continue;
        excess[k] = std::max(0.0, s.power[k] - s.poisson_floor);
        total += excess[k];
        if (s.frequency_hz[k] < t.slow_band_hz) slow += excess[k];
        if (excess[k] > excess[peak]) peak = k;
    }
    f.slow_modulation = std::sqrt(slow * df) / f.rate_hz;
    if (total > 0) {
        f.peak_hz = s.frequency_hz[peak];
        double at_peak = 0;
        for (std::size_t k = peak > 0 ? peak - 1 : 0; k <= std::min(peak + 1, excess.size() - 1);
             ++k)
            at_peak += excess[k];
        f.peak_concentration = at_peak / total;
    }
    return f;
}

ActivityRegime classify(const RegimeFeatures& f, const RegimeThresholds& t) {
    if (std::isnan(f.mean_cv)) return ActivityRegime::quiescent;
    if (f.mean_cv < t.regular_cv)
        return f.chi >= t.synchronous_chi ? ActivityRegime::synchronous_regular
                                          : ActivityRegime::asynchronous_regular;
    if (f.slow_modulation >= t.slow_modulation) return ActivityRegime::synchronous_irregular_slow;
    if (f.peak_concentration >= t.peak_concentration && f.peak_hz >= t.slow_band_hz)
        return ActivityRegime::synchronous_irregular_fast;
    return ActivityRegime::asynchronous_irregular;
}

} // namespace spikesim
