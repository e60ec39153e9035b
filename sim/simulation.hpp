#pragma once
// Runs a Network. With a smallest delay d_min > 0 the run advances in windows [t, t + d_min)
// (sim/window_grid.hpp): no spike emitted inside a window can arrive before the window ends,
// so within a window every neuron is independent and shards of neurons advance in parallel
// (TBB). A window's spikes are merged in (time, id) order and become arrivals: one per
// spike and outgoing projection (one per synapse with per-synapse delays), filed under the
// window they arrive in. Each shard applies a window's arrivals in one global order, so
// results do not depend on the thread count. With some delay equal to zero, a serial exact
// event queue runs instead.
//
// Over several processes (sim/communicator.hpp) each advances the neurons it owns
// (sim/partition.hpp) and holds the synapses onto them. At the end of every window the
// ranks exchange the window's spikes, all with all, so every rank files the same spikes in
// the same order against its own rows: the spikes are those of one process, bit for bit.
// Rank 0 records them and writes; counters are summed at the end of a run. With
// LoopOptions::overlap_exchange, windows are half the minimum delay and window k's spikes
// are exchanged while window k + 1 advances (sim/overlapped_loop.cpp).
//
//   Simulation sim(net);
//   auto& spikes = sim.record_spikes(exc);
//   sim.run(1000.0);
#include "sim/communicator.hpp"
#include "sim/limits.hpp"
#include "sim/monitors.hpp"
#include "sim/network.hpp"

#include <atomic>
#include <cstdint>
#include <deque>
#include <exception>
#include <functional>
#include <memory>
#include <vector>

namespace spikesim {

class WorkerTeam;

struct RunStatistics {
    std::vector<std::uint64_t> spikes_per_population;
    std::uint64_t synaptic_events = 0; // deliveries of a spike to a synapse
    std::uint64_t drive_events = 0;    // events of Poisson drives and membrane-noise kicks
    std::uint64_t windows = 0;
    double simulated_ms = 0.0;
    double wall_seconds = 0.0; // time spent in run(), all runs
    // Of it, in the exchange of spikes between ranks, including waiting for the slowest
    // (overlapped: only what the window's computation did not hide).
    double exchange_seconds = 0.0;
    bool interrupted = false;
};

// How long a run may be, in windows of the minimum delay and in membrane samples per
// neuron: beyond these a run cannot finish in reasonable time (sim/limits.hpp). Raise them
// to ask for such a run anyway.
struct RunLimits {
    double max_windows = limits::default_max_windows;
    double max_samples = limits::default_max_samples;
};

// How the windowed loop is laid out, fixed when a Simulation is made.
struct LoopOptions {
    // Windows of half the minimum delay, window k's spikes sent to the other ranks before
    // window k + 1 advances and received after it, as Arbor's epochs: the transfer and
    // the wait for a slower rank hide behind a window's computation.
    // Its spikes are the same for any number of processes and threads, but not bit for bit
    // those of the plain loop (a window's end bounds its root finders; within 1e-9 ms).
    // Costs twice the windows; in one process it changes nothing else.
    bool overlap_exchange = false;
};

class Simulation {
  public:
    explicit Simulation(Network& network, LoopOptions options = {});
    // One rank of a run over several processes: `communicator` must be the one whose
    // partition built `network` (InputError otherwise), and outlive the simulation. A
    // network with a delay of 0 runs only in one process.
    Simulation(Network& network, Communicator& communicator, LoopOptions options = {});
    ~Simulation();
    Simulation(const Simulation&) = delete;
    Simulation& operator=(const Simulation&) = delete;

    // `neurons`: ids within the population (any order, no repeats); none: every neuron. A
    // population has one spike recording: asking again with other neurons is an InputError.
    SpikeMonitor& record_spikes(PopulationId population, std::vector<std::uint32_t> neurons = {});
    // Samples of state variable `variable` (the model's names: CellGroup::state_variables;
    // "v" for every model) every `interval` ms. One such recording per population.
    MembraneMonitor& record_membrane(PopulationId population, std::vector<std::uint32_t> neurons,
                                     double interval, const std::string& variable = "v");
    // Monitors stream to the sink from now on (the sink must outlive the run).
    void stream_to(RecordingSink* sink);

    // Hands what the monitors hold in memory to `sink`: everything they recorded, unless
    // they stream to a sink of their own (stream_to), which has taken all but the last block.
    void write_recorded(RecordingSink& sink) const;

    // Whether this process records and writes (rank 0 of several; the only process).
    bool records() const { return comm_->is_root(); }

    // Called after every window (or serial step batch) with (now, end of run).
    void on_progress(std::function<void(double, double)> callback) {
        progress_ = std::move(callback);
    }
    // When the flag becomes true the run stops at the next window and marks itself interrupted.
    void stop_when(const std::atomic<bool>* flag) { stop_ = flag; }

    void set_limits(const RunLimits& limits) { limits_ = limits; }
    // Advances the network by `duration` ms from where the last run stopped. Throws
    // InputError, before anything runs, for a run beyond the limits or the memory.
    void run(double duration);

    double now() const { return now_; }
    const RunStatistics& statistics() const { return stats_; }
    const Network& network() const { return net_; }
    // How the window loop is laid out; 0 windows means the serial event queue.
    double window() const { return window_; }
    const LoopOptions& loop_options() const { return options_; }
    std::size_t shard_count() const { return shards_.size(); }

  private:
    void check_run_fits(double duration) const;
    void run_windowed(double t_end);
    void run_overlapped(double t_end);
    void run_serial(double t_end);
    // A spike reaching synapses [first, last) of a projection at time t.
    struct Arrival {
        double t;
        std::uint32_t source; // gid
        std::uint32_t projection;
        std::uint64_t first, last;
        bool operator<(const Arrival& o) const {
            if (t != o.t) return t < o.t;
            if (source != o.source) return source < o.source;
            if (projection != o.projection) return projection < o.projection;
            return first < o.first;
        }
    };
    void advance_shard(std::size_t shard, const GridWindow& w, std::span<const Arrival> arrivals);
    void advance_rank(const GridWindow& w, WorkerTeam* team);
    WindowStatus exchange_window_spikes(std::span<const Spike> mine);
    bool take_exchanged(WindowStatus status, std::uint64_t not_before);
    GridWindow next_window(double t_end) const;
    void end_window(const GridWindow& w, double t_end);
    void end_run(bool stopped);
    template <class File>
    void file_noisy(const Projection& proj, std::uint32_t j, const Spike& spike,
                    std::uint64_t first, std::uint64_t last, File& file) const;
    void file_arrivals(std::span<const Spike> spikes, std::uint64_t not_before);
    void record(std::span<const Spike> spikes);
    void set_probe_rows(double t1);
    void collect_probes();
    void flush_monitors(bool force);
    void set_up();
    void layout_shards();
    // Runs f, keeping an exception for the next point where the ranks agree (the next
    // window's exchange, or the end of the run); nothing runs once one is kept.
    template <class F> void guarded(F f);
    bool should_stop() const { return stop_ && stop_->load(std::memory_order_relaxed); }

    struct SerialState;
    std::unique_ptr<SerialState> serial_;

    Network& net_;
    LoopOptions options_;
    std::unique_ptr<Communicator> own_communicator_; // a run in one process
    Communicator* comm_;
    std::exception_ptr failure_; // kept by guarded()
    double now_ = 0.0;
    std::uint64_t window_index_ = 0; // the grid window that contains now_
    double window_ = 0.0;
    WindowGrid grid_;
    RunStatistics stats_;
    std::function<void(double, double)> progress_;
    const std::atomic<bool>* stop_ = nullptr;
    RecordingSink* sink_ = nullptr;
    RunLimits limits_;

    std::uint32_t population_of(std::uint32_t gid) const;
    std::vector<std::vector<std::uint32_t>> outgoing_; // population -> projection indices
    struct Shard {
        std::uint32_t population; // shards never straddle populations
        std::uint32_t local;      // the group's own shard number
        std::uint32_t begin, end; // local neuron ids [begin, end)
    };
    std::vector<Shard> shards_;
    std::vector<std::vector<std::uint32_t>> worker_shards_; // thread -> its shards
    std::size_t slots_ = 0;                                 // ring of per-window arrival lists
    std::vector<std::vector<Arrival>> arrivals_;            // [window & (slots_ - 1)]
    std::vector<std::vector<Spike>> shard_spikes_;
    std::vector<Spike> rank_spikes_;   // a window's spikes of this rank's neurons
    std::vector<Spike> unsent_spikes_; // overlapped loop: the last window's, being exchanged
    std::vector<std::vector<InputRow>> shard_rows_;
    std::vector<std::uint64_t> shard_deliveries_;
    std::vector<Spike> window_spikes_;
    std::deque<SpikeMonitor> spike_monitors_;
    std::deque<MembraneMonitor> membrane_monitors_;
    std::vector<SpikeMonitor*> monitor_of_population_;
};

template <class F> void Simulation::guarded(F f) {
    if (failure_) return;
    try {
        f();
    } catch (...) {
        failure_ = std::current_exception();
    }
}

} // namespace spikesim
