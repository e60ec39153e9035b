// Poisson sources with a rate per neuron, and with a rate piecewise constant in time: spike
// counts against their Poisson expectations, nothing where the rate is 0.
#include "config/network_config.hpp"
#include "sim/errors.hpp"
#include "sim/network.hpp"
#include "sim/simulation.hpp"
#include "sim/source_group.hpp"

#include <catch2/catch.hpp>

#include <cmath>

using namespace spikesim;

namespace {

// Spikes of a Poisson population over [0, duration), per neuron and per time bin.
struct Counts {
    std::vector<double> per_neuron, per_bin;
};

Counts count(PoissonRates rates, std::uint32_t n, double duration, double bin) {
    Network net(3);
    const auto p =
        net.add("p", std::make_unique<PoissonGroup>(n, rates, 0.0, 1e300, "p"), Dale::mixed);
    Simulation sim(net);
    auto& m = sim.record_spikes(p);
    sim.run(duration);
    Counts c{std::vector<double>(n), std::vector<double>(std::size_t(duration / bin))};
    for (std::size_t k = 0; k < m.times().size(); ++k) {
        c.per_neuron[m.node_ids()[k]] += 1;
        c.per_bin[std::size_t(m.times()[k] / bin)] += 1;
    }
    return c;
}

} // namespace

TEST_CASE("each neuron fires at its own rate", "[poisson]") {
    // 20 s: neuron i at 5 (i + 1) Hz expects 100 (i + 1) spikes, sd sqrt of that; 6 sd.
    std::vector<double> rates(10);
    for (std::size_t i = 0; i < 10; ++i)
        rates[i] = 5.0 * double(i + 1);
    const Counts c = count({rates, {}, {}}, 10, 20000.0, 1000.0);
    for (std::size_t i = 0; i < 10; ++i) {
        const double expected = rates[i] * 20.0;
        CHECK(std::abs(c.per_neuron[i] - expected) < 6 * std::sqrt(expected));
    }
}

TEST_CASE("a rate piecewise constant in time gives each segment its count", "[poisson]") {
    // 2000 neurons; 0 Hz until 100 ms, 50 Hz until 300 ms, 10 Hz after. Bins of 100 ms:
    // expected 0, 2000 * 5 = 10000, 10000, then 2000 each; 6 sd.
    const Counts c = count({{0.0}, {0.0, 100.0, 300.0}, {0.0, 50.0, 10.0}}, 2000, 500.0, 100.0);
    const double expected[] = {0, 10000, 10000, 2000, 2000};
    CHECK(c.per_bin[0] == 0);
    for (std::size_t b = 1; b < 5; ++b)
        CHECK(std::abs(c.per_bin[b] - expected[b]) < 6 * std::sqrt(expected[b]));
}

TEST_CASE("a profile that starts late and a zero segment in the middle", "[poisson]") {
    // nothing before 50 ms, 200 Hz on [50, 100), 0 on [100, 200), 200 Hz after.
    const Counts c = count({{0.0}, {50.0, 100.0, 200.0}, {200.0, 0.0, 200.0}}, 500, 300.0, 50.0);
    CHECK(c.per_bin[0] == 0);
    CHECK(c.per_bin[2] == 0);
    CHECK(c.per_bin[3] == 0);
    CHECK(std::abs(c.per_bin[1] - 5000) < 6 * std::sqrt(5000.0));
    CHECK(std::abs(c.per_bin[4] + c.per_bin[5] - 10000) < 6 * std::sqrt(10000.0));
}

TEST_CASE("bad rates are refused with the key", "[poisson]") {
    const std::string head = "[[population]]\nname = \"p\"\nmodel = \"poisson\"\nsize = 3\n";
    auto load = [&](const std::string& tail) { return load_config_text("p.toml", head + tail); };
    CHECK_NOTHROW(load("rate = [1.0, 2.0, 3.0]\n"));
    CHECK_NOTHROW(load("rate_times = [0.0, 10.0]\nrates = [1.0, 2.0]\n"));
    CHECK_THROWS_WITH(load("rate = [1.0, 2.0]\n"),
                      Catch::Contains("p.toml:5: population[0].rate: expected one rate, or one per "
                                      "neuron (3), got 2 values"));
    CHECK_THROWS_WITH(load("rate = [1.0, -2.0, 3.0]\n"),
                      Catch::Contains("rate[1]: expected a rate from 0 to 1e6 Hz, got -2"));
    CHECK_THROWS_WITH(
        load("rate_times = [0.0, 10.0]\nrates = [1.0]\n"),
        Catch::Contains("rates: expected one rate per time of rate_times (2), got 1 values"));
    CHECK_THROWS_WITH(
        load("rate_times = [10.0, 5.0]\nrates = [1.0, 1.0]\n"),
        Catch::Contains("rate_times[1]: expected finite times >= 0 in increasing order, got 5"));
    CHECK_THROWS_WITH(load("rate = 1.0\nrate_times = [0.0]\nrates = [1.0]\n"),
                      Catch::Contains("rate: expected no rate beside rate_times and rates"));
}
