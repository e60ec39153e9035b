// Neuron parameters per neuron (sim/parameter_variation.hpp): each neuron of a varied
// population fires at its own closed-form times, behaves as a population of its own with
// those parameters would, distributions have their moments and depend on the seed only, and
// bad values are refused naming the key (and the neuron).
#include "config/network_config.hpp"
#include "models/lif_delta.hpp"
#include "models/lif_exp.hpp"
#include "sim/add_neurons.hpp"
#include "sim/errors.hpp"
#include "sim/simulation.hpp"
#include "sim/source_group.hpp"

#include <catch2/catch.hpp>
#include <tbb/global_control.h>

#include <cmath>
#include <map>

using namespace spikesim;

namespace {

// Driven by its constant input alone, a lif_delta neuron that starts at v_reset fires at
// t_k = k t_ref + (k + 1) T with T = tau_m ln((v_inf - v_reset) / (v_inf - v_th)).
double period(double tau_m, double i_e, double t_ref) {
    const double e_l = -65.0, v_th = -50.0, v_reset = -70.0, v_inf = e_l + i_e;
    return t_ref + tau_m * std::log((v_inf - v_reset) / (v_inf - v_th));
}

} // namespace

TEST_CASE("each neuron of a varied population fires at its own closed-form times", "[parameters]") {
    const std::vector<double> tau_m{5.0, 10.0, 12.5, 20.0, 31.0};
    const std::vector<double> i_e{16.0, 20.0, 30.0, 18.5, 40.0};
    LifDelta::Params p;
    p.v_reset = -70.0;
    p.v_init = -70.0;
    Network net;
    const auto n = net.add_neurons<LifDelta>("n", 5, p, Dale::mixed, std::nullopt, {},
                                             {{"tau_m", tau_m, {}}, {"i_e", i_e, {}}});
    Simulation sim(net);
    auto& m = sim.record_spikes(n);
    sim.run(200.0);
    std::map<std::uint64_t, std::vector<double>> per_neuron;
    for (std::size_t k = 0; k < m.times().size(); ++k)
        per_neuron[m.node_ids()[k]].push_back(m.times()[k]);
    for (std::uint32_t i = 0; i < 5; ++i) {
        const double T = period(tau_m[i], i_e[i], p.t_ref);
        const auto& t = per_neuron[i];
        REQUIRE(t.size() == std::size_t(std::floor((200.0 + p.t_ref) / T)));
        for (std::size_t k = 0; k < t.size(); ++k)
            CHECK(std::abs(t[k] - (double(k + 1) * T - p.t_ref)) < 1e-9);
    }
}

namespace {

// Five lif_exp neurons with their own tau_m and v_th, as one varied population or as five
// populations, each hit by the same 40 Poisson inputs.
std::vector<double> five_neurons(bool varied, int threads) {
    tbb::global_control limit(tbb::global_control::max_allowed_parallelism, threads);
    const std::vector<double> tau_m{8.0, 10.0, 15.0, 20.0, 25.0};
    const std::vector<double> v_th{-52.0, -50.0, -51.0, -53.0, -49.0};
    Network net(4);
    const auto src =
        net.add("src", std::make_unique<PoissonGroup>(40, 40.0, 0.0, 1e9, "src"), Dale::excitatory);
    LifExp::Params p;
    std::vector<PopulationId> targets;
    if (varied) {
        targets.push_back(net.add_neurons<LifExp>("all", 5, p, Dale::mixed, std::nullopt, {},
                                                  {{"tau_m", tau_m, {}}, {"v_th", v_th, {}}}));
    } else {
        for (std::size_t i = 0; i < 5; ++i) {
            p.tau_m = tau_m[i];
            p.v_th = v_th[i];
            targets.push_back(net.add_neurons<LifExp>("n" + std::to_string(i), 1, p, Dale::mixed));
        }
    }
    for (const auto t : targets)
        net.connect(src, t, AllToAll{}, {4.0, 1.0});
    Simulation sim(net);
    std::vector<SpikeMonitor*> monitors;
    for (const auto t : targets)
        monitors.push_back(&sim.record_spikes(t));
    sim.run(1000.0);
    std::vector<double> out; // neuron i's spikes, then -1 - i
    for (std::size_t i = 0; i < 5; ++i) {
        const SpikeMonitor& m = *monitors[varied ? 0 : i];
        for (std::size_t k = 0; k < m.times().size(); ++k)
            if (!varied || m.node_ids()[k] == i) out.push_back(m.times()[k]);
        out.push_back(-1.0 - double(i));
    }
    return out;
}

} // namespace

TEST_CASE("a varied population spikes as populations of one neuron with those parameters",
          "[parameters][determinism]") {
    const auto apart = five_neurons(false, 1);
    const auto varied = five_neurons(true, 1);
    REQUIRE(apart.size() > 50);
    REQUIRE(varied.size() == apart.size());
    // The populations of one share row factors (RowDecay); a varied one advances neuron by
    // neuron: the same solution, rounded differently.
    for (std::size_t k = 0; k < apart.size(); ++k)
        CHECK(std::abs(varied[k] - apart[k]) < 1e-9);
    CHECK(varied == five_neurons(true, 2));
}

namespace {

NeuronGroup<LifDelta>& group_of(Network& net, const std::string& name) {
    return dynamic_cast<NeuronGroup<LifDelta>&>(*net.population(*net.find(name)).group);
}

std::vector<double> drawn_tau_m(std::uint64_t seed, std::uint32_t n) {
    Network net(seed);
    LifDelta::Params p;
    net.add_neurons<LifDelta>("n", n, p, Dale::mixed, std::nullopt, {},
                              {{"tau_m", {}, Distribution::normal(20.0, 2.0, 0.0)}});
    std::vector<double> out;
    for (std::uint32_t i = 0; i < n; ++i)
        out.push_back(group_of(net, "n").params_of(i).tau_m);
    return out;
}

} // namespace

TEST_CASE("a parameter drawn per neuron has the distribution's moments and depends on the "
          "seed",
          "[parameters]") {
    // 100,000 draws of normal(20, 2): standard errors 0.0063 (mean) and 0.0045 (sd); 5 each.
    const auto x = drawn_tau_m(3, 100000);
    double mean = 0, var = 0;
    for (double v : x)
        mean += v / double(x.size());
    for (double v : x)
        var += (v - mean) * (v - mean) / double(x.size() - 1);
    CHECK(std::abs(mean - 20.0) < 0.032);
    CHECK(std::abs(std::sqrt(var) - 2.0) < 0.023);
    CHECK(drawn_tau_m(3, 100) == std::vector<double>(x.begin(), x.begin() + 100));
    CHECK(drawn_tau_m(4, 100) != std::vector<double>(x.begin(), x.begin() + 100));
}

TEST_CASE("the config file's per-neuron parameters and their errors", "[parameters][bad-input]") {
    const std::string head = "[[population]]\nname = \"n\"\nmodel = \"lif_delta\"\nsize = 4\n";
    auto load = [&](const std::string& tail) { return load_config_text("p.toml", head + tail); };
    auto run = load("tau_m = [10.0, 20.0, 30.0, 40.0]\nv_th = {distribution = \"uniform\", "
                    "low = -52.0, high = -48.0}\n");
    auto& g = group_of(run.network, "n");
    CHECK(g.params_of(2).tau_m == 30.0);
    for (std::uint32_t i = 0; i < 4; ++i)
        CHECK((g.params_of(i).v_th >= -52.0 && g.params_of(i).v_th <= -48.0));
    CHECK(g.params_of(0).v_th != g.params_of(1).v_th);
    CHECK_THROWS_WITH(load("tau_m = [18.0, 22.0]\n"),
                      Catch::Contains("p.toml:5: population[0].tau_m: expected a number, an "
                                      "array of one value per neuron (4), or a distribution "
                                      "table"));
    CHECK_THROWS_WITH(
        load("tau_m = [10.0, 20.0, -1.0, 40.0]\n"),
        Catch::Contains("population[0].tau_m: expected a finite number > 0, got -1") &&
            Catch::Contains("(neuron 2)"));
    CHECK_THROWS_WITH(load("v_th = {distribution = \"normal\", mean = -66.0, sd = 1.0}\n"),
                      Catch::Contains("population[0].v_th: expected a number > v_reset") &&
                          Catch::Contains("(neuron"));
    CHECK_THROWS_WITH(load("tau_m = {distribution = \"normal\", mean = 20.0, sd = -1.0}\n"),
                      Catch::Contains("p.toml:5: population[0].tau_m.sd: expected a finite "
                                      "number >= 0"));
    CHECK_THROWS_WITH(load("tau_m = [10.0, 20.0, \"x\", 40.0]\n"),
                      Catch::Contains("population[0].tau_m[2]"));
}
