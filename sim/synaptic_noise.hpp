#pragma once
// Unreliable synapses, for the robustness experiments (experiments/robustness.hpp): each
// delivery of a spike along a synapse of a projection is dropped with probability
// `failure`, and otherwise arrives after the synapse's delay plus a Gaussian jitter of
// standard deviation `jitter` ms, truncated to +-4 sd (redrawn beyond: 6e-5 of draws) so
// that the earliest arrival is known and windows stay exact. A delivery's numbers come from
// the stream keyed by (seed, the projection's purpose, the synapse), in the lane of the
// spike's time: the same whichever thread or loop (windowed or serial) delivers it.
#include "sim/random.hpp"

#include <bit>
#include <cmath>
#include <cstdint>

namespace spikesim {

struct SynapticNoise {
    double failure = 0.0;                     // probability a delivery is dropped, [0, 1)
    double jitter = 0.0;                      // ms, standard deviation
    static constexpr double truncation = 4.0; // the jitter's bound, in standard deviations
    double bound() const { return truncation * jitter; }
    bool active() const { return failure > 0 || jitter > 0; }
};

// When the delivery of a spike sent at `t_spike` along `synapse` arrives; NaN when it fails.
inline double noisy_arrival(const SynapticNoise& n, std::uint64_t seed, std::uint64_t purpose,
                            std::uint64_t synapse, double t_spike, double delay) {
    RandomStream r(seed, purpose, synapse, 0, std::bit_cast<std::uint64_t>(t_spike));
    if (n.failure > 0 && r.uniform() < n.failure) return std::nan("");
    if (!(n.jitter > 0)) return t_spike + delay;
    double e;
    do {
        e = r.normal();
    } while (std::abs(e) > SynapticNoise::truncation);
    return t_spike + delay + n.jitter * e;
}

} // namespace spikesim
