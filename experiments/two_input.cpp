#include "experiments/two_input.hpp"

#include "models/lif_delta.hpp"
#include "sim/errors.hpp"
#include "sim/simulation.hpp"
#include "sim/source_group.hpp"

#include <tbb/parallel_for.h>

#include <algorithm>
#include <cmath>
#include <numeric>

namespace spikesim {

const char* to_string(Condition c) {
    switch (c) {
    case Condition::uniform:
        return "uniform";
    case Condition::early_late:
        return "early_late";
    case Condition::synchronous:
        return "synchronous";
    case Condition::poisson:
        return "poisson";
    case Condition::custom:
        return "custom";
    }
    return "?";
}

namespace {

// A user's train: finite times in [0, window), ascending without repeats (a spike source
// emits one spike at a time, and an unsorted list is more likely a mistake than a set).
void validate_train(const std::vector<double>& times, const char* key, double window) {
    for (std::size_t k = 0; k < times.size(); ++k) {
        const std::string at = std::string(key) + "[" + std::to_string(k) + "]";
        if (!(times[k] >= 0.0 && times[k] < window))
            throw InputError("two_input", at,
                             "a time in [0, window) = [0, " + format_number(window) +
                                 ") ms (window sets the interval)",
                             format_number(times[k]));
        if (k > 0 && !(times[k] > times[k - 1]))
            throw InputError("two_input", at,
                             "times in ascending order without repeats (the time before is " +
                                 format_number(times[k - 1]) + " ms)",
                             format_number(times[k]));
    }
}

} // namespace

void TwoInputParams::validate() const {
    auto bad = [](const char* field, const std::string& expected, double got) {
        return InputError("two_input", field, expected, format_number(got));
    };
    if (spikes < 1 || spikes > 100000) throw bad("spikes", "an integer from 1 to 100000", spikes);
    if (!(window > 0) || !std::isfinite(window)) throw bad("window", "a number > 0 (ms)", window);
    if (!(burst > 0) || !(burst <= window / 2))
        throw bad("burst", "a number in (0, window/2] (ms)", burst);
    if (!(weight > 0) || !std::isfinite(weight))
        throw bad("weight", "a number > 0 (mV): the inputs are excitatory", weight);
    if (trials < 1 || trials > 100000) throw bad("trials", "an integer from 1 to 100000", trials);
    if (!(record_interval > 0) || !std::isfinite(record_interval))
        throw bad("record_interval", "a number > 0 (ms)", record_interval);
    if (!(delay > 0) || !std::isfinite(delay)) throw bad("delay", "a number > 0 (ms)", delay);
    if (custom) {
        validate_train(custom->a, "times_a", window);
        validate_train(custom->b, "times_b", window);
    }
    LifDelta::Params lif{tau_m, e_l, v_th, v_reset, t_ref, 0.0, e_l};
    try {
        LifDelta::validate(lif, "");
    } catch (const InputError& e) {
        throw InputError("two_input", e.key(), e.expected(), e.got());
    }
}

void TwoInputOptions::validate() const {
    params.validate();
    if (!sweep) return;
    if (sweep_spikes.empty())
        throw InputError("two_input", "sweep_spikes", "at least one value", "none");
    if (sweep_tau_m.empty())
        throw InputError("two_input", "sweep_tau_m", "at least one value", "none");
    for (int n : sweep_spikes)
        if (n < 1 || n > 100000)
            throw InputError("two_input", "sweep_spikes", "integers from 1 to 100000",
                             std::to_string(n));
    for (double tau : sweep_tau_m)
        if (!(tau > 0) || !std::isfinite(tau))
            throw InputError("two_input", "sweep_tau_m", "numbers > 0 (ms)", format_number(tau));
}

InputTrains make_inputs(Condition c, const TwoInputParams& p) {
    const int n = p.spikes;
    auto evenly = [n](double start, double width) {
        std::vector<double> t(static_cast<std::size_t>(n));
        for (int k = 0; k < n; ++k)
            t[std::size_t(k)] = start + width * k / n;
        return t;
    };
    switch (c) {
    case Condition::uniform: // both spread over the window, B half an interval after A
        return {evenly(0.0, p.window), evenly(0.5 * p.window / n, p.window)};
    case Condition::early_late:
        return {evenly(0.0, p.burst), evenly(p.window - p.burst, p.burst)};
    case Condition::synchronous:
        return {evenly(0.0, p.burst), evenly(0.0, p.burst)};
    case Condition::custom:
        return p.custom ? *p.custom : InputTrains{};
    case Condition::poisson:
        break;
    }
    return {};
}

double TrialResult::first_spike() const {
    return output.empty() ? std::nan("") : output.front();
}

namespace {
template <class F> double mean_over(const std::vector<TrialResult>& trials, F f) {
    double sum = 0;
    for (const auto& t : trials)
        sum += f(t);
    return sum / static_cast<double>(trials.size());
}

struct ConditionPopulations {
    PopulationId a, b, out;
    std::uint32_t size;
};

ConditionPopulations add_condition(Network& net, Condition c, const TwoInputParams& p) {
    const std::string name = to_string(c);
    ConditionPopulations pops;
    if (c == Condition::poisson) {
        // Equal mean rates: N spikes per window on average, exact exponential intervals.
        const double rate = 1000.0 * p.spikes / p.window;
        const auto trials = static_cast<std::uint32_t>(p.trials);
        pops.a =
            net.add(name + "_input_a",
                    std::make_unique<PoissonGroup>(trials, rate, 0.0, p.window, name + "_input_a"),
                    Dale::excitatory);
        pops.b =
            net.add(name + "_input_b",
                    std::make_unique<PoissonGroup>(trials, rate, 0.0, p.window, name + "_input_b"),
                    Dale::excitatory);
        pops.size = trials;
    } else {
        const InputTrains in = make_inputs(c, p);
        pops.a = net.add(
            name + "_input_a",
            std::make_unique<SpikeGeneratorGroup>(std::vector<std::vector<double>>{in.a}, name),
            Dale::excitatory);
        pops.b = net.add(
            name + "_input_b",
            std::make_unique<SpikeGeneratorGroup>(std::vector<std::vector<double>>{in.b}, name),
            Dale::excitatory);
        pops.size = 1;
    }
    const LifDelta::Params lif{p.tau_m, p.e_l, p.v_th, p.v_reset, p.t_ref, 0.0, p.e_l};
    pops.out = net.add_neurons<LifDelta>(name + "_output", pops.size, lif, Dale::excitatory);
    net.connect(pops.a, pops.out, OneToOne{}, {p.weight, p.delay});
    net.connect(pops.b, pops.out, OneToOne{}, {p.weight, p.delay});
    return pops;
}

std::vector<std::vector<double>> split_by_node(const SpikeMonitor& m, std::uint32_t nodes) {
    std::vector<std::vector<double>> out(nodes);
    for (std::size_t k = 0; k < m.times().size(); ++k)
        out[m.node_ids()[k]].push_back(m.times()[k]);
    return out;
}
} // namespace

double ConditionResult::mean_output_spikes() const {
    return mean_over(trials, [](const TrialResult& t) { return double(t.output.size()); });
}
double ConditionResult::mean_input_spikes_a() const {
    return mean_over(trials, [](const TrialResult& t) { return double(t.inputs.a.size()); });
}
double ConditionResult::mean_input_spikes_b() const {
    return mean_over(trials, [](const TrialResult& t) { return double(t.inputs.b.size()); });
}
double ConditionResult::mean_peak() const {
    return mean_over(trials, [](const TrialResult& t) { return t.peak; });
}

std::vector<ConditionResult> run_two_input(const TwoInputParams& p) {
    p.validate();
    Network net(p.seed);
    std::vector<Condition> conditions(all_conditions.begin(), all_conditions.end());
    if (p.custom) conditions.push_back(Condition::custom);
    std::vector<ConditionPopulations> pops;
    for (Condition c : conditions)
        pops.push_back(add_condition(net, c, p));
    Simulation sim(net);
    struct Monitors {
        SpikeMonitor *a, *b, *out;
        MembraneMonitor* v;
    };
    std::vector<Monitors> mon;
    for (const auto& cp : pops) {
        std::vector<std::uint32_t> all(cp.size);
        std::iota(all.begin(), all.end(), 0u);
        mon.push_back({&sim.record_spikes(cp.a), &sim.record_spikes(cp.b),
                       &sim.record_spikes(cp.out),
                       &sim.record_membrane(cp.out, all, p.record_interval)});
    }
    sim.run(p.duration());

    std::vector<ConditionResult> results;
    for (std::size_t c = 0; c < pops.size(); ++c) {
        const auto n = pops[c].size;
        const auto a = split_by_node(*mon[c].a, n), b = split_by_node(*mon[c].b, n),
                   out = split_by_node(*mon[c].out, n);
        ConditionResult r{conditions[c], {}};
        for (std::uint32_t k = 0; k < n; ++k) {
            TrialResult t{{a[k], b[k]}, out[k], {}, -1e300};
            for (std::uint64_t row = 0; row < mon[c].v->rows(); ++row) {
                const auto v = static_cast<float>(mon[c].v->value(row, k));
                t.trace.push_back(v);
                t.peak = std::max(t.peak, double(v));
            }
            r.trials.push_back(std::move(t));
        }
        results.push_back(std::move(r));
    }
    return results;
}

double timing_effect(double n_early_late, double n_uniform) {
    const double total = n_early_late + n_uniform;
    return total > 0 ? std::abs(n_early_late - n_uniform) / total : std::nan("");
}

Sweep sweep_two_input(TwoInputParams p, const std::vector<int>& spikes,
                      const std::vector<double>& tau_m) {
    Sweep s{spikes, tau_m, {}, {}, {}};
    const std::size_t cells = spikes.size() * tau_m.size();
    s.effect.resize(cells);
    s.uniform_spikes.resize(cells);
    s.early_late_spikes.resize(cells);
    p.trials = 1;
    p.custom.reset(); // the sweep compares uniform with early_late only
    // Each cell is an independent simulation; cells run in parallel and results do not
    // depend on the order in which they finish.
    tbb::parallel_for(std::size_t(0), cells, [&](std::size_t cell) {
        TwoInputParams q = p;
        q.tau_m = tau_m[cell / spikes.size()];
        q.spikes = spikes[cell % spikes.size()];
        const auto r = run_two_input(q);
        s.uniform_spikes[cell] = r[0].mean_output_spikes();
        s.early_late_spikes[cell] = r[1].mean_output_spikes();
        s.effect[cell] = timing_effect(s.early_late_spikes[cell], s.uniform_spikes[cell]);
    });
    return s;
}

TwoInputResult run_two_input(const TwoInputOptions& o) {
    o.validate();
    TwoInputResult r{o.params, run_two_input(o.params), std::nullopt};
    if (o.sweep) r.sweep = sweep_two_input(o.params, o.sweep_spikes, o.sweep_tau_m);
    return r;
}

} // namespace spikesim
