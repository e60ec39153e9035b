#pragma once
// `spikesim run CONFIG.toml`, `spikesim cuba` and `spikesim coba`: build a network (from a
// config file, or a benchmark's builder in experiments/), run it, print the summary.
// Under mpirun each process builds its share of the network (sim/partition.hpp) and rank 0
// reads the config, writes the files and prints.
#include "cli/command.hpp"
#include "sim/communicator.hpp"

namespace spikesim::cli {

// `comm` must outlive the command.
Command add_run_command(CLI::App& app, Communicator& comm);
Command add_cuba_command(CLI::App& app, Communicator& comm);
Command add_coba_command(CLI::App& app, Communicator& comm);

} // namespace spikesim::cli
