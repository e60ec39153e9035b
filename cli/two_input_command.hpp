#pragma once
// `spikesim two-input`: the motivating example (experiments/two_input.hpp) from the command
// line.
#include "cli/command.hpp"

namespace spikesim::cli {

Command add_two_input_command(CLI::App& app);

} // namespace spikesim::cli
