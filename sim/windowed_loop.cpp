// The conservative windowed loop (see sim/simulation.hpp). Windows are the half-open
// intervals [k d, (k+1) d) of the grid of the minimum delay d, cut short at the end of a
// run: a spike at t in window k arrives at t + delay >= k d + d, so in window k + 1 or later.
#include "sim/simulation.hpp"

#include <tbb/parallel_for.h>

#include <algorithm>
#include <cmath>

namespace spikesim {

std::uint64_t Simulation::window_of(double t) const {
    // The index k with k d <= t < (k+1) d, where the products are the same floating-point
    // expressions that bound the windows, so an event and its window always agree.
    auto k = static_cast<std::uint64_t>(t / window_);
    if (k > 0 && t < static_cast<double>(k) * window_) --k;
    if (t >= static_cast<double>(k + 1) * window_) ++k;
    return k;
}

void Simulation::advance_shard(std::size_t shard, Window w, std::uint64_t window_index) {
    const std::size_t shards = shard_count();
    auto& bucket = buckets_[(window_index % slots_) * shards + shard];
    // Events at or after t1 exist only when the previous run ended inside this grid
    // window; they wait for the next call.
    const auto due =
        std::partition(bucket.begin(), bucket.end(), [&](const Event& e) { return e.t < w.t1; });
    std::sort(bucket.begin(), due, EventOrder{});
    const Event* ev = bucket.data();
    const Event* const ev_end = ev + (due - bucket.begin());

    auto& out = shard_spikes_[shard];
    out.clear();
    const std::uint32_t g0 = shard_begin_[shard], g1 = shard_begin_[shard + 1];
    for (auto& pop : net_.populations()) {
        const std::uint32_t lo = std::max(g0, pop.offset);
        const std::uint32_t hi = std::min(g1, pop.offset + pop.size());
        if (lo >= hi) continue;
        const Event* first = ev;
        while (ev != ev_end && ev->target < hi)
            ++ev;
        pop.group->advance_window(w, lo - pop.offset, hi - pop.offset, pop.offset,
                                  std::span<const Event>(first, ev), out);
    }
    bucket.erase(bucket.begin(), due);
}

void Simulation::deliver_to_shard(std::size_t shard, std::uint64_t window_index) {
    const std::size_t shards = shard_count();
    const auto& projections = net_.projections();
    const auto& pops = net_.populations();
    std::uint64_t deliveries = 0;
    for (const Spike& spike : window_spikes_) {
        const std::uint32_t p = population_of(spike.gid);
        const std::uint32_t source = spike.gid - pops[p].offset;
        for (std::uint32_t j : outgoing_[p]) {
            const Projection& proj = projections[j];
            const TargetRange range = shard_targets_[shard * projections.size() + j];
            if (range.begin >= range.end) continue;
            const std::uint32_t* row = proj.targets.data();
            const std::uint32_t* first = std::lower_bound(
                row + proj.offsets[source], row + proj.offsets[source + 1], range.begin);
            const std::uint32_t* last = row + proj.offsets[source + 1];
            const std::uint32_t target_offset = pops[proj.target_population].offset;
            for (const std::uint32_t* t = first; t != last && *t < range.end; ++t) {
                const auto synapse = static_cast<std::uint64_t>(t - row);
                const double arrival = spike.t + proj.delay_of(synapse);
                // Rounding may put t + d a hair below the next window edge: it still
                // belongs to a later window than the one that sent it.
                const auto k = std::max(window_of(arrival), window_index + 1);
                buckets_[(k % slots_) * shards + shard].push_back(
                    Event{arrival, target_offset + *t, proj.weights[synapse]});
                ++deliveries;
            }
        }
    }
    shard_deliveries_[shard] += deliveries;
}

void Simulation::run_windowed(double t_end) {
    const std::size_t shards = shard_count();
    while (now_ < t_end && !should_stop()) {
        const std::uint64_t k = window_index_;
        const double grid_end = static_cast<double>(k + 1) * window_;
        const Window w{now_, std::min(grid_end, t_end)};
        set_probe_rows(w.t1);

        tbb::parallel_for(std::size_t(0), shards, [&](std::size_t s) { advance_shard(s, w, k); });

        window_spikes_.clear();
        for (const auto& out : shard_spikes_)
            window_spikes_.insert(window_spikes_.end(), out.begin(), out.end());
        std::sort(window_spikes_.begin(), window_spikes_.end(), [](const Spike& a, const Spike& b) {
            return a.t != b.t ? a.t < b.t : a.gid < b.gid;
        });
        record(window_spikes_);
        if (!window_spikes_.empty())
            tbb::parallel_for(std::size_t(0), shards,
                              [&](std::size_t s) { deliver_to_shard(s, k); });

        collect_probes();
        flush_monitors(false);
        now_ = w.t1;
        if (w.t1 == grid_end) ++window_index_; // else the run ended inside window k
        ++stats_.windows;
        if (progress_) progress_(now_, t_end);
    }
    stats_.synaptic_events = 0;
    for (auto d : shard_deliveries_)
        stats_.synaptic_events += d;
    if (should_stop()) stats_.interrupted = true;
}

} // namespace spikesim
