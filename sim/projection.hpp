#pragma once
// Connectivity from one population to another, compressed by source (CSR): the synapses of
// source neuron s are [offsets[s], offsets[s+1]), their targets ascending. A projection with
// one weight and one delay stores 4 bytes per synapse (its target id); per-synapse weights
// add 4, per-synapse delays 8, kept as doubles so that a spike arrives at exactly t + the
// delay the user gave.
#include "sim/huge_page_allocator.hpp"
#include "sim/synaptic_noise.hpp"

#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace spikesim {

struct Projection {
    template <class T> using Array = std::vector<T, HugePageAllocator<T>>;

    std::string name;
    std::uint32_t source_population = 0;
    std::uint32_t target_population = 0;
    Array<std::uint64_t> offsets; // n_source + 1
    Array<std::uint32_t> targets; // local ids in the target population
    float weight = 0.0f;          // when all synapses share it
    Array<float> weights;         // per synapse; empty when `weight` applies to all
    double delay = 0.0;           // ms, when all synapses share it
    Array<double> delays;         // ms, per synapse; empty when `delay` applies to all
    SynapticNoise noise;          // none unless Network::set_synaptic_noise
    std::uint64_t noise_purpose = 0;

    std::size_t synapse_count() const { return targets.size(); }
    std::uint32_t source_count() const { return static_cast<std::uint32_t>(offsets.size() - 1); }
    bool uniform_weight() const { return weights.empty(); }
    float weight_of(std::uint64_t synapse) const {
        return weights.empty() ? weight : weights[synapse];
    }
    bool uniform_delay() const { return delays.empty(); }
    double delay_of(std::uint64_t synapse) const {
        return delays.empty() ? delay : delays[synapse];
    }
    double min_delay() const;
    double max_delay() const;
    // The earliest and latest a delivery arrives after its spike: the delays, widened by the
    // jitter's bound.
    double earliest_arrival() const { return min_delay() - noise.bound(); }
    double latest_arrival() const { return max_delay() + noise.bound(); }
    std::size_t bytes() const;
};

} // namespace spikesim
