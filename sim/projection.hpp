#pragma once
// Connectivity from one population to another, compressed by source (CSR): the synapses of
// source neuron s are [offsets[s], offsets[s+1]), their targets ascending. A projection with
// one weight and one delay stores 4 bytes per synapse (its target id); per-synapse weights
// add 4, per-synapse delays 8, kept as doubles so that a spike arrives at exactly t + the
// delay the user gave. In a run over several processes (sim/partition.hpp) each holds
// only the synapses onto the neurons it owns: every row keeps its whole source range (so
// offsets stay indexed by source), cut to the slice of targets in the rank's block.
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
    // Targets: local ids (CellGroup::owned), neuron first_target + targets[q] of the target
    // population (first_target is 0 when one process holds the whole projection).
    Array<std::uint32_t> targets;
    std::uint32_t first_target = 0;
    float weight = 0.0f;  // when all synapses share it
    Array<float> weights; // per synapse; empty when `weight` applies to all
    double delay = 0.0;   // ms, when all synapses share it
    Array<double> delays; // ms, per synapse; empty when `delay` applies to all
    SynapticNoise noise;  // none unless Network::set_synaptic_noise
    std::uint64_t noise_purpose = 0;
    // Held by a rank of several: the index, in the whole projection, of the first synapse
    // of each source's row held here (per-synapse random numbers are keyed by it). Empty
    // when this process holds the whole projection.
    Array<std::uint64_t> first_whole;
    // Of the whole projection, on every rank: its synapses, and its smallest and largest
    // delay (the window and the ring of arrivals must be the same on every rank).
    std::uint64_t whole_synapses = 0;
    double whole_min_delay = 0.0, whole_max_delay = 0.0;

    // The synapses held here.
    std::size_t synapse_count() const { return targets.size(); }
    // Synapse q held here (of source s's row) as numbered in the whole projection.
    std::uint64_t whole_index(std::uint32_t s, std::uint64_t q) const {
        return first_whole.empty() ? q : first_whole[s] + (q - offsets[s]);
    }
    std::uint32_t source_count() const { return static_cast<std::uint32_t>(offsets.size() - 1); }
    bool uniform_weight() const { return weights.empty(); }
    float weight_of(std::uint64_t synapse) const {
        return weights.empty() ? weight : weights[synapse];
    }
    bool uniform_delay() const { return delays.empty(); }
    double delay_of(std::uint64_t synapse) const {
        return delays.empty() ? delay : delays[synapse];
    }
    double min_delay() const { return whole_min_delay; }
    double max_delay() const { return whole_max_delay; }
    // The earliest and latest a delivery arrives after its spike: the delays, widened by the
    // jitter's bound.
    double earliest_arrival() const { return min_delay() - noise.bound(); }
    double latest_arrival() const { return max_delay() + noise.bound(); }
    std::size_t bytes() const;
};

} // namespace spikesim
