#pragma once
// What `run` and `cuba` share: run a built network, stream recordings to HDF5, print the
// summary. Returns the process exit status.
#include "config/network_config.hpp"
#include "sim/network.hpp"
#include "io/sonata_writer.hpp"

#include <tbb/global_control.h>

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace spikesim::cli {

struct RunRequest {
    std::string title; // first line of the summary
    double duration = 1000.0;
    int threads = 0;
    std::optional<std::string> out;
    SpikeStorage storage = SpikeStorage::fast;
    std::vector<std::string> record_spikes;
    std::vector<MembraneRecording> record_membrane;
    Provenance provenance;
    double build_seconds = 0.0;
    bool progress = true;
};

int run_network(Network& net, const RunRequest& request);

// Threads actually available to this process under the current limit.
int effective_threads();

// A limit on TBB's worker threads for as long as the returned object lives; none for 0
// (every core).
std::unique_ptr<tbb::global_control> limit_threads(int threads);

// Set by SIGINT/SIGTERM; a run in progress stops at the next window.
void install_interrupt_handler();

} // namespace spikesim::cli
