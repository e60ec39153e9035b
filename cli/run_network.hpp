#pragma once
// What `run`, `cuba` and `coba` share at the edge: run a built network
// (experiments/network_run.hpp) with a progress line and Ctrl-C, then print the summary.
// Returns the process exit status.
#include "experiments/network_run.hpp"

#include <tbb/global_control.h>

#include <memory>
#include <string>

namespace spikesim::cli {

struct RunReport {
    std::string title; // first line of the summary
    double build_seconds = 0.0;
    bool progress = true;
};

int run_network_and_report(Network& net, NetworkRunOptions options, const RunReport& report);

// Threads actually available to this process under the current limit.
int effective_threads();

// A limit on TBB's worker threads for as long as the returned object lives; none for 0
// (every core).
std::unique_ptr<tbb::global_control> limit_threads(int threads);

// While it lives, stdout of ranks other than 0 goes nowhere: rank 0 prints for all.
class RootPrints {
  public:
    explicit RootPrints(const Communicator& comm);
    ~RootPrints();
    RootPrints(const RootPrints&) = delete;
    RootPrints& operator=(const RootPrints&) = delete;

  private:
    int saved_ = -1; // the real stdout, on the other ranks
};

// Set by SIGINT/SIGTERM; a run in progress stops at the next window.
void install_interrupt_handler();
const std::atomic<bool>* interrupt_flag();

} // namespace spikesim::cli
