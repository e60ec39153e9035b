#pragma once
// Runs a built network for a while and, when asked, streams what it records into a SONATA
// file written on a thread of its own (io/background_sink.hpp), committed only when the run
// completes: what `spikesim run`, `cuba` and `coba` share, and what the Python package
// calls.
#include "io/sonata_writer.hpp"
#include "sim/network.hpp"
#include "sim/recording_request.hpp"
#include "sim/simulation.hpp"

#include <atomic>
#include <functional>
#include <optional>
#include <string>

namespace spikesim {

struct NetworkRunOptions {
    double duration = 1000.0;       // ms
    std::optional<std::string> out; // the SONATA file; none: nothing is written
    SpikeStorage storage = SpikeStorage::fast;
    RecordingRequest record;
    RunLimits limits;                             // how long the run may be (sim/simulation.hpp)
    LoopOptions loop;                             // how the windows are laid out
    Provenance provenance;                        // written to the file
    std::function<void(double, double)> progress; // (now, end), after every window
    const std::atomic<bool>* stop = nullptr;      // true: stop at the next window
    // The ranks of a run over several processes, the network built with its partition;
    // none: this process alone. Rank 0 writes the file.
    Communicator* communicator = nullptr;
};

struct NetworkRunResult {
    RunStatistics statistics;
    double window = 0.0;     // ms; 0: the serial event queue ran
    bool overlapped = false; // windows of half the minimum delay, the exchange overlapped
    std::size_t shards = 0;
    bool interrupted = false; // stopped early: no file was written
    double stopped_at = 0.0;  // ms
};

// Throws InputError when a recording names no population of the network, OutputError when
// the file cannot be written: on every rank, when one of several fails.
NetworkRunResult run_network(Network& net, const NetworkRunOptions& options);

} // namespace spikesim
