#pragma once
// The spikes of a network's populations "exc" and "inh", for tests that compare two runs
// of one network: its models, its thread counts.
#include "sim/simulation.hpp"

#include <tbb/global_control.h>

#include <algorithm>
#include <cstdint>
#include <utility>
#include <vector>

namespace spikesim::test {

// Runs `net` for `duration` ms on at most `threads` threads: every spike as (id, time),
// ids of "inh" offset by 100,000, sorted.
inline std::vector<std::pair<std::uint64_t, double>> exc_inh_spikes(Network net, double duration,
                                                                    int threads = 1) {
    tbb::global_control limit(tbb::global_control::max_allowed_parallelism,
                              static_cast<std::size_t>(threads));
    Simulation sim(net);
    auto& e = sim.record_spikes(*net.find("exc"));
    auto& i = sim.record_spikes(*net.find("inh"));
    sim.run(duration);
    std::vector<std::pair<std::uint64_t, double>> all;
    for (std::size_t k = 0; k < e.times().size(); ++k)
        all.emplace_back(e.node_ids()[k], e.times()[k]);
    for (std::size_t k = 0; k < i.times().size(); ++k)
        all.emplace_back(100000 + i.node_ids()[k], i.times()[k]);
    std::sort(all.begin(), all.end());
    return all;
}

} // namespace spikesim::test
