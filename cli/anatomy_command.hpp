#pragma once
// `spikesim anatomy`: neurons and synapses of deep-learning modules (experiments/anatomy.hpp).
#include "cli/command.hpp"

namespace spikesim::cli {

Command add_anatomy_command(CLI::App& app);

} // namespace spikesim::cli
