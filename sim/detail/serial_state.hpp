#pragma once
// State of the serial exact event queue (sim/serial_loop.cpp), kept between runs.
#include "sim/simulation.hpp"

#include <functional>
#include <queue>
#include <vector>

namespace spikesim {

struct Simulation::SerialState {
    struct Input {
        double t;
        std::uint64_t
            seq; // arrival order breaks ties: the queue is serial, so this is deterministic
        std::uint32_t target;
        float weight;
        bool kick; // membrane noise: the potential jumps by `weight`
        bool operator>(const Input& o) const { return t != o.t ? t > o.t : seq > o.seq; }
    };
    struct Check {
        double t;
        std::uint32_t gid, version;
        bool operator>(const Check& o) const { return t != o.t ? t > o.t : gid > o.gid; }
    };
    struct Later {
        bool operator()(const Spike& a, const Spike& b) const {
            return a.t != b.t ? a.t > b.t : a.gid > b.gid;
        }
    };
    template <class T, class C = std::greater<T>>
    using MinHeap = std::priority_queue<T, std::vector<T>, C>;

    MinHeap<Input> inputs;
    MinHeap<Check> checks;
    MinHeap<Spike, Later> source_spikes;
    std::vector<std::uint32_t> version;
    WindowGrid horizon_grid{1.0}; // ms: how far one crossing search looks ahead
    std::uint64_t seq = 0;
    double sources_until = 0.0; // every source spike before this time is in source_spikes
    bool started = false;
};

} // namespace spikesim
