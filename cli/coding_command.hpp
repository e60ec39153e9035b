#pragma once
// `spikesim coding`: one MLP, three modes (experiments/coding.hpp) from the command line.
#include "cli/command.hpp"

namespace spikesim::cli {

Command add_coding_command(CLI::App& app);

} // namespace spikesim::cli
