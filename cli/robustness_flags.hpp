#pragma once
// The robustness sweep (experiments/robustness.hpp) on the command line, for `coding` and
// `kv`: --perturb KINDS, the strengths of each kind, and the table of results.
#include "experiments/robustness.hpp"

#include <CLI/CLI.hpp>

#include <string>
#include <vector>

namespace spikesim::cli {

struct RobustnessFlags {
    std::vector<std::string> perturb; // empty: no sweep
    RobustnessOptions options;
    bool given() const { return !perturb.empty(); }
    // The kinds named by --perturb (jitter, failure, bits, all); InputError naming the flag.
    void resolve();
};

void add_robustness_flags(CLI::App* cmd, RobustnessFlags& f);

// One table per perturbation: the measure of ann, rate at each window and ttfs (and the
// cosine with the ANN's output, for the key-value block), and the synaptic operations.
void print_robustness(const RobustnessResult& r);

} // namespace spikesim::cli
