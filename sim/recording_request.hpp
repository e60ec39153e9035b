#pragma once
// What a run records, by population name: its spikes, and the membrane potential of some
// of its neurons every `interval` ms.
#include <cstdint>
#include <string>
#include <vector>

namespace spikesim {

struct MembraneRecording {
    std::string population;
    std::vector<std::uint32_t> neurons;
    double interval = 0.1; // ms
};

struct RecordingRequest {
    std::vector<std::string> spikes; // population names
    std::vector<MembraneRecording> membrane;
};

} // namespace spikesim
