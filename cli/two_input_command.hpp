#pragma once
// `spikesim two-input`: the motivating example (experiments/two_input.hpp) from the command line.
#include "experiments/two_input.hpp"

#include <CLI/CLI.hpp>

#include <optional>
#include <string>
#include <vector>

namespace spikesim::cli {

struct TwoInputOptions {
    TwoInputParams params;
    std::vector<int> sweep_spikes{1, 2, 3, 4, 5, 6, 8, 10, 12, 15, 20};
    std::vector<double> sweep_tau{1, 2, 5, 10, 20, 50, 100};
    bool sweep = true;
    bool no_sweep = false;
    std::optional<std::string> config;
    std::string out = "results/two_input.h5";
    bool plot = false;
    int threads = 0;
    CLI::App* command = nullptr;
};

CLI::App* add_two_input_command(CLI::App& app, TwoInputOptions& o);
int run_two_input_command(TwoInputOptions o, const std::string& command_line);

} // namespace spikesim::cli
