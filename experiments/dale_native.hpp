#pragma once
// Dale's law natively (`spikesim coding --dale native`): instead of splitting every unit of
// a trained network into an excitatory and an inhibitory copy, each unit is excitatory or
// inhibitory from the start and training keeps its outgoing weights' sign (projection,
// models/dense_network.hpp SignConstraint). The inputs are excitatory; a fraction of the
// hidden units is inhibitory. The result runs as ann, rate and ttfs without copies, beside the
// unconstrained network with the E/I split.
#include "experiments/coding.hpp"

#include <functional>
#include <string>
#include <vector>

namespace spikesim {

struct DaleNativeOptions {
    // Fractions of inhibitory hidden units trained; 0.2 (80/20, as in cortex) is always
    // among the rows, and the one with the lowest training loss is the one "preferred".
    std::vector<double> inhibitory_fractions{0.1, 0.2, 0.3, 0.5};
    // Inputs: the pixels (excitatory: the hidden layer's input weights are all >= 0), or
    // ON/OFF pairs (x and 1 - x, both excitatory, as retinal ON and OFF cells), whose OFF
    // half fires for the background and triples the synaptic operations.
    bool on_off_inputs = false;
    void validate() const; // InputError "coding" naming inhibitory_fractions
};

struct DaleRow {
    std::string name;                        // "split" or "native"
    double inhibitory_fraction = 0;          // native: of the hidden units; split: NaN
    double train_loss = 0;                   // final training loss
    double ann = 0, rate = 0, ttfs = 0;      // accuracy
    std::size_t synapses = 0;                // of the spiking network (ttfs's; rate's equal)
    double rate_synops = 0, ttfs_synops = 0; // per sample
    std::size_t violations = 0; // weights against their unit's sign (0 by construction)
    DenseNetwork network;       // the trained network (split: the unconstrained one)
    std::vector<double> scales; // its activation scales (the conversion's)
};

struct DaleNativeResult {
    std::vector<DaleRow> rows; // split first, then native at each fraction
    std::size_t preferred = 0; // index of the native row with the lowest training loss
};

// `coding` gives the data, hidden width, training and conversion (its mode and dale are
// ignored); `on_row(row, seconds)` after each row.
DaleNativeResult run_dale_native(const CodingOptions& coding, const DaleNativeOptions& options,
                                 const std::function<void(const DaleRow&, double)>& on_row = {});

} // namespace spikesim
