#pragma once
// `spikesim kv`: the feed-forward block as key-value memory (experiments/kv_block.hpp).
#include "experiments/kv_block.hpp"

#include <CLI/CLI.hpp>

#include <string>
#include <vector>

namespace spikesim::cli {

struct KvCommandOptions {
    KvOptions kv;
    ConversionOptions conversion;
    std::string mode = "all";      // ann | rate | ttfs | all
    std::string workload = "both"; // memory | random | both
    std::vector<double> sweep_noise{0.0, 0.25, 0.5, 0.75, 1.0};
    std::vector<int> sweep_memories{8, 16, 32, 48, 64};
    int sweep_queries = 60;
    bool no_sweep = false;
    std::string encoding = "poisson";
    std::string out = "results/kv.h5";
    bool plot = false;
    int threads = 0;
};

CLI::App* add_kv_command(CLI::App& app, KvCommandOptions& o);
int run_kv_command(KvCommandOptions o, const std::string& command_line);

} // namespace spikesim::cli
