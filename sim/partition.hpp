#pragma once
// Which neurons this process advances when one network runs on several processes (MPI
// ranks). Every population is cut into `ranks` contiguous blocks of nearly equal size, and
// rank r owns block r: neurons [first(n), end(n)) of a population of n. Cutting every
// population, not the network, balances populations of different activity (a busy
// excitatory population is spread over all ranks, as is a quiet one), and contiguous
// blocks keep a rank's targets in each row of synapses one contiguous slice of it, so a
// synapse's place in the whole network's projection, which keys its random numbers, is
// known without a search. One process owns everything.
#include <cstdint>

namespace spikesim {

struct Partition {
    std::uint32_t rank = 0;
    std::uint32_t ranks = 1;

    bool whole() const { return ranks == 1; }
    // The first neuron of this rank's block of a population of n (floor(n r / R)).
    std::uint32_t first(std::uint32_t n) const { return cut(n, rank); }
    std::uint32_t end(std::uint32_t n) const { return cut(n, rank + 1); }
    bool owns(std::uint32_t n, std::uint32_t neuron) const {
        return neuron >= first(n) && neuron < end(n);
    }

  private:
    std::uint32_t cut(std::uint32_t n, std::uint32_t r) const {
        return static_cast<std::uint32_t>(std::uint64_t(n) * r / ranks);
    }
};

} // namespace spikesim
