// The windowed loop with the exchange overlapped (LoopOptions::overlap_exchange), after
// Arbor's epochs. Windows are [k w, (k+1) w) with w = d/2, half the minimum delay: a spike
// at t in window k arrives at t + delay >= k w + 2 w, in window k + 2 or later. So window
// k's spikes need not reach the other ranks before window k + 1 advances, only before
// k + 2: each rank sends them (Communicator::begin_exchange), advances window k + 1, and
// only then waits for the others' (end_exchange) and files their arrivals, under windows
// k + 2 and later. A rank that is late by less than a window's work keeps no one waiting,
// and the transfer itself runs while the rank computes.
//
// Every rank, and one process, runs the same windows and files every spike under the same
// window, so the spikes do not depend on the number of processes or threads.
#include "sim/simulation.hpp"
#include "sim/worker_team.hpp"

#include <chrono>
#include <optional>

namespace spikesim {

void Simulation::run_overlapped(double t_end) {
    std::optional<WorkerTeam> team;
    if (worker_shards_.size() > 1) team.emplace(worker_shards_.size());
    bool stopping = comm_->size() == 1 && should_stop();
    // The window whose spikes unsent_spikes_ holds, until the other ranks' are received.
    std::optional<std::uint64_t> unsent;
    using Clock = std::chrono::steady_clock;
    auto begin_exchange = [&] {
        const auto start = Clock::now();
        comm_->begin_exchange(unsent_spikes_, WindowStatus{should_stop(), failure_ != nullptr});
        stats_.exchange_seconds += std::chrono::duration<double>(Clock::now() - start).count();
    };
    // Waits for every rank's spikes of window *unsent, then records and files them
    // (take_exchanged); whether the ranks stop.
    auto end_exchange = [&] {
        const auto start = Clock::now();
        const WindowStatus status = comm_->end_exchange(window_spikes_);
        stats_.exchange_seconds += std::chrono::duration<double>(Clock::now() - start).count();
        const std::uint64_t sent = *unsent;
        unsent.reset();
        return take_exchanged(status, sent + 2);
    };
    while (now_ < t_end && !stopping) {
        const GridWindow w = next_window(t_end);
        set_probe_rows(w.t1);

        if (unsent) begin_exchange(); // window k - 1's spikes, while window k advances
        rank_spikes_.clear();
        guarded([&] { advance_rank(w, team ? &*team : nullptr); });
        if (unsent) stopping = end_exchange();
        unsent_spikes_.swap(rank_spikes_);
        unsent = w.index;

        end_window(w, t_end);
    }
    // The last window's spikes, before the run returns: the next run starts with none
    // unsent, and files every spike under the window one run would.
    if (unsent) {
        begin_exchange();
        end_exchange();
    }
    end_run(stopping);
}

} // namespace spikesim
