// The serial exact event queue, used when some synaptic delay is zero: a spike can then
// act at the instant it is emitted, so no window of independence exists. Three queues are
// merged in time order: input events, source spikes, and per-neuron "no crossing before"
// bounds (lazily invalidated by a version number). At one instant, inputs are applied
// before a threshold crossing at that instant is looked for, as in the windowed loop.
#include "sim/simulation.hpp"

#include "sim/detail/serial_state.hpp"
#include "sim/source_group.hpp"

#include <limits>

namespace spikesim {

void Simulation::run_serial(double t_end) {
    if (!serial_) serial_ = std::make_unique<SerialState>();
    SerialState& q = *serial_;
    auto& pops = net_.populations();
    const auto& projections = net_.projections();
    const std::uint32_t n = net_.neuron_count();
    if (!q.started) {
        q.version.assign(n, 0);
        for (std::uint32_t p = 0; p < pops.size(); ++p)
            if (pops[p].group->receives_input())
                for (std::uint32_t i = 0; i < pops[p].size(); ++i)
                    q.checks.push({now_, pops[p].offset + i, 0});
        q.sources_until = now_;
        q.started = true;
    }
    constexpr double source_chunk = 1.0; // ms of source spikes generated at a time
    std::vector<SourceGroup*> sources;
    for (auto& pop : pops)
        if (auto* source = dynamic_cast<SourceGroup*>(pop.group.get())) sources.push_back(source);
    std::vector<Spike> generated;

    auto emit = [&](Spike s) {
        record(std::span<const Spike>(&s, 1));
        const std::uint32_t p = population_of(s.gid);
        const std::uint32_t source = s.gid - pops[p].offset;
        for (std::uint32_t j : outgoing_[p]) {
            const Projection& proj = projections[j];
            const std::uint32_t offset = pops[proj.target_population].offset;
            const std::uint64_t first = proj.offsets[source], last = proj.offsets[source + 1];
            if (!proj.noise.active()) {
                for (std::uint64_t k = first; k < last; ++k)
                    q.inputs.push({s.t + proj.delay_of(k), q.seq++, offset + proj.targets[k],
                                   proj.weight_of(k), false});
                stats_.synaptic_events += last - first;
                continue;
            }
            for (std::uint64_t k = first; k < last; ++k) {
                const double t = noisy_arrival(proj.noise, net_.seed(), proj.noise_purpose, k, s.t,
                                               proj.delay_of(k));
                if (std::isnan(t)) continue; // failed: no synaptic event
                q.inputs.push({t, q.seq++, offset + proj.targets[k], proj.weight_of(k), false});
                ++stats_.synaptic_events;
            }
        }
    };
    auto recheck = [&](std::uint32_t gid, double t) { q.checks.push({t, gid, ++q.version[gid]}); };

    // Source spikes and drive events before `until` into their queues.
    auto generate_before = [&](double until) {
        generated.clear();
        for (auto* source : sources)
            source->emit_before(until, 0, source->size(), generated);
        for (const Spike& s : generated)
            q.source_spikes.push(s);
        for (auto& pop : pops)
            if (DriveSchedule* drive = pop.group->drive())
                for (std::uint32_t i = 0; i < pop.size(); ++i)
                    while (drive->next(i) < until) {
                        const double t = drive->next(i);
                        const DriveEvent e = drive->take(i);
                        q.inputs.push({t, q.seq++, pop.offset + i, e.weight, e.kick});
                    }
        q.sources_until = until;
    };

    std::uint64_t steps = 0;
    while (!should_stop()) {
        const double inf = std::numeric_limits<double>::infinity();
        // Nothing at or after sources_until is known yet: the queues hold what comes before.
        const double t_unknown = q.sources_until < t_end ? q.sources_until : inf;
        const double t_input = q.inputs.empty() ? inf : q.inputs.top().t;
        const double t_source = q.source_spikes.empty() ? inf : q.source_spikes.top().t;
        double t_sample = inf;
        for (auto& m : membrane_monitors_)
            t_sample = std::min(t_sample, m.probe().time_of(m.rows()));
        const double stop = std::min({t_input, t_source, t_sample, t_end, t_unknown});

        while (!q.checks.empty() && q.checks.top().version != q.version[q.checks.top().gid])
            q.checks.pop();
        if (!q.checks.empty() && q.checks.top().t < stop) {
            const auto [t_check, gid, version] = q.checks.top();
            q.checks.pop();
            const std::uint32_t p = population_of(gid);
            CellGroup& group = *pops[p].group;
            // Crossings are searched up to the end of the check's cell of a fixed grid, not
            // up to the next event: a root finder's last bits depend on its bracket, and
            // this keeps them independent of other neurons' events, of membrane samples and
            // of where a run is split. A result past the horizon is only a bound.
            const double horizon = q.horizon_grid.start(q.horizon_grid.index_of(t_check) + 1);
            const double c = group.next_crossing(gid - pops[p].offset, horizon);
            if (c < stop && c < horizon) {
                group.fire(gid - pops[p].offset, c);
                emit(Spike{c, gid});
            }
            recheck(gid, c);
        } else if (stop == t_unknown) {
            generate_before(std::min(q.sources_until + source_chunk, t_end));
            continue;
        } else if (stop >= t_end) {
            now_ = t_end;
            break;
        } else if (stop == t_input) {
            const auto in = q.inputs.top();
            q.inputs.pop();
            const std::uint32_t p = population_of(in.target);
            if (in.kick)
                pops[p].group->kick(in.target - pops[p].offset, in.t, in.weight);
            else
                pops[p].group->receive(in.target - pops[p].offset, in.t, in.weight);
            recheck(in.target, in.t);
            now_ = in.t;
        } else if (stop == t_source) {
            const Spike s = q.source_spikes.top();
            q.source_spikes.pop();
            emit(s);
            now_ = s.t;
        } else {
            for (auto& m : membrane_monitors_) {
                MembraneProbe& probe = m.probe();
                if (probe.time_of(m.rows()) != t_sample) continue;
                probe.first_row = m.rows();
                probe.rows = 1;
                probe.values.resize(probe.neurons.size());
                for (std::size_t c = 0; c < probe.neurons.size(); ++c)
                    probe.values[c] = static_cast<float>(
                        m.group().value_at(probe.neurons[c], t_sample, probe.variable));
                m.collect();
            }
            now_ = t_sample;
        }
        if (++steps % 4096 == 0) {
            flush_monitors(false);
            if (progress_) progress_(now_, t_end);
        }
    }
    if (should_stop()) stats_.interrupted = true;
}

} // namespace spikesim
