#pragma once
// Spike-train statistics. Times in ms, rates in Hz. Every measure takes spike trains as
// sorted vectors of times per neuron and an observation window [t0, t1).
#include <cstdint>
#include <span>
#include <vector>

namespace spikesim {

using SpikeTrain = std::vector<double>;

// Per-neuron trains (sorted) from the SONATA columns; `neurons` trains (ids >= it are dropped).
std::vector<SpikeTrain> trains_from(std::span<const double> times,
                                    std::span<const std::uint64_t> ids, std::uint64_t neurons);

struct TimeWindow {
    double t0, t1; // ms, half-open
    double seconds() const { return (t1 - t0) / 1000.0; }
};

std::vector<double> rates_hz(const std::vector<SpikeTrain>& trains, TimeWindow w);
double mean_rate_hz(const std::vector<SpikeTrain>& trains, TimeWindow w);
// Population rate in bins of `bin` ms from t0: spikes / (neurons * bin), Hz. Also the PSTH
// when the trains are trials aligned on a stimulus.
std::vector<double> population_rate_hz(const std::vector<SpikeTrain>& trains, TimeWindow w, double bin);

struct IsiStatistics {
    double mean_ms; // mean interval over all neurons' intervals (NaN without intervals)
    double mean_cv; // mean over neurons with >= 2 intervals of sd/mean of their intervals
    std::size_t neurons_with_cv;
};
IsiStatistics isi_statistics(const std::vector<SpikeTrain>& trains, TimeWindow w);

// Fano factor of spike counts in consecutive windows of `bin` ms: per neuron variance /
// mean of its counts, averaged over neurons with a non-zero mean (NaN if none).
double fano_factor(const std::vector<SpikeTrain>& trains, TimeWindow w, double bin);

// Golomb's synchrony chi (Golomb 2007, Scholarpedia "Neuronal synchrony measures") on
// spike counts in bins of `bin` ms: chi^2 = Var_t(mean_i x_i(t)) / mean_i Var_t(x_i(t)).
// 1 for identical trains, about 1/sqrt(N) for independent ones.
double golomb_chi(const std::vector<SpikeTrain>& trains, TimeWindow w, double bin);

// Cross-correlogram: counts of t_b - t_a in bins of `bin` ms over [-max_lag, max_lag).
std::vector<double> cross_correlogram(const SpikeTrain& a, const SpikeTrain& b, double bin,
                                      double max_lag);

// van Rossum distance with an exponential kernel of time constant tau (ms): the L2 distance
// of the filtered trains, D^2 = (1/tau) int (f_a - f_b)^2 dt, in closed form.
double van_rossum_distance(const SpikeTrain& a, const SpikeTrain& b, double tau);
// Victor-Purpura distance: minimal cost of turning a into b, shifting a spike by dt costing
// q |dt|, adding or removing one costing 1.
double victor_purpura_distance(const SpikeTrain& a, const SpikeTrain& b, double q);

} // namespace spikesim
