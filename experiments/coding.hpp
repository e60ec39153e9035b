#pragma once
// The central comparison: one trained MLP run as rate-coded deep-learning neurons (`ann`),
// as spiking neurons with rate coding (`rate`) and with time-to-first-spike coding (`ttfs`),
// each spiking mode with mixed populations and Dale-compliant (E/I split).
#include "models/conversion.hpp"
#include "models/dense_network.hpp"

#include <string>
#include <vector>

namespace spikesim {

// Energy proxy (Horowitz, ISSCC 2014, 45 nm, 32-bit float): a MAC is a multiply and an add,
// a synaptic operation of a spiking network is an add.
inline constexpr double energy_per_mac_pj = 4.6;
inline constexpr double energy_per_synop_pj = 0.9;

struct ModeResult {
    std::string name; // ann, rate, rate_dale, ttfs, ttfs_dale
    CodingMode mode = CodingMode::ann;
    bool dale = false;
    std::size_t samples = 0;
    double accuracy = 0, agreement_with_ann = 0;
    double spikes_per_neuron = 0; // per sample, over every neuron of the spiking network
    double synops_per_sample = 0; // sum of spikes x fan-out (the ANN: its MACs)
    double energy_pj = 0;         // per sample
    double latency_ms = 0;        // mean time to the first output spike (decided samples)
    double stable_ms = 0;         // mean time after which the decision no longer changes
    double undecided = 0;         // fraction of samples without any decision at the end
    std::uint32_t neurons = 0;
    std::size_t synapses = 0;
    std::vector<double> times, accuracy_at; // accuracy as a function of simulation time
    std::vector<double> synops_at; // synaptic operations of spikes emitted before each time
    // Spike trains of the first `raster_samples` samples, per population
    // (names "sample<k>_<population>").
    std::vector<std::string> raster_names;
    std::vector<std::vector<double>> raster_times;
    std::vector<std::vector<std::uint64_t>> raster_ids;
};

struct CodingRun {
    ConversionOptions conversion; // mode and dale are set per run
    std::vector<double> times;    // evaluation times, ms (rate: absolute; ttfs: after P_L)
    std::size_t raster_samples = 3;
};

// The ANN's own results on `test` (accuracy; MACs as its operations).
ModeResult evaluate_ann(const DenseNetwork& ann, const LabelledData& test, bool dale_split);
// A spiking mode: every sample an independent simulation, run in parallel (TBB); the
// results do not depend on the thread count.
ModeResult evaluate_spiking(const DenseNetwork& ann, const std::vector<double>& scales,
                            const LabelledData& test, const CodingRun& run,
                            const std::vector<int>& ann_predictions);

} // namespace spikesim
