#pragma once
// Reading the spikes of a SONATA spike file (any spikesim output, or BMTK's).
#include <cstdint>
#include <string>
#include <vector>

namespace spikesim {

struct PopulationSpikes {
    std::string name;
    std::vector<double> times; // ms
    std::vector<std::uint64_t> node_ids;
    std::uint64_t nodes = 0; // attribute n_nodes if present, else the largest node id + 1
    double duration_ms = 0;  // its own attribute simulated_ms if present, else the file's
};

struct SpikeFile {
    std::vector<PopulationSpikes> populations;
    double duration_ms = 0; // root attribute simulated_ms if present, else the last spike time
};

// Throws InputError naming the file when it is not a readable SONATA spike file.
SpikeFile read_spike_file(const std::string& path);

} // namespace spikesim
