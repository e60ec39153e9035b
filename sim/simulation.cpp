#include "sim/simulation.hpp"

#include "sim/detail/serial_state.hpp"
#include "sim/errors.hpp"
#include "sim/limits.hpp"
#include "sim/memory_budget.hpp"

#include <tbb/global_control.h>

#include <algorithm>
#include <bit>
#include <chrono>
#include <cmath>

namespace spikesim {

Simulation::Simulation(Network& network, LoopOptions options)
    : net_(network), options_(options), own_communicator_(std::make_unique<SingleProcess>()),
      comm_(own_communicator_.get()) {
    set_up();
}

Simulation::Simulation(Network& network, Communicator& communicator, LoopOptions options)
    : net_(network), options_(options), comm_(&communicator) {
    set_up();
}

void Simulation::set_up() {
    const Partition& part = net_.partition();
    if (part.rank != comm_->rank() || part.ranks != comm_->size())
        throw InputError("simulation", "communicator",
                         "the one whose partition built the network (rank " +
                             std::to_string(part.rank) + " of " + std::to_string(part.ranks) + ")",
                         "rank " + std::to_string(comm_->rank()) + " of " +
                             std::to_string(comm_->size()));
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
    if (window_ > 0) {
        const double ahead = net_.max_delay() / window_;
        if (!(ahead <= limits::max_delay_windows))
            throw InputError("network", "delay",
                             "a largest delay at most 1e7 times the smallest (d_max " +
                                 format_number(net_.max_delay()) + " ms, d_min " +
                                 format_number(window_) + " ms: the run keeps a list per window)",
                             format_number(ahead) + " times");
        // Halved exactly (a power of two): window 2k starts where window k of the plain
        // loop does.
        if (options_.overlap_exchange) window_ /= 2;
        // An arrival lands at most floor(max_delay / window) + 1 windows after the one that
        // sent it (the overlapped loop files it a window later, at most as far); one slot
        // more absorbs rounding at window edges, and rounding up to a power of two makes a
        // window's slot a mask.
        slots_ =
            std::bit_ceil(static_cast<std::size_t>(std::floor(net_.max_delay() / window_)) + 3);
        arrivals_.resize(slots_);
    }
    grid_ = WindowGrid(window_ > 0 ? window_ : 1.0);

    if (window_ == 0 && comm_->size() > 1)
        throw InputError("network", "delay",
                         "delays > 0 in a run over several processes (a delay of 0 needs the "
                         "serial event queue, which runs in one process)",
                         "a delay of 0 ms, on " + std::to_string(comm_->size()) + " processes");
    layout_shards();
}

// Each thread owns an equal range of the neurons this rank owns, for every window: its
// neurons stay in its own cache. Shards are those ranges cut at population boundaries. How
// the work is split changes nothing in the results.
void Simulation::layout_shards() {
    auto& pops = net_.populations();
    const auto workers = std::max<std::size_t>(
        tbb::global_control::active_value(tbb::global_control::max_allowed_parallelism), 1);
    std::uint64_t owned = 0; // neurons this rank owns, over all populations
    for (const auto& p : pops)
        owned += p.group->owned();
    std::vector<std::uint64_t> cuts; // in the concatenation of the rank's blocks
    for (std::size_t k = 0; k <= workers; ++k)
        cuts.push_back(owned * k / workers);
    worker_shards_.assign(workers, {});
    std::uint64_t lo = 0; // the population's block, in that concatenation
    for (std::uint32_t p = 0; p < pops.size(); ++p) {
        const CellGroup& group = *pops[p].group;
        const std::uint64_t hi = lo + group.owned();
        std::vector<std::uint32_t> bounds{0}; // local ids
        for (const std::uint64_t c : cuts)
            if (c > lo && c < hi) bounds.push_back(static_cast<std::uint32_t>(c - lo));
        bounds.push_back(group.owned());
        for (std::uint32_t s = 0; s + 1 < bounds.size(); ++s) {
            const std::uint64_t at = lo + bounds[s];
            const auto worker = static_cast<std::size_t>(
                std::upper_bound(cuts.begin(), cuts.end() - 1, at) - cuts.begin() - 1);
            worker_shards_[worker].push_back(static_cast<std::uint32_t>(shards_.size()));
            shards_.push_back(Shard{p, s, bounds[s], bounds[s + 1]});
        }
        pops[p].group->prepare_windows(grid_, std::move(bounds),
                                       pops[p].offset + group.first_owned(), window_index_);
        lo = hi;
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

SpikeMonitor& Simulation::record_spikes(PopulationId population,
                                        std::vector<std::uint32_t> neurons) {
    const Population& pop = net_.population(population);
    const std::string key = "record spikes of '" + pop.name + "': neurons";
    std::sort(neurons.begin(), neurons.end());
    if (std::adjacent_find(neurons.begin(), neurons.end()) != neurons.end())
        throw InputError("network", key, "each neuron once", "a repeated id");
    if (!neurons.empty() && neurons.back() >= pop.size())
        throw InputError("network", key, "ids below " + std::to_string(pop.size()),
                         std::to_string(neurons.back()));
    if (neurons.size() == pop.size()) neurons.clear(); // every neuron
    auto& slot = monitor_of_population_.at(population.index);
    if (slot) {
        if (slot->selection() != neurons)
            throw InputError("network", key, "one spike recording per population",
                             "a second one with other neurons");
        return *slot;
    }
    slot = &spike_monitors_.emplace_back(pop.name, pop.size());
    slot->select(neurons);
    return *slot;
}

MembraneMonitor& Simulation::record_membrane(PopulationId population,
                                             std::vector<std::uint32_t> neurons, double interval,
                                             const std::string& variable) {
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
    const auto variables = pop.group->state_variables();
    std::size_t k = 0;
    while (k < variables.size() && variables[k].name != variable)
        ++k;
    if (k == variables.size()) {
        std::string names;
        for (const auto& v : variables)
            names += (names.empty() ? "" : ", ") + v.name;
        throw InputError("network", key + ": variable",
                         "a state variable of model " + std::string(pop.group->model()) + ": " +
                             names,
                         "\"" + variable + "\"");
    }
    auto& monitor =
        membrane_monitors_.emplace_back(pop.name, pop.group.get(), std::move(neurons), interval, k);
    pop.group->set_probe(&monitor.probe());
    return monitor;
}

void Simulation::stream_to(RecordingSink* sink) {
    if (!records()) return; // rank 0 records for all
    sink_ = sink;
    for (auto& m : spike_monitors_)
        m.attach(sink);
    for (auto& m : membrane_monitors_)
        m.attach(sink);
}

void Simulation::write_recorded(RecordingSink& sink) const {
    if (!records()) return;
    for (const auto& m : spike_monitors_) {
        sink.declare_spikes(m.population(), m.nodes());
        sink.write_spikes(m.population(), m.times(), m.node_ids());
    }
    for (const auto& m : membrane_monitors_) {
        sink.declare_report(m.population(), m.neurons(), m.interval(), m.variable());
        sink.write_report(m.population(), m.values());
    }
}

void Simulation::run(double duration) {
    if (!(duration >= 0) || !std::isfinite(duration))
        throw InputError("simulation", "duration", "a finite number >= 0 (ms)",
                         std::to_string(duration));
    collectively(*comm_, [&] { check_run_fits(duration); }); // some checks are rank 0's
    const auto start = std::chrono::steady_clock::now();
    const double t_end = now_ + duration;
    if (window_ == 0)
        run_serial(t_end);
    else if (options_.overlap_exchange)
        run_overlapped(t_end);
    else
        run_windowed(t_end);
    guarded([&] { flush_monitors(true); });
    comm_->agree(failure_);
    stats_.simulated_ms = now_;
    stats_.drive_events = 0;
    for (const auto& p : net_.populations())
        if (const DriveSchedule* d = p.group->drive()) stats_.drive_events += d->events();
    if (comm_->size() > 1) { // each rank counted its own neurons' events
        std::uint64_t counts[2] = {stats_.synaptic_events, stats_.drive_events};
        comm_->sum(counts);
        stats_.synaptic_events = counts[0];
        stats_.drive_events = counts[1];
    }
    stats_.wall_seconds +=
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

// Refuses a run that cannot finish or cannot fit before it starts: too many windows of
// the minimum delay, too many membrane samples, sources whose spikes of one window (or, kept
// in memory, of the whole run) need more memory than there is.
void Simulation::check_run_fits(double duration) const {
    const double windows = window_ > 0 ? duration / window_ : 0.0;
    if (windows > limits_.max_windows)
        throw InputError("simulation", "duration",
                         "at most " + format_number(limits_.max_windows) + " windows of " +
                             (options_.overlap_exchange ? "half " : "") + "the minimum delay (" +
                             format_number(window_) + " ms): a duration up to " +
                             format_number(limits_.max_windows * window_) +
                             " ms, a longer delay, or a higher max_windows",
                         format_number(duration) + " ms, " + format_number(std::ceil(windows)) +
                             " windows");
    for (const auto& m : membrane_monitors_) {
        const double rows = duration / m.interval();
        const std::string key = "record membrane of '" + m.population() + "': interval";
        if (rows > limits_.max_samples)
            throw InputError("simulation", key,
                             "at most " + format_number(limits_.max_samples) +
                                 " samples per neuron in a run (a longer interval, a shorter "
                                 "run, or a higher max_samples)",
                             format_number(m.interval()) +
                                 " ms: " + format_number(std::ceil(rows)) + " samples");
        if (!sink_ && records())
            require_memory(rows * double(m.neurons().size()) * sizeof(float),
                           "the membrane samples held in memory", "simulation", key);
    }
    double per_window = 0; // source spikes of one window, or of the run if it is serial
    for (const auto& pop : net_.populations())
        per_window += pop.group->expected_rate_hz() * pop.size() / 1000.0 *
                      (window_ > 0 ? std::min(window_, duration) : 1.0);
    require_memory(per_window * (sizeof(Spike) + sizeof(Arrival)) * 2,
                   "the spikes of the sources in one window", "simulation", "rate");
}

void Simulation::record(std::span<const Spike> spikes) {
    const bool keep = records();
    for (const Spike& s : spikes) {
        const std::uint32_t p = population_of(s.gid);
        ++stats_.spikes_per_population[p];
        if (auto* m = monitor_of_population_[p]; m && keep)
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
        // Zero: over several ranks, each fills the columns of its own neurons and the
        // samples are or-ed together (collect_probes).
        probe.values.assign(std::size_t(rows) * probe.neurons.size(), 0.0f);
    }
}

void Simulation::collect_probes() {
    for (auto& m : membrane_monitors_) {
        auto& values = m.probe().values;
        // A sample's bits come whole from the one rank that took it: or-ing keeps -0 and
        // NaN as they are, where a sum would not.
        if (comm_->size() > 1)
            comm_->or_to_root({reinterpret_cast<std::uint32_t*>(values.data()), values.size()});
        if (records())
            m.collect();
        else
            m.pass_over();
    }
}

void Simulation::flush_monitors(bool force) {
    for (auto& m : spike_monitors_)
        m.flush(force);
    for (auto& m : membrane_monitors_)
        m.flush(force);
}

} // namespace spikesim
