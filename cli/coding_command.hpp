#pragma once
// `spikesim coding`: one MLP, three modes (experiments/coding.hpp) from the command line.
// Under mpirun the test samples are spread over the processes (CodingRun::ranks); rank 0
// prints and writes.
#include "cli/command.hpp"
#include "sim/communicator.hpp"

namespace spikesim::cli {

Command add_coding_command(CLI::App& app, Communicator& comm);

} // namespace spikesim::cli
