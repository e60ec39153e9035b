#pragma once
// `spikesim kv`: the feed-forward block as key-value memory (experiments/kv_experiment.hpp).
#include "cli/command.hpp"

namespace spikesim::cli {

Command add_kv_command(CLI::App& app);

} // namespace spikesim::cli
