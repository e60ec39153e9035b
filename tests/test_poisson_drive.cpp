// The Poisson drive of a population (sim/poisson_drive.hpp): the free membrane's moments
// against Campbell's theorem, event counts against their Poisson expectation, several
// drives mixed in the ratio of their rates, the same spikes for any thread count, in the
// windowed and the serial loop and with a membrane recording, and its bad input.
#include "config/network_config.hpp"
#include "models/lif_delta.hpp"
#include "sim/errors.hpp"
#include "sim/network.hpp"
#include "sim/simulation.hpp"
#include "sim/source_group.hpp"

#include <catch2/catch.hpp>
#include <tbb/global_control.h>

#include <cmath>

using namespace spikesim;

namespace {

// A neuron that never fires (threshold out of reach) and rests at 0 mV.
LifDelta::Params free_membrane() {
    LifDelta::Params p;
    p.tau_m = 20.0;
    p.e_l = 0.0;
    p.v_th = 1e5;
    p.v_reset = 0.0;
    p.v_init = 0.0;
    return p;
}

struct Moments {
    double mean = 0, variance = 0, samples = 0;
};

// The membrane potential of n driven free neurons, sampled every ms from 100 ms (the start
// transient, 5 tau_m) to `duration`.
Moments free_membrane_moments(const std::vector<PoissonDrive>& drives, std::uint32_t n,
                              double duration, std::uint64_t* events = nullptr) {
    Network net(11);
    const auto p = net.add_neurons<LifDelta>("free", n, free_membrane(), Dale::mixed);
    for (const auto& d : drives)
        net.add_drive(p, d);
    std::vector<std::uint32_t> all(n);
    for (std::uint32_t i = 0; i < n; ++i)
        all[i] = i;
    Simulation sim(net);
    auto& m = sim.record_membrane(p, all, 1.0);
    sim.run(duration);
    if (events) *events = sim.statistics().drive_events;
    Moments r;
    const auto& v = m.values();
    for (std::size_t k = 100 * std::size_t(n); k < v.size(); ++k) {
        r.mean += v[k];
        r.variance += double(v[k]) * v[k];
        r.samples += 1;
    }
    r.mean /= r.samples;
    r.variance = r.variance / r.samples - r.mean * r.mean;
    return r;
}

} // namespace

// Campbell's theorem for shot noise of rate lambda and jumps J decaying with tau_m:
// mean J lambda tau_m, variance J^2 lambda tau_m / 2. 400 neurons x 900 samples 1 ms apart,
// correlated over tau_m = 20 ms: about 400 * 900 / 40 = 9000 independent samples, so the
// standard error of the mean is sqrt(1 / 9000) = 0.011 mV and of the variance about
// 1 * sqrt(2 / 9000) = 0.015 mV^2. Tolerances are 5 of them (and the float32 of a sample).
TEST_CASE("a drive's free membrane has the mean and variance of Campbell's theorem", "[drive]") {
    // 1000 inputs of 10 Hz: lambda = 10 per ms; J = 0.1 mV: mean 20 mV, variance 1 mV^2.
    std::uint64_t events = 0;
    const Moments m = free_membrane_moments({{10.0, 1000, 0.1}}, 400, 1000.0, &events);
    CHECK(std::abs(m.mean - 20.0) < 0.06);
    CHECK(std::abs(m.variance - 1.0) < 0.08);
    // Events: 400 neurons x 10 per ms x 1000 ms = 4e6, sd 2000; 5 sd.
    CHECK(std::abs(double(events) - 4e6) < 1e4);
}

TEST_CASE("two drives of one population mix in the ratio of their rates", "[drive]") {
    // lambda 6 per ms of +0.2 mV and 2 per ms of -0.3 mV: mean tau (1.2 - 0.6) = 12 mV,
    // variance tau / 2 (6 * 0.04 + 2 * 0.09) = 4.2 mV^2 (standard error about 0.02 and 0.06).
    const Moments m = free_membrane_moments({{6.0, 1000, 0.2}, {2.0, 1000, -0.3}}, 400, 1000.0);
    CHECK(std::abs(m.mean - 12.0) < 0.12);
    CHECK(std::abs(m.variance - 4.2) < 0.3);
}

namespace {

// A small E/I network of lif_delta neurons driven from outside (Brunel's model A at
// reduced size), with per-synapse delays or one delay; zero_delay adds an unrelated pair of
// populations joined by a delay of 0, so that the serial event queue runs the whole network.
std::string driven_network(bool zero_delay, const std::string& model) {
    std::string text = R"(
[[population]]
name = "exc"
model = "MODEL"
size = 400
dale = "excitatory"
tau_m = 20.0
e_l = 0.0
v_th = 20.0
v_reset = 10.0
t_ref = 2.0
v_init = {distribution = "uniform", low = 0.0, high = 20.0}
[[population]]
name = "inh"
model = "MODEL"
size = 100
dale = "inhibitory"
tau_m = 20.0
e_l = 0.0
v_th = 20.0
v_reset = 10.0
t_ref = 2.0
[[projection]]
source = "exc"
target = "exc"
rule = "fixed_indegree"
k = 40
weight = EW
delay = {distribution = "uniform", low = 1.0, high = 2.0}
[[projection]]
source = "inh"
target = "exc"
rule = "fixed_indegree"
k = 10
weight = IW
delay = 1.5
[[projection]]
source = "exc"
target = "inh"
rule = "fixed_indegree"
k = 40
weight = EW
delay = 1.5
[[drive]]
target = "exc"
rate = 100.0
inputs = 100
weight = EW
[[drive]]
target = "inh"
rate = 100.0
inputs = 100
weight = EW
)";
    if (zero_delay)
        text += R"(
[[population]]
name = "x"
model = "lif_delta"
size = 1
[[projection]]
source = "x"
target = "x"
rule = "one_to_one"
weight = 1.0
delay = 0.0
)";
    // A current of lif_exp moves v by about tau_ex / tau_m = 1/10 of a jump of lif_delta.
    const bool currents = model == "lif_exp";
    for (const auto& [key, value] : {std::pair<std::string, std::string>{"MODEL", model},
                                     {"EW", currents ? "2.0" : "0.2"},
                                     {"IW", currents ? "-10.0" : "-1.0"}})
        for (std::size_t at; (at = text.find(key)) != std::string::npos;)
            text.replace(at, key.size(), value);
    return text;
}

// The spikes of exc and inh over 300 ms, as (time, population offset + id) in the order
// recorded.
std::vector<std::pair<double, std::uint64_t>> run_driven(bool zero_delay, int threads,
                                                         bool probe = false,
                                                         const std::string& model = "lif_delta") {
    tbb::global_control limit(tbb::global_control::max_allowed_parallelism, threads);
    auto run = load_config_text("driven.toml", driven_network(zero_delay, model));
    Simulation sim(run.network);
    auto& exc = sim.record_spikes(*run.network.find("exc"));
    auto& inh = sim.record_spikes(*run.network.find("inh"));
    // A quarter of exc, sampled every 0.7 ms, in windows of a little over 1 ms (the
    // smallest delay drawn): hundreds of spikes come between a window's last sample and
    // its end, where a drive event may come first.
    std::vector<std::uint32_t> probed;
    for (std::uint32_t i = 0; i < 400; i += 4)
        probed.push_back(i);
    if (probe) sim.record_membrane(*run.network.find("exc"), probed, 0.7);
    sim.run(300.0);
    CHECK((sim.window() == 0) == zero_delay);
    std::vector<std::pair<double, std::uint64_t>> out;
    for (std::size_t k = 0; k < exc.times().size(); ++k)
        out.emplace_back(exc.times()[k], exc.node_ids()[k]);
    for (std::size_t k = 0; k < inh.times().size(); ++k)
        out.emplace_back(inh.times()[k], 1000 + inh.node_ids()[k]);
    return out;
}

} // namespace

TEST_CASE("a driven network gives the same spikes for 1, 2 and 3 threads, in the windowed and "
          "the serial loop, and with a membrane recording",
          "[drive][determinism]") {
    const auto one = run_driven(false, 1);
    // Asynchronous activity of a few Hz: 500 neurons x 0.3 s x ~5 Hz; enough spikes that
    // a change of order would show.
    REQUIRE(one.size() > 300);
    CHECK(one == run_driven(false, 2));
    CHECK(one == run_driven(false, 3));
    CHECK(one == run_driven(false, 2, true));
    // The serial queue merges drive events with inputs itself: lif_delta crosses only at an
    // input, at its exact time, so both loops give the same spikes, bit for bit.
    auto serial = run_driven(true, 1);
    auto sorted = [](auto v) {
        std::sort(v.begin(), v.end());
        return v;
    };
    CHECK(sorted(one) == sorted(serial));
}

TEST_CASE("lif_exp neurons, which cross between inputs, take drive events before a crossing "
          "whether recorded or not",
          "[drive][determinism]") {
    const auto one = run_driven(false, 1, false, "lif_exp");
    REQUIRE(one.size() > 300);
    CHECK(one == run_driven(false, 2, false, "lif_exp"));
    CHECK(one == run_driven(false, 1, true, "lif_exp"));
}

TEST_CASE("the drive's bad input names the key and what was expected", "[drive][bad-input]") {
    const std::string head = R"(
[[population]]
name = "n"
model = "lif_delta"
size = 10
[[population]]
name = "p"
model = "poisson"
size = 10
rate = 5.0
[[drive]]
)";
    auto load = [&](const std::string& tail) { return load_config_text("d.toml", head + tail); };
    CHECK_THROWS_WITH(load("target = \"n\"\nrate = -1.0\nweight = 0.1\n"),
                      Catch::Contains("d.toml:13: drive[0].rate: expected a rate per input from "
                                      "0 to 1e6 Hz, got -1"));
    CHECK_THROWS_WITH(load("target = \"n\"\nrate = 1.0\nweight = 0.1\ninputs = 0\n"),
                      Catch::Contains("drive[0].inputs: expected an integer from 1"));
    CHECK_THROWS_WITH(load("target = \"n\"\nrate = 1.0e5\nweight = 0.1\ninputs = 100000\n"),
                      Catch::Contains("drive[0].rate: expected rate * inputs at most 1e9 Hz"));
    CHECK_THROWS_WITH(load("target = \"n\"\nrate = 1.0\nweight = 1e9\n"),
                      Catch::Contains("d.toml:14: drive[0].weight: expected a finite number "
                                      "within"));
    CHECK_THROWS_WITH(load("target = \"p\"\nrate = 1.0\nweight = 0.1\n"),
                      Catch::Contains("drive[0].target: expected a population of neurons"));
    CHECK_THROWS_WITH(load("target = \"q\"\nrate = 1.0\nweight = 0.1\n"),
                      Catch::Contains("drive[0].target: expected the name of a population"));
    CHECK_THROWS_WITH(load("target = \"n\"\nrate = 1.0\n"), Catch::Contains("drive[0].weight"));
    CHECK_THROWS_WITH(load("target = \"n\"\nrate = 1.0\nweight = 0.1\nweigth = 2\n"),
                      Catch::Contains("drive[0].weigth: expected a key this section knows"));
}
