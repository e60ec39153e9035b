#pragma once
// How a projection's synapses are chosen. Random rules draw from counter-based streams
// keyed by (seed, projection name, neuron), so connectivity is the same for any thread
// count. Autapses (i -> i) are only a question when source and target are one population.
#include "sim/distribution.hpp"

#include <cstdint>
#include <optional>
#include <variant>
#include <vector>

namespace spikesim {

struct OneToOne {};
struct AllToAll {
    bool allow_autapses = true;
};
// Each possible synapse exists independently with probability p (Bernoulli).
struct FixedProbability {
    double p = 0.1;
    bool allow_autapses = true;
};
// Each target draws exactly k sources (with repetition when multapses are allowed).
struct FixedInDegree {
    std::uint32_t k = 1;
    bool allow_autapses = true;
    bool allow_multapses = true;
};
// Each source draws exactly k targets.
struct FixedOutDegree {
    std::uint32_t k = 1;
    bool allow_autapses = true;
    bool allow_multapses = true;
};
// Exactly n synapses in all: each draws its source uniformly, then each source its targets
// uniformly (NEST's fixed_total_number). Without multapses no pair repeats.
struct FixedTotalNumber {
    std::uint64_t n = 1;
    bool allow_autapses = true;
    bool allow_multapses = true;
};
struct ExplicitSynapse {
    std::uint32_t source, target;
    double weight;
    double delay; // ms; NaN: the projection's delay
};
struct SynapseList {
    std::vector<ExplicitSynapse> synapses;
};
// A dense weight matrix W[target][source], row-major (rows = targets, as y = W x): how an
// ANN layer becomes a projection. Zero entries make no synapse.
struct DenseWeights {
    std::uint32_t rows = 0, cols = 0;
    std::vector<double> w;
};

using ConnectionRule = std::variant<OneToOne, AllToAll, FixedProbability, FixedInDegree,
                                    FixedOutDegree, FixedTotalNumber, SynapseList, DenseWeights>;

// Weight and delay of every synapse a rule-based projection makes; explicit rules carry
// their own weights (and, optionally, delays). With a distribution, each synapse draws its
// own weight or delay instead (keyed by the seed, the projection and the source neuron).
struct SynapseSpec {
    double weight = 1.0; // mV for current-based models
    double delay = 1.0;  // ms
    std::optional<Distribution> weight_distribution = std::nullopt;
    std::optional<Distribution> delay_distribution = std::nullopt;
};

} // namespace spikesim
