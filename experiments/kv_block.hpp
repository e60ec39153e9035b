#pragma once
// A transformer feed-forward block as key-value memory (Geva et al. 2021):
//   z = W_down relu(W_up x + b_up) + b_down.
// Rows of W_up are keys (each unit detects an input pattern), columns of W_down are values
// (added to the output in proportion to the key's activation). The block runs as rate
// neurons (`ann`) and converted to spikes (`rate`, `ttfs`; models/conversion.hpp) with
// signed inputs as ON/OFF pairs, E/I copies of every key unit and signed outputs as an
// excitatory/inhibitory pair per dimension: the spiking block obeys Dale's law.
#include "models/conversion.hpp"
#include "models/dense_network.hpp"
#include "sim/communicator.hpp"
#include "sim/spike_raster.hpp"

#include <string>
#include <vector>

namespace spikesim {

struct KvOptions {
    int d = 16;             // model width
    int d_ff = 64;          // key units
    int memories = 48;      // M stored pairs (memory workload), at most d_ff
    double noise = 0.5;     // norm of the noise added to a stored key to make a query
    double threshold = 0.3; // a key unit fires for queries with cosine above this
    int queries = 200;
    std::uint64_t seed = 1;
    void validate() const; // InputError naming the option
};

// The memory workload's block: unit i < M has key row k_i / (1 - threshold) and bias
// -threshold / (1 - threshold), so an exact query gives activation 1; column i of W_down is
// v_i. Keys and values are random unit vectors.
struct MemoryBlock {
    DenseNetwork block;
    Eigen::MatrixXd keys, values; // M x d each
};
MemoryBlock make_memory_block(const KvOptions& o);
// Queries: stored key (q mod M) plus noise of norm `noise`; `stream` separates query sets.
Eigen::MatrixXd make_memory_queries(const KvOptions& o, const MemoryBlock& m, int count,
                                    std::uint64_t stream);
// The memory workload as every experiment on it runs it: the block, `calibration`
// queries (stream 1) whose activations set the scales (99.9th percentile, signed ends),
// and o.queries queries (stream 0).
struct MemoryWorkload {
    MemoryBlock memory;
    std::vector<double> scales;
    Eigen::MatrixXd calibration, queries;
};
MemoryWorkload make_memory_workload(const KvOptions& o, int calibration = 1000);
// The random workload: Gaussian weights (variance 1/fan-in), small Gaussian biases, inputs N(0, 1).
DenseNetwork make_random_block(const KvOptions& o);
Eigen::MatrixXd make_random_inputs(const KvOptions& o, int count, std::uint64_t stream);

// Recall: the stored value nearest (Euclidean) to each output row is the one of its key.
double recall(const Eigen::MatrixXd& outputs, const MemoryBlock& m);
double mean_cosine(const Eigen::MatrixXd& a, const Eigen::MatrixXd& b); // row by row
double relative_l2(const Eigen::MatrixXd& approx,
                   const Eigen::MatrixXd& exact);                   // ||a - e|| / ||e||
double pearson(const Eigen::MatrixXd& a, const Eigen::MatrixXd& b); // over all entries

// What each key contributes to the output for one query: column j = h_j * W_down[:, j].
// The columns plus b_down sum to the block's output.
struct Attribution {
    Eigen::VectorXd activation;   // h, d_ff
    Eigen::MatrixXd contribution; // d x d_ff
};
Attribution attribute(const DenseNetwork& block, const Eigen::VectorXd& x);

// The block run as spiking neurons on the engine, one simulation per query (in parallel).
struct SpikingBlockResult {
    Eigen::MatrixXd outputs;     // queries x d, decoded
    Eigen::MatrixXd keys;        // queries x d_ff, decoded key activations
    double synops_per_query = 0; // engine-counted spikes x fan-out
    double spikes_per_neuron = 0;
    double readout_ms =
        0; // when the output is complete (rate: the window; ttfs: last output phase)
    std::uint32_t neurons = 0, inhibitory_neurons = 0;
    std::size_t synapses = 0;
    // Spike trains of the first queries: "query<k>_<population>".
    std::vector<SpikeRaster> rasters;
};
// `ranks`: the processes to spread the queries over (a block each; every rank gets every
// query's result, the same as one process's); none: this one.
SpikingBlockResult run_spiking_block(const DenseNetwork& block, const std::vector<double>& scales,
                                     const Eigen::MatrixXd& queries, ConversionOptions conversion,
                                     std::size_t raster_queries = 0, Communicator* ranks = nullptr);

} // namespace spikesim
