#pragma once
#include "sim/distribution.hpp"

#include <optional>

namespace spikesim {

// The initial membrane potential of a population's neurons: uniform in [low, high] (a
// constant when they are equal), or drawn from `distribution` when it is set (normal,
// lognormal), from the stream keyed by the population's name and the neuron.
struct InitialPotential {
    double low, high;
    std::optional<Distribution> distribution = std::nullopt;

    double draw(RandomStream& stream) const {
        if (distribution) return distribution->draw(stream);
        return high > low ? stream.uniform(low, high) : low;
    }
};

} // namespace spikesim
