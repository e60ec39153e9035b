#pragma once
// The regimes of ongoing activity in a recurrent E/I network (Brunel 2000): synchronous
// regular (SR), asynchronous irregular (AI), synchronous irregular with a fast (SI fast) or
// a slow (SI slow) oscillation of the population rate, and asynchronous regular (AR, which
// Brunel's model does not show but the classifier names when it sees it).
//
// Single neurons: regular when the mean CV of their interspike intervals is below
// `regular_cv` (SR fires like a clock, CV about 0.01; every irregular state measured is above
// 0.35). The population: the spectrum of its rate (analysis/population_spectrum.hpp), the
// finite-size Poisson floor subtracted:
//   slow modulation    sqrt(excess power below `slow_band_hz`) / mean rate: the relative
//                      amplitude of the slow oscillation of SI slow (above 1.5 where Brunel
//                      places SI slow; 0.4 at most elsewhere);
//   peak concentration the share of the excess power within one resolution step of its peak:
//                      a sustained oscillation puts most of it there (SI fast 0.4-0.8), the
//                      damped resonance of AI spreads it (0.3 at most).
// Regular neurons are synchronous when Golomb's chi (1 ms bins) reaches `synchronous_chi`
// (SR about 0.5; regular clocks of random phases 1 / sqrt(N)): a finite population of clocks
// of one period puts a line in the spectrum whatever their phases. The thresholds are where the
// measured values of Brunel's four example points separate (docs/brunel.md lists them).
#include "analysis/population_spectrum.hpp"
#include "analysis/spike_statistics.hpp"

#include <string>

namespace spikesim {

enum class ActivityRegime {
    synchronous_regular,
    asynchronous_irregular,
    synchronous_irregular_fast,
    synchronous_irregular_slow,
    asynchronous_regular,
    quiescent, // no neuron fired three times in the window: nothing to classify
};
const char* to_string(ActivityRegime r);   // "SR", "AI", "SI fast", "SI slow", "AR", "Q"
const char* description(ActivityRegime r); // "synchronous regular", ...

struct RegimeFeatures {
    double rate_hz = 0;            // mean over neurons and the window
    double mean_cv = 0;            // NaN when no neuron fired three times
    double chi = 0;                // Golomb's synchrony, 1 ms bins
    double peak_hz = 0;            // frequency of the spectrum's excess peak (from 4 Hz)
    double peak_concentration = 0; // share of the excess power at the peak
    double slow_modulation = 0;    // relative amplitude of the oscillation below slow_band_hz
};

struct RegimeThresholds {
    double regular_cv = 0.2;
    double synchronous_chi = 0.25;
    double slow_band_hz = 60.0;
    double slow_modulation = 0.8;
    double peak_concentration = 0.35;
};

// The features of trains of `trains.size()` neurons (silent ones included) over `w`; the
// population rate in bins of 0.5 ms and segments of 128 ms.
RegimeFeatures regime_features(const std::vector<SpikeTrain>& trains, TimeWindow w,
                               const RegimeThresholds& t = {});
// Quiescent without a CV; SR or AR when regular (SR when chi reaches its threshold);
// else SI slow when the slow modulation is strong; else SI fast when the excess is
// concentrated at a peak at or above slow_band_hz; else AI.
ActivityRegime classify(const RegimeFeatures& f, const RegimeThresholds& t = {});

} // namespace spikesim
