#pragma once
// The key-value experiment (`spikesim kv`): the feed-forward block of experiments/kv_block.hpp
// as an ANN and as Dale-compliant spiking networks, on the memory workload (recall of stored
// pairs) and the random workload (fidelity to the ANN), with sweeps of recall over the
// query noise and the number of stored pairs.
#include "experiments/kv_block.hpp"
#include "sim/communicator.hpp"

#include <optional>
#include <string>
#include <vector>

namespace spikesim {

struct KvExperimentOptions {
    KvOptions kv;
    ConversionOptions conversion = default_conversion();
    std::string mode = "all";      // ann | rate | ttfs | all (ann is always run: the reference)
    std::string workload = "both"; // memory | random | both
    bool sweep = true;
    std::vector<double> sweep_noise{0.0, 0.25, 0.5, 0.75, 1.0};
    std::vector<int> sweep_memories{8, 16, 32, 48, 64};
    int sweep_queries = 60;
    Communicator* ranks = nullptr;                 // to spread the queries over (run_spiking_block)
    void validate() const;                         // InputError "kv" naming the field
    static ConversionOptions default_conversion(); // 100 ms of rate coding per query
};

// One mode's measures; NaN where a workload did not run.
struct KvModeSummary {
    std::string name;
    double recall, cosine, relative_l2; // memory workload, against the ANN
    double random_cosine, random_relative_l2;
    double key_correlation, synops, energy_pj, readout_ms, spikes_per_neuron;
    Eigen::MatrixXd keys;             // memory workload: decoded key activations (queries x d_ff)
    std::vector<SpikeRaster> rasters; // of the first queries
};

struct KvExperimentResult {
    std::vector<KvModeSummary> modes;                               // ann first
    std::vector<std::vector<double>> noise_recall, memories_recall; // [mode][sweep point]
    std::optional<MemoryBlock> memory;                              // the memory workload's block
    Eigen::VectorXd first_query;                                    // its query 0
};

KvExperimentResult run_kv(const KvExperimentOptions& options);

} // namespace spikesim
