// The COBA network (experiments/coba.hpp) of lif_cond_exp neurons: the same spikes for any
// thread count, the rate Brian2 gives, and the spike times of Boost.Odeint's dopri5 at
// tolerance 1e-12 (tests/lif_cond_exp_ode.hpp) for the same network.
#include "exc_inh_spikes.hpp"
#include "experiments/coba.hpp"
#include "experiments/coba_network.hpp"
#include "lif_cond_exp_ode.hpp"
#include "sim/add_neurons.hpp"
#include "sim/simulation.hpp"

#include <catch2/catch.hpp>
#include <tbb/global_control.h>

#include <algorithm>
#include <cmath>
#include <utility>
#include <vector>

using namespace spikesim;

TEST_CASE("COBA: spikes identical for 1, 2 and 4 threads", "[lif_cond_exp][coba][determinism]") {
    auto run = [](int threads) {
        tbb::global_control limit(tbb::global_control::max_allowed_parallelism, threads);
        CobaOptions o;
        o.neurons = 800;
        Network net = build_coba(o);
        Simulation sim(net);
        auto& e = sim.record_spikes(*net.find("exc"));
        sim.run(200.0);
        return std::make_pair(e.times(), e.node_ids());
    };
    const auto one = run(1);
    REQUIRE(one.first.size() > 100);
    REQUIRE(run(2) == one);
    REQUIRE(run(4) == one);
}

TEST_CASE("COBA N=4000: the rate over 0.5-1 s is in Brian2's range",
          "[lif_cond_exp][coba][reference]") {
    // Brian2 2.5.1, the same network (bench/brian2_coba_rate.py, 4 seeds): 19.5 +- 2.2 Hz.
    // One seed here; accept Brian2's mean +- 3 of its standard deviations.
    CobaOptions o;
    Network net = build_coba(o);
    Simulation sim(net);
    sim.run(500.0);
    auto count = [&] {
        return sim.statistics().spikes_per_population[0] +
               sim.statistics().spikes_per_population[1];
    };
    const auto before = count();
    sim.run(500.0);
    const double rate = double(count() - before) / 4000.0 / 0.5;
    INFO("rate " << rate << " Hz");
    REQUIRE(rate > 19.5 - 3 * 2.2);
    REQUIRE(rate < 19.5 + 3 * 2.2);
}

TEST_CASE("COBA: every spike within 1e-6 ms of Odeint's dopri5 at tolerance 1e-12",
          "[lif_cond_exp][coba][reference]") {
    // The whole network, chaotic as it is, against an integrator that shares nothing with
    // the model but the equations: the same spikes, at the same times.
    CobaOptions o;
    o.neurons = 500;
    o.inputs_per_neuron = 40;
    auto spikes_of = [](Network net) { return test::exc_inh_spikes(std::move(net), 150.0); };
    const auto model = spikes_of(build_coba(o));
    LifCondExpOdeSystem::Params ref;
    const auto p = coba_neuron();
    ref.tau_m = p.tau_m, ref.e_l = p.e_l, ref.v_th = p.v_th, ref.v_reset = p.v_reset;
    ref.t_ref = p.t_ref, ref.e_ex = p.e_ex, ref.e_in = p.e_in, ref.tau_ex = p.tau_ex;
    ref.tau_in = p.tau_in, ref.i_e = p.i_e, ref.v_init = p.v_init;
    ref.abs_tol = ref.rel_tol = 1e-12;
    const auto reference = spikes_of(build_coba_with<LifCondExpOde>(o, ref));
    REQUIRE(model.size() > 500);
    REQUIRE(model.size() == reference.size());
    double worst = 0;
    for (std::size_t k = 0; k < model.size(); ++k) {
        REQUIRE(model[k].first == reference[k].first);
        worst = std::max(worst, std::abs(model[k].second - reference[k].second));
    }
    WARN(model.size() << " spikes, largest difference " << worst << " ms");
    REQUIRE(worst < 1e-6);
}
