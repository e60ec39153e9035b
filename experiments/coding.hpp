#pragma once
// The central comparison: one trained MLP run as rate-coded deep-learning neurons (`ann`),
// as spiking neurons with rate coding (`rate`) and with time-to-first-spike coding (`ttfs`),
// each spiking mode with mixed populations and Dale-compliant (E/I split).
#include "models/conversion.hpp"
#include "models/dense_network.hpp"
#include "sim/communicator.hpp"
#include "sim/spike_raster.hpp"

#include <cmath>
#include <functional>
#include <optional>
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
    std::vector<SpikeRaster> rasters;
};

struct CodingRun {
    ConversionOptions conversion; // mode and dale are set per run
    std::vector<double> times;    // evaluation times, ms (rate: absolute; ttfs: after P_L)
    std::size_t raster_samples = 3;
    // The processes to spread the samples over (each a block of them; all get every
    // sample's outcome, so every rank returns the same result); none: this one.
    Communicator* ranks = nullptr;
};

// The ANN's own results on `test` (accuracy; MACs as its operations).
ModeResult evaluate_ann(const DenseNetwork& ann, const LabelledData& test, bool dale_split);
// A spiking mode: every sample an independent simulation, run in parallel (TBB) and over
// `run.ranks`; the results depend on neither the thread nor the process count.
ModeResult evaluate_spiking(const DenseNetwork& ann, const std::vector<double>& scales,
                            const LabelledData& test, const CodingRun& run,
                            const std::vector<int>& ann_predictions);

// One input's simulation in a spiking mode, as spikesim.convert(...).run(x) reports it.
struct SampleResult {
    int prediction = -1;                  // the decision; -1: none
    double first_spike = std::nan("");    // ms, the first output spike (NaN: none)
    std::vector<double> outputs;          // per output unit: rate, its spike count (readout
                                          // membrane: its potential at the end); ttfs, its
                                          // first spike time (NaN: none)
    std::uint64_t spikes = 0, synops = 0; // every neuron's spikes; synaptic events
};
// Each row of `x` as an independent simulation of `converter`'s network, in parallel
// (TBB); the results do not depend on the thread count.
std::vector<SampleResult> run_samples(const Converter& converter, const Eigen::MatrixXd& x);

// The whole experiment (`spikesim coding`): train a network on the digits (or load one),
// then evaluate it as an ANN and in the spiking modes asked for.
struct CodingOptions {
    std::string mode = "all";    // ann | rate | ttfs | all (ann is always evaluated)
    std::string dale = "both";   // on: E/I split only | off: mixed populations only | both |
                                 // native: trained under Dale's law (experiments/dale_native.hpp)
    std::vector<int> hidden{64}; // hidden widths of the network trained (not with weights)
    TrainOptions train;
    std::uint64_t split_seed = 1;
    int samples = 0;                    // test samples to run, 0: the whole test set
    ConversionOptions conversion;       // its mode and dale are set per evaluation
    std::optional<std::string> weights; // a weights file (io/weights_file.hpp) instead of training
    Communicator* ranks = nullptr;      // to spread the test samples over (CodingRun::ranks)
    // InputError "coding" naming the field.
    void validate() const;
};

// The network and the data, before any mode runs.
struct CodingSetup {
    DenseNetwork ann;
    bool loaded = false; // from `weights`, else trained
    double train_seconds = 0;
    LabelledData train, test;         // test: the samples that run
    std::vector<double> scales;       // activation scales over the training set
    std::vector<int> ann_predictions; // on `test`
};
// Validates the options, reads the digits, loads or trains the network.
CodingSetup prepare_coding(const CodingOptions& options);

struct CodingResult {
    DenseNetwork ann;
    bool loaded = false;
    double train_seconds = 0;
    std::size_t train_samples = 0, test_samples = 0;
    std::vector<ModeResult> modes; // ann, ann_dale, rate, rate_dale, ttfs, ttfs_dale (as asked)
};

// Every mode asked for; `on_mode` is called after each spiking mode with its result and
// the seconds it took.
CodingResult run_coding(const CodingSetup& setup, const CodingOptions& options,
                        const std::function<void(const ModeResult&, double)>& on_mode = {});
inline CodingResult run_coding(const CodingOptions& options) {
    return run_coding(prepare_coding(options), options);
}

} // namespace spikesim
