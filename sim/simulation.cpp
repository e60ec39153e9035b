#include "sim/simulation.hpp"

#include "sim/detail/serial_state.hpp"
#include "sim/errors.hpp"

#include <tbb/global_control.h>

#include <algorithm>
#include <bit>
#include <chrono>
#include <cmath>

namespace spikesim {

Simulation::Simulation(Network& network) : net_(network) {
    auto& pops = net_.populations();
    for (auto& p : pops)
        p.group->initialize(net_.seed(), p.name);
    stats_.spikes_per_population.assign(pops.size(), 0);
    monitor_of_population_.assign(pops.size(), nullptr);
    outgoing_.resize(pops.size());
    const auto& projections = net_.projections();
    for (std::uint32_t j = 0; j < projections.size(); ++j)
        outgoing_[projections[j].source_population].push_back(j);

    // Without synapses neurons never interact: any window is exact, 1 ms keeps overhead low.
    window_ = std::isinf(net_.min_delay()) ? 1.0 : net_.min_delay();
    grid_ = WindowGrid(window_ > 0 ? window_ : 1.0);
    if (window_ > 0) {
        // An arrival lands at most floor(max_delay / window) + 1 windows ahead; one slot
        // more absorbs rounding at window edges, and rounding up to a power of two makes a
        // window's slot a mask.
        slots_ =
            std::bit_ceil(static_cast<std::size_t>(std::floor(net_.max_delay() / window_)) + 3);
        arrivals_.resize(slots_);
    }

    // Each thread owns an equal range of neuron ids, for every window: its neurons stay in
    // its own cache. Shards are those ranges cut at population boundaries. How the work is
    // split changes nothing in the results.
    const auto workers = std::max<std::size_t>(
        tbb::global_control::active_value(tbb::global_control::max_allowed_parallelism), 1);
    const std::uint64_t n = net_.neuron_count();
    std::vector<std::uint64_t> cuts;
    for (std::size_t k = 0; k <= workers; ++k)
        cuts.push_back(n * k / workers);
    worker_shards_.assign(workers, {});
    for (std::uint32_t p = 0; p < pops.size(); ++p) {
        const std::uint64_t lo = pops[p].offset, hi = lo + pops[p].size();
        std::vector<std::uint32_t> bounds{0};
        for (const std::uint64_t c : cuts)
            if (c > lo && c < hi) bounds.push_back(static_cast<std::uint32_t>(c - lo));
        bounds.push_back(pops[p].size());
        for (std::uint32_t s = 0; s + 1 < bounds.size(); ++s) {
            const std::uint64_t first = lo + bounds[s];
            const auto worker = static_cast<std::size_t>(
                std::upper_bound(cuts.begin(), cuts.end() - 1, first) - cuts.begin() - 1);
            worker_shards_[worker].push_back(static_cast<std::uint32_t>(shards_.size()));
            shards_.push_back(Shard{p, s, bounds[s], bounds[s + 1]});
        }
        pops[p].group->prepare_windows(grid_, std::move(bounds), pops[p].offset, window_index_);
    }
    shard_spikes_.resize(shards_.size());
    shard_rows_.resize(shards_.size());
    shard_deliveries_.assign(shards_.size(), 0);
}

Simulation::~Simulation() {
    for (auto& p : net_.populations())
        p.group->set_probe(nullptr);
}

std::uint32_t Simulation::population_of(std::uint32_t gid) const {
    const auto& pops = net_.populations();
    std::uint32_t lo = 0, hi = static_cast<std::uint32_t>(pops.size());
    while (hi - lo > 1) {
        const std::uint32_t mid = (lo + hi) / 2;
        (pops[mid].offset <= gid ? lo : hi) = mid;
    }
    return lo;
}

SpikeMonitor& Simulation::record_spikes(PopulationId population) {
    auto& slot = monitor_of_population_.at(population.index);
    if (!slot)
        slot = &spike_monitors_.emplace_back(net_.population(population).name,
                                             net_.population(population).size());
    return *slot;
}

MembraneMonitor& Simulation::record_membrane(PopulationId population,
                                             std::vector<std::uint32_t> neurons, double interval) {
    const Population& pop = net_.population(population);
    const std::string key = "record membrane of '" + pop.name + "'";
    if (!pop.group->receives_input())
        throw InputError("network", key, "a population of neurons (not a spike source)", pop.name);
    if (pop.group->probe())
        throw InputError("network", key, "one membrane recording per population", "a second one");
    if (!(interval > 0) || !std::isfinite(interval))
        throw InputError("network", key + ": interval", "a finite number > 0 (ms)",
                         std::to_string(interval));
    if (neurons.empty())
        throw InputError("network", key + ": neurons", "at least one neuron id", "none");
    std::sort(neurons.begin(), neurons.end());
    neurons.erase(std::unique(neurons.begin(), neurons.end()), neurons.end());
    if (neurons.back() >= pop.size())
        throw InputError("network", key + ": neurons", "ids below " + std::to_string(pop.size()),
                         std::to_string(neurons.back()));
    auto& monitor =
        membrane_monitors_.emplace_back(pop.name, pop.group.get(), std::move(neurons), interval);
    pop.group->set_probe(&monitor.probe());
    return monitor;
}

void Simulation::stream_to(RecordingSink* sink) {
    for (auto& m : spike_monitors_)
        m.attach(sink);
    for (auto& m : membrane_monitors_)
        m.attach(sink);
}

void Simulation::run(double duration) {
    if (!(duration >= 0) || !std::isfinite(duration))
        throw InputError("simulation", "duration", "a finite number >= 0 (ms)",
                         std::to_string(duration));
    const auto start = std::chrono::steady_clock::now();
    const double t_end = now_ + duration;
    if (window_ > 0)
        run_windowed(t_end);
    else
        run_serial(t_end);
    flush_monitors(true);
    stats_.simulated_ms = now_;
    stats_.wall_seconds +=
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

void Simulation::record(std::span<const Spike> spikes) {
    for (const Spike& s : spikes) {
        const std::uint32_t p = population_of(s.gid);
        ++stats_.spikes_per_population[p];
        if (auto* m = monitor_of_population_[p])
            m->append(s.t, s.gid - net_.populations()[p].offset);
    }
}

void Simulation::set_probe_rows(double t1) {
    for (auto& m : membrane_monitors_) {
        MembraneProbe& probe = m.probe();
        probe.first_row = m.rows();
        std::uint32_t rows = 0;
        while (probe.time_of(probe.first_row + rows) < t1)
            ++rows;
        probe.rows = rows;
        probe.values.resize(std::size_t(rows) * probe.neurons.size());
    }
}

void Simulation::collect_probes() {
    for (auto& m : membrane_monitors_)
        m.collect();
}

void Simulation::flush_monitors(bool force) {
    for (auto& m : spike_monitors_)
        m.flush(force);
    for (auto& m : membrane_monitors_)
        m.flush(force);
}

} // namespace spikesim
