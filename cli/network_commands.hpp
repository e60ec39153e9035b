#pragma once
// `spikesim run CONFIG.toml`, `spikesim cuba` and `spikesim coba`: build a network (from a
// config file, or a benchmark's builder in experiments/), run it, print the summary.
#include "cli/command.hpp"

namespace spikesim::cli {

Command add_run_command(CLI::App& app);
Command add_cuba_command(CLI::App& app);
Command add_coba_command(CLI::App& app);

} // namespace spikesim::cli
