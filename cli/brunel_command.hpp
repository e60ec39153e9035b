#pragma once
// `spikesim brunel`: the regimes of Brunel's (2000) E/I network over (g, nu_ext / nu_thr)
// (experiments/brunel.hpp).
#include "cli/command.hpp"

namespace spikesim::cli {

Command add_brunel_command(CLI::App& app);

} // namespace spikesim::cli
