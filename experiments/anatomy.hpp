#pragma once
// Counting the neurons and synapses of deep-learning modules and of the project's own
// networks. Definition (REFERENCES.md): a neuron is a row of a weight matrix (the weights
// that combine one input vector into one output); a synapse is one weight. Biases and
// normalisation parameters are not synapses. So a neuron's synapses are its inputs:
// conv2d (out, in, k, k) has `out` neurons of in*k*k synapses each.
#include "sim/network.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace spikesim {

inline constexpr const char* anatomy_definition =
    "a neuron is a row of a weight matrix (the weights combining one input vector into one "
    "output); a synapse is one "
    "weight; biases and normalisation parameters are not synapses";

struct ModuleCount {
    std::string name;
    std::uint64_t neurons = 0, synapses = 0;
    double synapses_per_neuron() const {
        return neurons ? double(synapses) / double(neurons) : 0.0;
    }
};

struct Anatomy {
    std::string title;
    std::vector<ModuleCount> modules;
    std::vector<std::string> notes; // printed under the table
    std::uint64_t neurons() const;
    std::uint64_t synapses() const;
    void add(const Anatomy& part, const std::string& prefix = {}); // appends part's modules
};

// Module kinds. Each is one or more weight matrices.
Anatomy linear(std::uint64_t out, std::uint64_t in, const std::string& name = "linear");
Anatomy mlp(const std::vector<std::uint64_t>& widths);
Anatomy conv2d(std::uint64_t out, std::uint64_t in, std::uint64_t k);
// Recurrent cells: `gates` x hidden rows over the concatenation [input, hidden].
Anatomy rnn_cell(std::uint64_t input, std::uint64_t hidden);
Anatomy lstm_cell(std::uint64_t input, std::uint64_t hidden);
Anatomy gru_cell(std::uint64_t input, std::uint64_t hidden);
// Attention Q, K, V, O (d x d each) and the key/value MLP (4d x d, then d x 4d).
Anatomy gpt_block(std::uint64_t d);
// The transformer blocks only (embedding lookups and the unembedding are not counted).
Anatomy gpt(std::uint64_t d, std::uint64_t blocks);

// A network built by the engine, read from its populations and projections: a population
// has its size in neurons and, as synapses, those of the projections that target it.
// Spike sources (input encoders) are neurons without synapses of their own.
Anatomy anatomy_of(const Network& net, const std::string& title);

// Presets: gpt3, gpt2, digits, kv, brain.
const std::vector<std::string>& anatomy_presets();
std::vector<Anatomy> anatomy_preset(const std::string& name);

// What to count: modules given by their shapes, and presets.
struct AnatomyOptions {
    std::vector<std::string> preset; // names of anatomy_presets(), or "all"
    std::vector<std::uint64_t> linear, mlp, conv2d, rnn, lstm, gru, gpt; // shapes, see above
    std::uint64_t gpt_block = 0;                                         // width D; 0: none
    // InputError "anatomy" naming the field whose shape has the wrong count or a zero.
    void validate() const;
};
// The modules given, then the presets; every preset when nothing is given.
std::vector<Anatomy> count_anatomy(const AnatomyOptions& options);

} // namespace spikesim
