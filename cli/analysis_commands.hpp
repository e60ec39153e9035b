#pragma once
// `spikesim analyze` (statistics of any spike file, analysis/file_statistics.hpp) and
// `spikesim plot` (its figures).
#include "cli/command.hpp"

namespace spikesim::cli {

Command add_analyze_command(CLI::App& app);
Command add_plot_command(CLI::App& app);

} // namespace spikesim::cli
