#pragma once
// `spikesim coding`: one MLP, three modes (experiments/coding.hpp) from the command line.
#include "experiments/coding.hpp"

#include <CLI/CLI.hpp>

#include <optional>
#include <string>
#include <vector>

namespace spikesim::cli {

struct CodingOptions {
    std::string mode = "all";  // ann | rate | ttfs | all
    std::string dale = "both"; // on | off | both
    std::vector<int> hidden{64};
    TrainOptions train;
    std::uint64_t split_seed = 1;
    int samples = 0; // 0: the whole test set
    ConversionOptions conversion;
    std::string encoding = "poisson", normalisation = "p99.9", readout = "spikes";
    std::optional<std::string> weights; // load instead of training
    std::string out = "results/coding.h5";
    bool plot = false;
    int threads = 0;
};

CLI::App* add_coding_command(CLI::App& app, CodingOptions& o);
int run_coding_command(CodingOptions o, const std::string& command_line);

} // namespace spikesim::cli
