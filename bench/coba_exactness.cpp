// lif_cond_exp's spike times in the COBA network against Boost.Odeint's dopri5 at a tight
// tolerance (tests/lif_cond_exp_ode.hpp), the same equations integrated another way: how
// many spikes each makes, how far apart the paired ones are, and when the two runs first
// disagree (the network is chaotic: a difference of one rounding can, in time, move a
// spike, and then every later spike).
// Usage: coba_exactness [neurons=4000] [duration_ms=1000] [tolerance=1e-12] [tolerance2]
// With tolerance2, dopri5 at that tolerance stands in for the model: two integrations of
// the reference against each other, to tell the model's error from the network's chaos.
#include "experiments/coba.hpp"
#include "experiments/coba_network.hpp"
#include "sim/add_neurons.hpp"
#include "sim/simulation.hpp"
#include "tests/lif_cond_exp_ode.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <vector>

using namespace spikesim;

namespace {

struct Spikes {
    std::vector<std::pair<double, std::uint64_t>> by_time; // (time, neuron)
    double seconds = 0;
};

Spikes run(Network net, double duration) {
    Simulation sim(net);
    auto& e = sim.record_spikes(*net.find("exc"));
    auto& i = sim.record_spikes(*net.find("inh"));
    const auto start = std::chrono::steady_clock::now();
    sim.run(duration);
    Spikes s;
    s.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    for (std::size_t k = 0; k < e.times().size(); ++k)
        s.by_time.emplace_back(e.times()[k], e.node_ids()[k]);
    const std::uint64_t inh_offset = 1u << 30;
    for (std::size_t k = 0; k < i.times().size(); ++k)
        s.by_time.emplace_back(i.times()[k], inh_offset + i.node_ids()[k]);
    std::sort(s.by_time.begin(), s.by_time.end());
    return s;
}

LifCondExpOdeSystem::Params reference_params(double tolerance) {
    const auto p = coba_neuron();
    LifCondExpOdeSystem::Params r;
    r.tau_m = p.tau_m, r.e_l = p.e_l, r.v_th = p.v_th, r.v_reset = p.v_reset, r.t_ref = p.t_ref;
    r.e_ex = p.e_ex, r.e_in = p.e_in, r.tau_ex = p.tau_ex, r.tau_in = p.tau_in, r.i_e = p.i_e;
    r.v_init = p.v_init;
    r.abs_tol = r.rel_tol = tolerance;
    return r;
}

} // namespace

int main(int argc, char** argv) {
    CobaOptions o;
    o.neurons = argc > 1 ? static_cast<std::uint32_t>(std::atoi(argv[1])) : 4000u;
    const double duration = argc > 2 ? std::atof(argv[2]) : 1000.0;
    const double tolerance = argc > 3 ? std::atof(argv[3]) : 1e-12;
    const double tolerance2 = argc > 4 ? std::atof(argv[4]) : 0.0;
    const Spikes model =
        tolerance2 > 0
            ? run(build_coba_with<LifCondExpOde>(o, reference_params(tolerance2)), duration)
            : run(build_coba(o), duration);
    const Spikes ref =
        run(build_coba_with<LifCondExpOde>(o, reference_params(tolerance)), duration);
    // Walk both lists in time order while they agree on the neuron.
    std::size_t k = 0;
    double worst = 0;
    // When the difference first exceeded 1e-9 and 1e-6 ms.
    double past_nano = duration, past_micro = duration;
    while (k < model.by_time.size() && k < ref.by_time.size() &&
           model.by_time[k].second == ref.by_time[k].second &&
           std::abs(model.by_time[k].first - ref.by_time[k].first) < 1e-3) {
        const double d = std::abs(model.by_time[k].first - ref.by_time[k].first);
        if (d > 1e-9) past_nano = std::min(past_nano, ref.by_time[k].first);
        if (d > 1e-6) past_micro = std::min(past_micro, ref.by_time[k].first);
        worst = std::max(worst, d);
        ++k;
    }
    const bool all = k == model.by_time.size() && k == ref.by_time.size();
    char against[64] = "lif_cond_exp";
    if (tolerance2 > 0) std::snprintf(against, sizeof against, "dopri5_at_%g", tolerance2);
    std::printf(
        "neurons=%u duration_ms=%g tolerance=%g against=%s spikes=%zu spikes_reference=%zu "
        "agreeing=%zu largest_difference_ms=%.3g past_1e-9_ms_at=%.1f past_1e-6_ms_at=%.1f "
        "first_disagreement_ms=%s seconds=%.3f reference_s=%.3f\n",
        o.neurons, duration, tolerance, against, model.by_time.size(), ref.by_time.size(), k, worst,
        past_nano, past_micro,
        all ? "none"
            : std::to_string(std::min(k < model.by_time.size() ? model.by_time[k].first : duration,
                                      k < ref.by_time.size() ? ref.by_time[k].first : duration))
                  .c_str(),
        model.seconds, ref.seconds);
}
