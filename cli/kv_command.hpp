#pragma once
// `spikesim kv`: the feed-forward block as key-value memory (experiments/kv_experiment.hpp).
#include "cli/command.hpp"
#include "sim/communicator.hpp"

namespace spikesim::cli {

// Under mpirun the queries are spread over the processes (run_spiking_block); rank 0 prints
// and writes.
Command add_kv_command(CLI::App& app, Communicator& comm);

} // namespace spikesim::cli
