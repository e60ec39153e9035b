// The conservative windowed loop (see sim/simulation.hpp). Windows are the half-open
// intervals [k d, (k+1) d) of the grid of the minimum delay d, cut short at the end of a
// run: a spike at t in window k arrives at t + delay >= k d + d, so in window k + 1 or later.
#include "sim/detail/first_not_below.hpp"
#include "sim/simulation.hpp"
#include "sim/worker_team.hpp"

#include <chrono>
#include <optional>

#include <algorithm>

namespace spikesim {

void Simulation::advance_shard(std::size_t shard, const GridWindow& w,
                               std::span<const Arrival> arrivals) {
    const Shard& sh = shards_[shard];
    const auto& pops = net_.populations();
    const auto& projections = net_.projections();
    CellGroup& group = *pops[sh.population].group;
    const std::uint32_t owned = group.owned();
    auto& out = shard_spikes_[shard];
    out.clear();
    std::uint64_t deliveries = 0;
    group.begin_window(sh.local, w);
    auto& rows = shard_rows_[shard];
    rows.clear();
    for (const Arrival& a : arrivals) {
        const Projection& proj = projections[a.projection];
        if (proj.target_population != sh.population) continue;
        const std::uint32_t* row = proj.targets.data();
        const std::uint32_t* first = row + a.first;
        const std::uint32_t* last = row + a.last;
        // The shard's part of the row (its targets are ascending); no search at the
        // population's ends.
        if (sh.begin > 0) first = detail::first_not_below(first, last, sh.begin);
        if (sh.end < owned) last = detail::first_not_below(first, last, sh.end);
        if (first == last) continue;
        const float* weights =
            proj.uniform_weight() ? nullptr : proj.weights.data() + (first - row);
        rows.push_back(
            InputRow{a.t, first, weights, proj.weight, static_cast<std::uint32_t>(last - first)});
        deliveries += static_cast<std::uint64_t>(last - first);
    }
    group.deliver(sh.local, w, rows, out);
    group.finish_window(sh.local, w, out);
    shard_deliveries_[shard] += deliveries;
}

// Each synapse's delivery on its own, dropped or jittered (sim/synaptic_noise.hpp).
template <class File>
void Simulation::file_noisy(const Projection& proj, std::uint32_t j, const Spike& spike,
                            std::uint64_t first, std::uint64_t last, File& file) const {
    for (std::uint64_t q = first; q < last; ++q) {
        const double t = noisy_arrival(proj.noise, net_.seed(), proj.noise_purpose, q, spike.t,
                                       proj.delay_of(q));
        if (!std::isnan(t)) file(Arrival{t, spike.gid, j, q, q + 1});
    }
}

// Files the spikes' arrivals under their windows, none before window `not_before` (the
// first the loop has not advanced yet).
void Simulation::file_arrivals(std::span<const Spike> spikes, std::uint64_t not_before) {
    const auto& projections = net_.projections();
    const auto& pops = net_.populations();
    // Rounding may put t + d a hair below the edge of the window the loop is in: the
    // arrival still belongs to a window not yet advanced.
    auto file = [&](const Arrival& a) {
        const std::uint64_t k = std::max(grid_.index_of(a.t), not_before);
        arrivals_[k & (slots_ - 1)].push_back(a);
    };
    // A window's spikes come from all over the network, and their rows' offsets are
    // rarely in cache: ask for all of them first, so that the misses overlap.
    for (const Spike& spike : spikes) {
        const std::uint32_t p = population_of(spike.gid);
        for (std::uint32_t j : outgoing_[p])
            __builtin_prefetch(&projections[j].offsets[spike.gid - pops[p].offset]);
    }
    for (const Spike& spike : spikes) {
        const std::uint32_t p = population_of(spike.gid);
        const std::uint32_t source = spike.gid - pops[p].offset;
        for (std::uint32_t j : outgoing_[p]) {
            const Projection& proj = projections[j];
            const std::uint64_t first = proj.offsets[source], last = proj.offsets[source + 1];
            if (first == last) continue;
            if (proj.noise.active()) {
                file_noisy(proj, j, spike, first, last, file);
            } else if (proj.uniform_delay()) {
                file(Arrival{spike.t + proj.delay, spike.gid, j, first, last});
            } else {
                for (std::uint64_t q = first; q < last; ++q)
                    file(Arrival{spike.t + proj.delays[q], spike.gid, j, q, q + 1});
            }
        }
    }
}

// Advances this rank's shards through window w, their spikes into rank_spikes_.
void Simulation::advance_rank(const GridWindow& w, WorkerTeam* team) {
    // This window's arrivals in the one order every shard applies them in. Arrivals at or
    // after t1 exist only when the run ends inside the grid window; they wait.
    auto& arrivals = arrivals_[w.index & (slots_ - 1)];
    std::sort(arrivals.begin(), arrivals.end());
    const auto due = std::partition_point(arrivals.begin(), arrivals.end(),
                                          [&](const Arrival& a) { return a.t < w.t1; });
    const std::span<const Arrival> now_due(arrivals.begin(), due);
    // The same shards go to the same thread window after window, so that each thread finds
    // its neurons in its own cache.
    auto advance_worker = [&](std::size_t worker) {
        for (const std::uint32_t s : worker_shards_[worker])
            advance_shard(s, w, now_due);
    };
    if (team)
        team->run(advance_worker);
    else
        advance_worker(0);
    arrivals.erase(arrivals.begin(), due);
    for (const auto& out : shard_spikes_)
        rank_spikes_.insert(rank_spikes_.end(), out.begin(), out.end());
}

// Every rank's spikes of a window into window_spikes_, on every rank; the status is every
// rank's.
WindowStatus Simulation::exchange_window_spikes(std::span<const Spike> mine) {
    const auto start = std::chrono::steady_clock::now();
    const WindowStatus status = comm_->exchange_spikes(
        mine, WindowStatus{should_stop(), failure_ != nullptr}, window_spikes_);
    stats_.exchange_seconds +=
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    return status;
}

// After a window's exchange: a failure on any rank throws on every rank; otherwise the
// window's spikes, in the order one process has them (by time, then id), are recorded and
// their arrivals filed, none before window `not_before`. Returns whether the ranks stop.
bool Simulation::take_exchanged(WindowStatus status, std::uint64_t not_before) {
    if (status.failed) comm_->agree(failure_); // throws on every rank
    std::sort(window_spikes_.begin(), window_spikes_.end(), [](const Spike& a, const Spike& b) {
        return a.t != b.t ? a.t < b.t : a.gid < b.gid;
    });
    guarded([&] {
        record(window_spikes_);
        file_arrivals(window_spikes_, not_before);
    });
    return status.stop;
}

// The window the loop advances next: the rest of grid window window_index_, up to t_end.
GridWindow Simulation::next_window(double t_end) const {
    return GridWindow{window_index_, now_, std::min(grid_.start(window_index_ + 1), t_end)};
}

// What follows every window of either loop: the membrane samples, the monitors, the clock.
void Simulation::end_window(const GridWindow& w, double t_end) {
    collect_probes(); // a collective: every rank, every window
    guarded([&] { flush_monitors(false); });
    now_ = w.t1;
    if (w.t1 == grid_.start(w.index + 1)) ++window_index_; // else the run ended inside it
    ++stats_.windows;
    if (progress_) progress_(now_, t_end);
}

void Simulation::end_run(bool stopped) {
    stats_.synaptic_events = 0;
    for (auto d : shard_deliveries_)
        stats_.synaptic_events += d;
    if (stopped) stats_.interrupted = true;
}

void Simulation::run_windowed(double t_end) {
    // One thread per worker's shards, for this run; none besides the caller for one worker.
    std::optional<WorkerTeam> team;
    if (worker_shards_.size() > 1) team.emplace(worker_shards_.size());
    // Over several ranks, a stop is agreed at a window's exchange, so that all stop after
    // the same window; one process can stop before the first.
    bool stopping = comm_->size() == 1 && should_stop();
    while (now_ < t_end && !stopping) {
        const GridWindow w = next_window(t_end);
        set_probe_rows(w.t1);

        rank_spikes_.clear();
        guarded([&] { advance_rank(w, team ? &*team : nullptr); });

        // Every rank's spikes of the window, on every rank; a failure anywhere stops all.
        stopping = take_exchanged(exchange_window_spikes(rank_spikes_), w.index + 1);
        end_window(w, t_end);
    }
    end_run(stopping);
}

} // namespace spikesim
