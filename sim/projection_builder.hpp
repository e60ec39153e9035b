#pragma once
// Turns a connection rule into a CSR projection (sim/projection.hpp), validating the rule's
// parameters against the populations it connects. A rank of several builds the rows cut to
// its own targets (sim/partition.hpp): O(whole projection) draws, O(its share) memory.
#include "sim/connection_rules.hpp"
#include "sim/partition.hpp"
#include "sim/projection.hpp"

#include <string>

namespace spikesim {

struct ProjectionRequest {
    std::string name;
    std::uint32_t source_population = 0, target_population = 0;
    std::uint32_t source_size = 0, target_size = 0;
    bool same_population = false;
    ConnectionRule rule;
    SynapseSpec synapse;
    // Whose synapses to keep: those onto the targets this rank owns. Every rank draws the
    // whole projection's random numbers in the same order, so the synapses it keeps are
    // exactly the ones one process would build onto those targets.
    Partition partition;
};

Projection build_projection(const ProjectionRequest& request, std::uint64_t seed);

} // namespace spikesim
