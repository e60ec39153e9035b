#pragma once
// `spikesim anatomy`: neurons and synapses of deep-learning modules (experiments/anatomy.hpp).
#include <CLI/CLI.hpp>

#include <string>
#include <vector>

namespace spikesim::cli {

struct AnatomyOptions {
    std::vector<std::string> presets;
    std::vector<std::uint64_t> linear, mlp, conv2d, rnn, lstm, gru, gpt;
    std::uint64_t gpt_block = 0;
    bool json = false;
};

CLI::App* add_anatomy_command(CLI::App& app, AnatomyOptions& o);
int run_anatomy_command(const AnatomyOptions& o);

} // namespace spikesim::cli
