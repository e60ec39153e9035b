#pragma once

namespace spikesim {

// The initial membrane potential of a population's neurons: uniform in [low, high] (a
// constant when they are equal), drawn from the stream keyed by the population's name.
struct InitialPotential {
    double low, high;
};

} // namespace spikesim
