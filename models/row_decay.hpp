#pragma once
// The shared decay factor of a synapse row (lif_delta, lif_exp). A row's inputs all arrive
// at one time t; their decay factor e^{-(t - t_last)/tau_m} splits into e^{-(t - T)/tau_m},
// computed once for the row, times e^{(t_last - T)/tau_m}, which each neuron keeps from its
// last input: no exponential per input. T starts the epoch of t, a stretch of 64 tau_m,
// which keeps both factors within e^{+-64}.
#include <cmath>
#include <cstdint>

namespace spikesim {

struct RowDecay {
    std::int64_t epoch;
    double decay; // e^{-(t - T)/tau_m}
    double grow;  // e^{(t - T)/tau_m}
};

inline RowDecay membrane_row_decay(double tau_m, double t) {
    const double span = 64.0 * tau_m;
    const auto epoch = static_cast<std::int64_t>(std::floor(t / span));
    const double x = (t - static_cast<double>(epoch) * span) / tau_m;
    return {epoch, std::exp(-x), std::exp(x)};
}

} // namespace spikesim
