// Reports of state variables other than v (CellGroup::state_variables): synaptic currents
// and conductances against their exponential decay, AdEx's adaptation against the sum of
// its jumps, the SONATA attributes, and the errors for a variable a model does not have.
#include "config/network_config.hpp"
#include "helpers.hpp"
#include "models/adaptive_models.hpp"
#include "models/lif_alpha.hpp"
#include "models/lif_cond_exp.hpp"
#include "models/lif_exp.hpp"
#include "sim/errors.hpp"
#include "sim/simulation.hpp"
#include "sim/source_group.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>

using namespace spikesim;

namespace {

// One input of weight w reaching neuron 0 of a population of M at t = 2 ms, and the samples
// of `variable` every 0.1 ms over 20 ms.
template <class M>
std::vector<float> one_input_trace(const typename M::Params& p, double w,
                                   const std::string& variable) {
    Network net;
    const auto src = net.add(
        "src",
        std::make_unique<SpikeGeneratorGroup>(std::vector<std::vector<double>>{{1.0}}, "src"),
        Dale::mixed);
    const auto n = net.add_neurons<M>("n", 1, p, Dale::mixed);
    net.connect(src, n, AllToAll{}, {w, 1.0});
    Simulation sim(net);
    auto& m = sim.record_membrane(n, {0}, 0.1, variable);
    CHECK(m.variable().name == variable);
    sim.run(20.0);
    return m.values();
}

} // namespace

TEST_CASE("a synaptic current and a conductance decay as exponentials from the input",
          "[state-variables]") {
    LifExp::Params e;
    e.tau_ex = 5.0;
    e.tau_in = 3.0;
    const auto i_ex = one_input_trace<LifExp>(e, 4.0, "i_ex");
    const auto i_in = one_input_trace<LifExp>(e, -3.0, "i_in");
    LifCondExp::Params c;
    const auto g_ex = one_input_trace<LifCondExp>(c, 0.5, "g_ex");
    REQUIRE(i_ex.size() == 200);
    for (std::size_t k = 0; k < 200; ++k) {
        const double t = 0.1 * double(k);
        // A sample at t includes an input at exactly t (right-continuous).
        const double since = t - 2.0;
        const double ex = since < -1e-9 ? 0.0 : 4.0 * std::exp(-since / 5.0);
        const double in = since < -1e-9 ? 0.0 : -3.0 * std::exp(-since / 3.0);
        const double g = since < -1e-9 ? 0.0 : 0.5 * std::exp(-since / c.tau_ex);
        CHECK(std::abs(i_ex[k] - ex) < 1e-6);
        CHECK(std::abs(i_in[k] - in) < 1e-6);
        // Exponential decay in closed form, stored as float32.
        CHECK(std::abs(g_ex[k] - g) < 1e-6);
    }
}

TEST_CASE("lif_alpha's recorded currents are alpha functions peaking at w tau after the input",
          "[state-variables][lif_alpha]") {
    LifAlpha::Params p;
    p.tau_ex = 1.5;
    p.tau_in = 4.0;
    const auto i_ex = one_input_trace<LifAlpha>(p, 2.0, "i_ex");
    const auto i_in = one_input_trace<LifAlpha>(p, -3.0, "i_in");
    REQUIRE(i_ex.size() == 200);
    auto alpha = [](double w, double tau, double since) {
        return since < -1e-9 ? 0.0 : w * since / tau * std::exp(1.0 - since / tau);
    };
    for (std::size_t k = 0; k < 200; ++k) {
        const double since = 0.1 * double(k) - 2.0;
        CHECK(std::abs(i_ex[k] - alpha(2.0, 1.5, since)) < 1e-6);
        CHECK(std::abs(i_in[k] - alpha(-3.0, 4.0, since)) < 1e-6);
    }
    // The sample 1.5 ms after the input (k = 35) is the peak: w itself.
    CHECK(*std::max_element(i_ex.begin(), i_ex.end()) == i_ex[35]);
    CHECK(std::abs(i_ex[35] - 2.0) < 1e-6);
}

TEST_CASE("AdEx's adaptation current is the sum of its decaying jumps when a = 0",
          "[state-variables]") {
    // With a = 0, tau_w dw/dt = -w, and each spike adds b: w(t) = b sum_k e^{-(t - t_k)/tau_w}.
    Adex::Params p;
    p.a = 0.0;
    p.i_e = 800.0;
    Network net;
    const auto n = net.add_neurons<Adex>("n", 1, p, Dale::mixed);
    Simulation sim(net);
    auto& spikes = sim.record_spikes(n);
    auto& w = sim.record_membrane(n, {0}, 0.5, "w");
    CHECK(w.variable().units == "pA");
    sim.run(300.0);
    REQUIRE(spikes.times().size() >= 3);
    for (std::size_t k = 0; k < w.values().size(); ++k) {
        const double t = 0.5 * double(k);
        double expected = 0;
        for (double ts : spikes.times())
            if (ts <= t) expected += p.b * std::exp(-(t - ts) / p.tau_w);
        CHECK(std::abs(w.values()[k] - expected) < 1e-4 * (1.0 + expected));
    }
}

TEST_CASE("a report names its variable and units, and an unknown variable is refused",
          "[state-variables][bad-input]") {
    test::TempDir dir;
    const std::string config = R"([simulation]
duration = 10.0
[[population]]
name = "n"
model = "lif_exp"
size = 3
[record]
membrane = [{population = "n", neurons = [0, 2], interval = 1.0, variable = "i_in"}]
)";
    const auto ok =
        test::run_spikesim("run " + dir.write("c.toml", config) + " -q -o " + dir.file("out.h5"));
    REQUIRE(ok.status == 0); // tests/python/test_state_variables.py reads its attributes

    std::string bad = config;
    bad.replace(bad.find("\"i_in\""), 6, "\"w\"");
    const auto refused =
        test::run_spikesim("run " + dir.write("bad.toml", bad) + " -q -o " + dir.file("bad.h5"));
    CHECK(refused.status == 2);
    CHECK_THAT(refused.err, Catch::Contains("bad.toml:8: record.membrane[0].variable: expected a "
                                            "state variable of the population's model: v, "
                                            "i_ex, i_in, got \"w\""));
    CHECK(!std::filesystem::exists(dir.file("bad.h5")));

    Network net;
    const auto n = net.add_neurons<LifExp>("n", 2, LifExp::Params{}, Dale::mixed);
    Simulation sim(net);
    CHECK_THROWS_WITH(sim.record_membrane(n, {0}, 0.1, "g_ex"),
                      Catch::Contains("variable: expected a state variable of model lif_exp: v, "
                                      "i_ex, i_in"));
}
