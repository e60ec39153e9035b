#pragma once
// The spikes of one population over one run, kept after the run: what an experiment
// reports for a few of its runs (a test sample's network, a trial), and what io/ writes as
// one SONATA spike population (io/sonata_writer.hpp, write_raster).
#include "sim/monitors.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace spikesim {

struct SpikeRaster {
    std::string name;
    std::vector<double> times; // ms, ascending
    std::vector<std::uint64_t> node_ids;
    std::uint64_t nodes = 0;  // the population's size, silent neurons included
    double duration_ms = 0.0; // how long the run lasted
    bool operator==(const SpikeRaster&) const = default;

    // What a monitor holds (in time order already), under another name.
    static SpikeRaster of(const SpikeMonitor& m, std::string name, double duration_ms);
    // One spike train per node, merged in (time, node) order.
    static SpikeRaster of_trains(std::string name, const std::vector<std::vector<double>>& trains,
                                 double duration_ms);
};

} // namespace spikesim
