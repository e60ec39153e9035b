#pragma once
// Turns a connection rule into a CSR projection (sim/projection.hpp), validating the rule's
// parameters against the populations it connects.
#include "sim/connection_rules.hpp"
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
};

Projection build_projection(const ProjectionRequest& request, std::uint64_t seed);

} // namespace spikesim
