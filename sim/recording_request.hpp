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
    std::string variable = "v";
};

// The spikes of a population, or of some of its neurons.
struct SpikeRecording {
    SpikeRecording(std::string name, std::vector<std::uint32_t> ids = {})
        : population(std::move(name)), neurons(std::move(ids)) {}
    std::string population;
    std::vector<std::uint32_t> neurons; // ids within the population; empty: every neuron
};

struct RecordingRequest {
    std::vector<SpikeRecording> spikes;
    std::vector<MembraneRecording> membrane;
};

} // namespace spikesim
