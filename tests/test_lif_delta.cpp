// lif_delta against its closed forms (REFERENCES.md), through the model and the engine.
#include "models/lif_delta.hpp"
#include "sim/simulation.hpp"
#include "sim/source_group.hpp"

#include <catch2/catch.hpp>

#include <cmath>

using namespace spikesim;

namespace {

LifDelta::Params base() {
    LifDelta::Params p;
    p.tau_m = 10.0;
    p.e_l = -65.0;
    p.v_th = -50.0;
    p.v_reset = -70.0;
    p.t_ref = 2.0;
    p.v_init = -70.0;
    return p;
}

// t* = tau ln((E_L + R I - V_reset) / (E_L + R I - V_th))
double first_spike(const LifDelta::Params& p) {
    const double vi = p.e_l + p.i_e;
    return p.tau_m * std::log((vi - p.v_reset) / (vi - p.v_th));
}

// A DC-driven neuron, plus (when `window` > 0) an unconnected-in-effect population whose
// projection has delay `window`, which sets the engine's window to that length.
std::vector<double> dc_spikes(const LifDelta::Params& p, double duration, double window) {
    Network net;
    auto n = net.add_neurons<LifDelta>("n", 1, p, Dale::mixed);
    if (window > 0) {
        auto other = net.add_neurons<LifDelta>("other", 1, base(), Dale::mixed);
        net.connect(other, n, OneToOne{}, {0.0, window});
    }
    Simulation sim(net);
    auto& spikes = sim.record_spikes(n);
    sim.run(duration);
    return spikes.times();
}

} // namespace

TEST_CASE("lif_delta decays freely as E_L + (v0 - E_L) e^{-t/tau}", "[lif_delta][closed-form]") {
    auto p = base();
    LifDelta::State s = LifDelta::initial_state(p, -55.0);
    for (double t : {0.5, 1.0, 3.7, 10.0, 42.0}) {
        LifDelta::advance(p, s, t);
        REQUIRE(s.v == Approx(p.e_l + (-55.0 - p.e_l) * std::exp(-t / p.tau_m)).epsilon(1e-14));
    }
    REQUIRE(std::isinf(LifDelta::next_crossing(p, s, 1e9)));
}

TEST_CASE("lif_delta: membrane samples of the engine follow the free decay",
          "[lif_delta][engine]") {
    auto p = base();
    p.v_init = -55.0;
    Network net;
    auto n = net.add_neurons<LifDelta>("n", 1, p, Dale::mixed);
    Simulation sim(net);
    auto& m = sim.record_membrane(n, {0}, 0.25);
    sim.run(20.0);
    REQUIRE(m.rows() == 80);
    for (std::uint64_t k = 0; k < m.rows(); ++k) {
        const double t = static_cast<double>(k) * 0.25;
        REQUIRE(m.value(k, 0) ==
                Approx(p.e_l + (-55.0 - p.e_l) * std::exp(-t / p.tau_m)).margin(1e-5));
    }
}

TEST_CASE("lif_delta: DC first spike time matches the closed form to 1e-9 ms for any window",
          "[lif_delta][closed-form]") {
    auto p = base();
    p.i_e = 20.0; // v_inf = -45 > v_th
    const double expected = first_spike(p);
    // As NEST's test_iaf_ps_dc_accuracy sweeps resolutions 2^0 ... 2^-13 ms, sweep the window.
    for (int e = 0; e <= 13; ++e) {
        const double window = std::ldexp(1.0, -e);
        const auto spikes = dc_spikes(p, 30.0, window);
        REQUIRE(!spikes.empty());
        REQUIRE(std::abs(spikes[0] - expected) < 1e-9);
    }
    const auto alone = dc_spikes(p, 30.0, 0.0); // no synapse at all: the default window
    REQUIRE(std::abs(alone[0] - expected) < 1e-9);
}

TEST_CASE("lif_delta: refractoriness spaces DC spikes by t_ref + t*", "[lif_delta][closed-form]") {
    auto p = base();
    p.i_e = 20.0;
    p.t_ref = 3.0;
    const double t_star = first_spike(p);
    const auto spikes = dc_spikes(p, 200.0, 0.5);
    REQUIRE(spikes.size() ==
            static_cast<std::size_t>(std::floor((200.0 - t_star) / (p.t_ref + t_star))) + 1);
    for (std::size_t k = 0; k < spikes.size(); ++k)
        REQUIRE(std::abs(spikes[k] - (t_star + double(k) * (p.t_ref + t_star))) < 1e-9);
}

TEST_CASE("lif_delta: an input makes v jump by its weight, and is discarded while refractory",
          "[lif_delta][engine]") {
    auto p = base();
    p.v_init = -65.0; // at rest: no drift
    p.t_ref = 5.0;
    Network net;
    // One input spike at 1 ms, arriving at 2 ms.
    auto src = net.add(
        "in", std::make_unique<SpikeGeneratorGroup>(std::vector<std::vector<double>>{{1.0}}, "in"),
        Dale::excitatory);
    auto n = net.add_neurons<LifDelta>("n", 1, p, Dale::mixed);
    net.connect(src, n, SynapseList{{{0, 0, 3.5, std::nan("")}}}, {0.0, 1.0});
    Simulation sim(net);
    auto& m = sim.record_membrane(n, {0}, 0.5);
    auto& spikes = sim.record_spikes(n);
    sim.run(10.0);
    // Samples are right-continuous: the one at 2.0 ms includes the input arriving then.
    REQUIRE(m.value(3, 0) == Approx(-65.0).margin(1e-5)); // t = 1.5
    REQUIRE(m.value(4, 0) == Approx(-61.5).margin(1e-5)); // t = 2.0
    REQUIRE(m.value(6, 0) ==
            Approx(-65.0 + 3.5 * std::exp(-1.0 / p.tau_m)).margin(1e-5)); // t = 3.0
    REQUIRE(spikes.times().empty());
}

TEST_CASE("lif_delta: a suprathreshold jump fires at the input time; inputs during refractoriness "
          "are lost",
          "[lif_delta][engine]") {
    auto p = base();
    p.v_init = -65.0;
    p.t_ref = 5.0;
    Network net;
    auto src = net.add(
        "in",
        std::make_unique<SpikeGeneratorGroup>(std::vector<std::vector<double>>{{10.0, 12.0}}, "in"),
        Dale::excitatory);
    auto n = net.add_neurons<LifDelta>("n", 1, p, Dale::mixed);
    net.connect(src, n, AllToAll{}, {20.0, 1.0});
    Simulation sim(net);
    auto& spikes = sim.record_spikes(n);
    auto& m = sim.record_membrane(n, {0}, 1.0);
    sim.run(20.0);
    REQUIRE(spikes.times() == std::vector<double>{11.0});
    // The second input arrives at 13 ms, inside [11, 16): discarded. At 17 ms the neuron
    // has left refractoriness at v_reset and relaxes towards E_L.
    REQUIRE(m.value(13, 0) == Approx(p.v_reset).margin(1e-5));
    REQUIRE(m.value(17, 0) ==
            Approx(-65.0 + (p.v_reset + 65.0) * std::exp(-1.0 / p.tau_m)).margin(1e-5));
}

TEST_CASE("lif_delta: the leak alone drives a crossing between input events",
          "[lif_delta][closed-form]") {
    // E_L above threshold, as in CUBA: the neuron reaches threshold with no input. One small
    // input arrives before the crossing and one long after; the crossing is between them.
    auto p = base();
    p.e_l = -49.0;
    p.v_reset = -60.0;
    p.v_init = -60.0;
    p.tau_m = 20.0;
    Network net;
    auto src = net.add(
        "in",
        std::make_unique<SpikeGeneratorGroup>(std::vector<std::vector<double>>{{4.0, 60.0}}, "in"),
        Dale::excitatory);
    auto n = net.add_neurons<LifDelta>("n", 1, p, Dale::mixed);
    net.connect(src, n, AllToAll{}, {0.5, 1.0});
    Simulation sim(net);
    auto& spikes = sim.record_spikes(n);
    sim.run(60.0);
    // v(5) = E_L + (V_reset - E_L) e^{-5/tau} + 0.5, then free relaxation to E_L.
    const double v5 = p.e_l + (p.v_reset - p.e_l) * std::exp(-5.0 / p.tau_m) + 0.5;
    const double expected = 5.0 + p.tau_m * std::log((p.e_l - v5) / (p.e_l - p.v_th));
    REQUIRE(!spikes.times().empty());
    REQUIRE(spikes.times()[0] > 5.0);
    REQUIRE(spikes.times()[0] < 61.0);
    REQUIRE(std::abs(spikes.times()[0] - expected) < 1e-9);
}

TEST_CASE("lif_delta rejects parameters it cannot simulate", "[lif_delta][validation]") {
    auto p = base();
    p.tau_m = 0.0;
    REQUIRE_THROWS_WITH(LifDelta::validate(p, "pop"),
                        Catch::Contains("pop.tau_m") && Catch::Contains("> 0"));
    p = base();
    p.v_th = p.v_reset;
    REQUIRE_THROWS_WITH(LifDelta::validate(p, "pop"),
                        Catch::Contains("pop.v_th") && Catch::Contains("v_reset"));
    p = base();
    p.t_ref = std::nan("");
    REQUIRE_THROWS_WITH(LifDelta::validate(p, "pop"), Catch::Contains("pop.t_ref"));
}

TEST_CASE("inputs arrive after their own delay, many windows after they were sent",
          "[lif_delta][engine][delays]") {
    // Delays 0.5 (the window) and 3.7, 12.25 ms: the later arrivals are queued 7 and 24
    // windows ahead. Each jump must appear at exactly spike time + delay.
    auto p = base();
    p.v_init = -65.0;
    p.tau_m = 1e6; // nearly no leak: the trace is a staircase
    Network net;
    auto src = net.add(
        "in", std::make_unique<SpikeGeneratorGroup>(std::vector<std::vector<double>>{{1.0}}, "in"),
        Dale::excitatory);
    auto n = net.add_neurons<LifDelta>("n", 1, p, Dale::mixed);
    net.connect(src, n, SynapseList{{{0, 0, 1.0, 0.5}, {0, 0, 2.0, 3.7}, {0, 0, 4.0, 12.25}}},
                {0.0, 0.5});
    Simulation sim(net);
    auto& m = sim.record_membrane(n, {0}, 0.05);
    sim.run(20.0);
    auto v_at = [&](double t) {
        return m.value(static_cast<std::uint64_t>(std::llround(t / 0.05)), 0);
    };
    REQUIRE(v_at(1.45) == Approx(-65.0).margin(1e-4));
    REQUIRE(v_at(1.5) == Approx(-64.0).margin(1e-4));
    REQUIRE(v_at(4.65) == Approx(-64.0).margin(1e-4));
    REQUIRE(v_at(4.7) == Approx(-62.0).margin(1e-4));
    REQUIRE(v_at(13.2) == Approx(-62.0).margin(1e-4));
    REQUIRE(v_at(13.25) == Approx(-58.0).margin(1e-4));
}

TEST_CASE("zero delay: the serial queue applies inputs at once and samples the exact state",
          "[lif_delta][serial]") {
    auto p = base();
    p.v_init = -65.0;
    Network net;
    auto src = net.add(
        "in",
        std::make_unique<SpikeGeneratorGroup>(std::vector<std::vector<double>>{{1.0, 3.0}}, "in"),
        Dale::excitatory);
    auto n = net.add_neurons<LifDelta>("n", 1, p, Dale::mixed);
    net.connect(src, n, AllToAll{}, {16.0, 0.0}); // each input alone reaches threshold
    Simulation sim(net);
    REQUIRE(sim.window() == 0.0); // the serial queue
    auto& m = sim.record_membrane(n, {0}, 0.5);
    auto& spikes = sim.record_spikes(n);
    sim.run(6.0);
    REQUIRE(m.rows() == 12);
    REQUIRE(m.value(1, 0) == Approx(-65.0).margin(1e-5)); // 0.5 ms
    REQUIRE(m.value(2, 0) ==
            Approx(-49.0).margin(1e-5)); // 1.0 ms: the value that crossed, before the reset
    REQUIRE(m.value(4, 0) == Approx(p.v_reset).margin(1e-5)); // 2.0 ms: refractory until 3.0
    // At 3.0 ms refractoriness has ended ([1, 3) is half-open): the input counts, from v_reset.
    REQUIRE(m.value(6, 0) ==
            Approx(p.v_reset + 16.0).margin(1e-5)); // 3.0 ms: -54 mV, below threshold
    REQUIRE(m.value(7, 0) ==
            Approx(p.e_l + (p.v_reset + 16.0 - p.e_l) * std::exp(-0.5 / p.tau_m)).margin(1e-5));
    REQUIRE(spikes.times() == std::vector<double>{1.0});
}
