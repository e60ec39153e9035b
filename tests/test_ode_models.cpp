// Models integrated with Boost.Odeint: closed-form limits, a fine fixed-step reference,
// convergence with tolerance, thread-count invariance.
#include "experiments/coba.hpp"
#include "models/lif_cond_exp.hpp"
#include "sim/simulation.hpp"
#include "sim/source_group.hpp"

#include <catch2/catch.hpp>
#include <tbb/global_control.h>

#include <cmath>

using namespace spikesim;

namespace {
LifCondExpSystem::Params base() {
    LifCondExpSystem::Params p;
    p.abs_tol = p.rel_tol = 1e-10;
    return p;
}

std::vector<double> dc_spikes(LifCondExpSystem::Params p, double duration) {
    Network net;
    auto n = net.add_neurons<LifCondExp>("n", 1, p, Dale::mixed);
    auto other = net.add_neurons<LifCondExp>("other", 1, base(), Dale::mixed);
    net.connect(other, n, OneToOne{}, {0.0, 0.25}); // sets the window, carries nothing
    Simulation sim(net);
    auto& s = sim.record_spikes(n);
    sim.run(duration);
    return s.times();
}
} // namespace

TEST_CASE("lif_cond_exp with conductances at zero is the closed-form LIF", "[ode][closed-form]") {
    auto p = base();
    p.i_e = 15.0; // v_inf = -45 mV above threshold
    p.v_init = p.v_reset;
    const double vi = p.e_l + p.i_e;
    const double t_star = p.tau_m * std::log((vi - p.v_reset) / (vi - p.v_th));
    const auto spikes = dc_spikes(p, 100.0);
    REQUIRE(spikes.size() >= 3);
    for (std::size_t k = 0; k < spikes.size(); ++k)
        REQUIRE(std::abs(spikes[k] - (t_star + double(k) * (t_star + p.t_ref))) < 1e-6);
}

TEST_CASE("lif_cond_exp: a single input's PSP matches a fine fixed-step reference", "[ode]") {
    auto p = base();
    Network net;
    auto src = net.add(
        "in", std::make_unique<SpikeGeneratorGroup>(std::vector<std::vector<double>>{{0.0}}, "in"),
        Dale::excitatory);
    auto n = net.add_neurons<LifCondExp>("n", 1, p, Dale::mixed);
    net.connect(src, n, AllToAll{}, {0.5, 1.0});
    Simulation sim(net);
    auto& m = sim.record_membrane(n, {0}, 0.5);
    sim.run(40.0);
    // Reference: RK4 with step 1e-4 ms on the same equations, from the arrival at 1 ms.
    double v = p.e_l, g = 0.5, t = 1.0;
    const double h = 1e-4;
    auto dv = [&](double vv, double gg) { return (p.e_l - vv + gg * (p.e_ex - vv)) / p.tau_m; };
    for (std::uint64_t row = 2; row < m.rows(); ++row) {
        const double target = 0.5 * double(row);
        while (t < target - 1e-12) {
            const double g2 = g * std::exp(-h / 2 / p.tau_ex), g3 = g * std::exp(-h / p.tau_ex);
            const double k1 = dv(v, g), k2 = dv(v + h / 2 * k1, g2), k3 = dv(v + h / 2 * k2, g2),
                         k4 = dv(v + h * k3, g3);
            v += h / 6 * (k1 + 2 * k2 + 2 * k3 + k4);
            g = g3;
            t += h;
        }
        REQUIRE(m.value(row, 0) == Approx(v).margin(2e-5)); // float samples
    }
    REQUIRE(m.value(10, 0) > p.e_l + 0.5); // the PSP is there: several mV at 5 ms
}

TEST_CASE("lif_cond_exp: spike times converge as the tolerance tightens", "[ode]") {
    auto p = base();
    p.i_e = 15.0;
    p.v_init = p.v_reset;
    std::vector<double> error;
    const double t_star =
        p.tau_m * std::log((p.e_l + p.i_e - p.v_reset) / (p.e_l + p.i_e - p.v_th));
    for (double tol : {1e-3, 1e-5, 1e-7, 1e-9}) {
        p.abs_tol = p.rel_tol = tol;
        error.push_back(std::abs(dc_spikes(p, 30.0).at(0) - t_star));
    }
    INFO(error[0] << " " << error[1] << " " << error[2] << " " << error[3]);
    REQUIRE(error[3] < 1e-6);
    REQUIRE(error[3] <= error[1]);
    REQUIRE(error[1] <= error[0]);
}

TEST_CASE("COBA: spikes identical for 1, 2 and 4 threads", "[ode][coba][determinism]") {
    auto run = [](int threads) {
        tbb::global_control limit(tbb::global_control::max_allowed_parallelism, threads);
        CobaOptions o;
        o.neurons = 800;
        o.abs_tol = o.rel_tol = 1e-7;
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
