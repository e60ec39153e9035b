#pragma once
// Dale's law in the key-value block (`spikesim kv --dale native`), beside the MLP's
// (experiments/dale_native.hpp). The block is constructed, not trained: its keys are the
// stored patterns, with both signs, and so are its values. It keeps Dale's law two ways:
//   split   every input and key unit as an excitatory and an inhibitory copy (the usual
//           conversion, models/conversion.hpp);
//   native  every key unit excitatory, once. The inputs reach the keys by an excitatory and
//           an inhibitory pathway (feed-forward inhibition, as thalamic input reaches both
//           pyramidal cells and interneurons); the values' positive and negative parts go to
//           the output pair, pos = W+ h + b+ and neg = W- h + b-, which decodes z = pos - neg
//           exactly (ConversionOptions::excitatory_hidden).
// Both run the memory workload in rate and ttfs against the same ANN.
#include "experiments/kv_experiment.hpp"

#include <string>
#include <vector>

namespace spikesim {

struct KvDaleRow {
    std::string name; // "split" or "native"
    std::uint32_t neurons = 0, inhibitory_neurons = 0;
    std::size_t synapses = 0;
    double rate_recall = 0, ttfs_recall = 0; // memory workload
    double rate_cosine = 0, ttfs_cosine = 0; // with the ANN's output
    double rate_synops = 0, ttfs_synops = 0; // per query
    double rate_energy_pj = 0, ttfs_energy_pj = 0;
};

struct KvDaleResult {
    double ann_recall = 0, ann_macs = 0, ann_energy_pj = 0; // the reference
    std::vector<KvDaleRow> rows;                            // split, native
};

// The memory workload of `options` (its kv block, queries and conversion).
KvDaleResult run_kv_dale(const KvExperimentOptions& options);

} // namespace spikesim
