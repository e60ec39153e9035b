#pragma once
// The processes this one runs networks with: under mpirun, every rank of MPI_COMM_WORLD
// (when built with MPI, SPIKESIM_MPI); otherwise this process alone. A program makes one,
// first thing in main, and hands its communicator to what it builds and runs.
//
//   ProcessGroup processes(&argc, &argv);
//   Network net(seed, processes.communicator().partition());
//   Simulation sim(net, processes.communicator());
#include "sim/communicator.hpp"

#include <memory>

namespace spikesim {

class ProcessGroup {
  public:
    // InputError when mpirun started this process as one of several but spikesim was built
    // without MPI: each process would run the whole network alone.
    ProcessGroup(int* argc, char*** argv);
    ~ProcessGroup();
    ProcessGroup(const ProcessGroup&) = delete;
    ProcessGroup& operator=(const ProcessGroup&) = delete;
    Communicator& communicator() { return *communicator_; }

  private:
    std::unique_ptr<Communicator> communicator_;
};

// How many processes the launcher started this one among (Open MPI's or PMI's environment),
// 1 when none did.
std::uint32_t launched_processes();

} // namespace spikesim
