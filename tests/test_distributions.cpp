// Weights and delays drawn per synapse from distributions (sim/distribution.hpp): moments
// against closed forms, bounds, the same values for any thread count, Dale's law, delays
// that spikes really take, and the config file's form with its errors.
#include "config/network_config.hpp"
#include "models/lif_delta.hpp"
#include "sim/distribution.hpp"
#include "sim/errors.hpp"
#include "sim/network.hpp"
#include "sim/simulation.hpp"
#include "sim/source_group.hpp"

#include <catch2/catch.hpp>
#include <tbb/global_control.h>

#include <cmath>
#include <numeric>

using namespace spikesim;

namespace {

// The 1,000,000 weights of an all-to-all projection of 1000 x 1000 neurons.
std::vector<double> weights_of(std::optional<Distribution> w, std::optional<Distribution> d = {},
                               Dale dale = Dale::mixed, std::uint64_t seed = 3) {
    Network net(seed);
    const auto a = net.add_neurons<LifDelta>("a", 1000, LifDelta::Params{}, dale);
    const auto b = net.add_neurons<LifDelta>("b", 1000, LifDelta::Params{}, Dale::mixed);
    net.connect(a, b, AllToAll{}, {1.0, 1.0, w, d});
    const Projection& p = net.projections()[0];
    std::vector<double> out;
    for (std::uint64_t j = 0; j < p.synapse_count(); ++j)
        out.push_back(w ? double(p.weight_of(j)) : p.delay_of(j));
    return out;
}

double mean(const std::vector<double>& x) {
    return std::accumulate(x.begin(), x.end(), 0.0) / double(x.size());
}
double sd(const std::vector<double>& x) {
    const double m = mean(x);
    double s = 0;
    for (double v : x)
        s += (v - m) * (v - m);
    return std::sqrt(s / double(x.size() - 1));
}
double phi(double x) {
    return 0.5 * std::erfc(-x / std::sqrt(2.0));
}
double density(double x) {
    return std::exp(-x * x / 2) / std::sqrt(2 * M_PI);
}

} // namespace

// n = 1e6 draws: the standard error of a mean is sd / 1000; tolerances are 5 of them.
TEST_CASE("normal weights have the mean and sd asked for", "[distribution]") {
    const auto w = weights_of(Distribution::normal(1.0, 0.2));
    REQUIRE(w.size() == 1000000);
    CHECK(std::abs(mean(w) - 1.0) < 5 * 0.2 / 1000);
    CHECK(std::abs(sd(w) - 0.2) < 5 * 0.2 / std::sqrt(2e6));
}

TEST_CASE("uniform weights fill [low, high] with the uniform's moments", "[distribution]") {
    const auto w = weights_of(Distribution::uniform(0.5, 1.5));
    CHECK(*std::min_element(w.begin(), w.end()) >= 0.5);
    CHECK(*std::max_element(w.begin(), w.end()) <= 1.5);
    CHECK(std::abs(mean(w) - 1.0) < 5 * std::sqrt(1.0 / 12) / 1000);
    CHECK(std::abs(sd(w) - std::sqrt(1.0 / 12)) < 0.002);
}

TEST_CASE("lognormal weights have a normal logarithm with mu and sigma", "[distribution]") {
    auto w = weights_of(Distribution::lognormal(-0.5, 0.4));
    for (auto& v : w)
        v = std::log(v);
    CHECK(std::abs(mean(w) + 0.5) < 5 * 0.4 / 1000);
    CHECK(std::abs(sd(w) - 0.4) < 5 * 0.4 / std::sqrt(2e6) + 1e-6); // float32 storage
}

TEST_CASE("redraw truncates, clip puts the outside mass on the bound", "[distribution]") {
    // N(0.5, 1) bounded below by 0: truncated mean = mu + sigma phi(a) / (1 - Phi(a)),
    // a = (0 - mu) / sigma; clipped, P(w == 0) = Phi(a).
    const double a = -0.5;
    const auto redrawn = weights_of(Distribution::normal(0.5, 1.0, 0.0));
    CHECK(*std::min_element(redrawn.begin(), redrawn.end()) >= 0.0);
    CHECK(std::abs(mean(redrawn) - (0.5 + density(a) / (1 - phi(a)))) < 5 * 0.8 / 1000);
    const auto clipped = weights_of(
        Distribution::normal(0.5, 1.0, 0.0, Distribution::unbounded, Distribution::Bounds::clip));
    const double at_zero = double(std::count(clipped.begin(), clipped.end(), 0.0)) / 1e6;
    CHECK(std::abs(at_zero - phi(a)) < 5 * std::sqrt(phi(a) * (1 - phi(a)) / 1e6));
}

TEST_CASE("drawn weights depend on the seed, not on the thread count", "[distribution]") {
    std::vector<double> one, two;
    {
        tbb::global_control limit(tbb::global_control::max_allowed_parallelism, 1);
        one = weights_of(Distribution::normal(1.0, 0.2));
    }
    {
        tbb::global_control limit(tbb::global_control::max_allowed_parallelism, 2);
        two = weights_of(Distribution::normal(1.0, 0.2));
    }
    CHECK(one == two);
    CHECK(one != weights_of(Distribution::normal(1.0, 0.2), {}, Dale::mixed, 4));
}

TEST_CASE("spikes take the delay each synapse drew", "[distribution]") {
    // One spike at 1 ms to 200 neurons, each synapse strong enough to fire its target on
    // arrival: neuron t fires at exactly 1 + the delay of its synapse.
    Network net(5);
    const auto src = net.add(
        "src",
        std::make_unique<SpikeGeneratorGroup>(std::vector<std::vector<double>>{{1.0}}, "src"),
        Dale::mixed);
    const auto out = net.add_neurons<LifDelta>("out", 200, LifDelta::Params{}, Dale::mixed);
    net.connect(src, out, AllToAll{}, {50.0, 0.0, std::nullopt, Distribution::uniform(0.5, 2.0)});
    const Projection& p = net.projections()[0];
    REQUIRE(!p.uniform_delay());
    CHECK(net.min_delay() >= 0.5);
    Simulation sim(net);
    auto& spikes = sim.record_spikes(out);
    sim.run(10.0);
    REQUIRE(spikes.times().size() == 200);
    for (std::size_t k = 0; k < 200; ++k) {
        const auto t = spikes.node_ids()[k];
        CHECK(spikes.times()[k] == 1.0 + p.delay_of(t)); // row of source 0: synapse t -> t
    }
}

TEST_CASE("a weight distribution that can break Dale's law is refused", "[distribution]") {
    REQUIRE_THROWS_WITH(weights_of(Distribution::normal(1.0, 0.5), {}, Dale::excitatory),
                        Catch::Contains("a distribution of weights >= 0 because source "
                                        "population 'a' is excitatory") &&
                            Catch::Contains("low = 0"));
    const auto w = weights_of(
        Distribution::normal(1.0, 0.5, 0.0, Distribution::unbounded, Distribution::Bounds::clip),
        {}, Dale::excitatory);
    CHECK(*std::min_element(w.begin(), w.end()) == 0.0);
    CHECK_THROWS_WITH(weights_of(Distribution::uniform(-1.0, 0.5), {}, Dale::inhibitory),
                      Catch::Contains("<= 0 because source population 'a' is inhibitory"));
}

TEST_CASE("bad distributions are refused with the field", "[distribution]") {
    CHECK_THROWS_WITH(weights_of(Distribution::normal(1.0, -0.1)),
                      Catch::Contains("weight.sd: expected a finite number >= 0, got -0.1"));
    CHECK_THROWS_WITH(weights_of(Distribution::uniform(2.0, 1.0)),
                      Catch::Contains("weight.high: expected a number >= low (2), got 1"));
    CHECK_THROWS_WITH(weights_of(Distribution::normal(0.0, 1.0, 40.0)),
                      Catch::Contains("bounds holding at least 1e-6 of the distribution"));
    CHECK_THROWS_WITH(weights_of(std::nullopt, Distribution::normal(1.0, 0.1)),
                      Catch::Contains("delay: expected a distribution of delays >= 0"));
    CHECK_THROWS_WITH(weights_of(Distribution::normal(0.0, 1e6)),
                      Catch::Contains("weight: expected a finite number within +-1e6"));
}

TEST_CASE("the config file's distribution tables and their errors", "[distribution]") {
    const std::string head = R"(
[[population]]
name = "a"
model = "lif_delta"
size = 50
dale = "excitatory"
[[population]]
name = "b"
model = "lif_delta"
size = 50
[[projection]]
source = "a"
target = "b"
rule = "all_to_all"
)";
    auto load = [&](const std::string& tail) { return load_config_text("net.toml", head + tail); };
    const auto run = load("weight = {distribution = \"normal\", mean = 1.0, sd = 0.2, low = 0.0}\n"
                          "delay = {distribution = \"uniform\", low = 0.5, high = 1.5}\n");
    const Projection& p = run.network.projections()[0];
    CHECK(!p.uniform_weight());
    CHECK(!p.uniform_delay());
    CHECK_THROWS_WITH(
        load("weight = {distribution = \"normal\", mean = 1.0, sd = -1.0, low = 0.0}\n"
             "delay = 1.0\n"),
        Catch::Contains(
            "net.toml:15: projection[0].weight.sd: expected a finite number >= 0, got -1"));
    CHECK_THROWS_WITH(load("weight = {distribution = \"gamma\", k = 1.0}\ndelay = 1.0\n"),
                      Catch::Contains("projection[0].weight.distribution: expected one of"));
    CHECK_THROWS_WITH(
        load("weight = {distribution = \"normal\", mean = 1.0, sd = 0.5}\ndelay = 1.0\n"),
        Catch::Contains("projection[0].weight") && Catch::Contains("Dale's law"));
    CHECK_THROWS_WITH(
        load("weight = {distribution = \"uniform\", low = 0.0, high = 1.0, sd = 2.0}\ndelay = "
             "1.0\n"),
        Catch::Contains("projection[0].weight.sd: expected a key this section knows"));
}
