#include "sim/spike_raster.hpp"

#include <algorithm>
#include <utility>

namespace spikesim {

SpikeRaster SpikeRaster::of(const SpikeMonitor& m, std::string name, double duration_ms) {
    return {std::move(name), m.times(), m.node_ids(), m.nodes(), duration_ms};
}

SpikeRaster SpikeRaster::of_trains(std::string name, const std::vector<std::vector<double>>& trains,
                                   double duration_ms) {
    std::vector<std::pair<double, std::uint64_t>> all;
    for (std::uint64_t k = 0; k < trains.size(); ++k)
        for (double t : trains[k])
            all.emplace_back(t, k);
    std::sort(all.begin(), all.end());
    SpikeRaster r{std::move(name), {}, {}, trains.size(), duration_ms};
    for (const auto& [t, k] : all) {
        r.times.push_back(t);
        r.node_ids.push_back(k);
    }
    return r;
}

} // namespace spikesim
