// Spike sources: Poisson statistics, regular spacing, explicit times.
#include "sim/errors.hpp"
#include "sim/simulation.hpp"
#include "sim/source_group.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <map>

using namespace spikesim;

namespace {
std::map<std::uint64_t, std::vector<double>> trains(const SpikeMonitor& m) {
    std::map<std::uint64_t, std::vector<double>> out;
    for (std::size_t k = 0; k < m.times().size(); ++k)
        out[m.node_ids()[k]].push_back(m.times()[k]);
    return out;
}
} // namespace

TEST_CASE("Poisson source: rate and interval CV within statistical bounds",
          "[sources][statistics]") {
    const std::uint32_t n = 500;
    const double rate = 20.0, duration = 10000.0; // Hz, ms
    Network net(7);
    auto p = net.add("poisson", std::make_unique<PoissonGroup>(n, rate, 0.0, 1e300, "poisson"),
                     Dale::excitatory);
    Simulation sim(net);
    auto& m = sim.record_spikes(p);
    sim.run(duration);
    // Count: Poisson with mean lambda = n * rate * T; 5 standard deviations.
    const double lambda = n * rate * duration / 1000.0;
    REQUIRE(std::abs(double(m.times().size()) - lambda) < 5 * std::sqrt(lambda));
    // Intervals are exponential: mean 1/rate, CV 1. The CV of ~1e5 exponential intervals
    // has a standard error of about 1/sqrt(N) = 0.003; allow 5 of them.
    double sum = 0, sum2 = 0;
    std::size_t count = 0;
    for (const auto& [id, ts] : trains(m))
        for (std::size_t k = 1; k < ts.size(); ++k) {
            const double isi = ts[k] - ts[k - 1];
            REQUIRE(isi > 0);
            sum += isi;
            sum2 += isi * isi;
            ++count;
        }
    const double n_isi = static_cast<double>(count);
    const double mean = sum / n_isi, sd = std::sqrt(sum2 / n_isi - mean * mean);
    REQUIRE(mean == Approx(1000.0 / rate).epsilon(5.0 / std::sqrt(double(count))));
    REQUIRE(std::abs(sd / mean - 1.0) < 5.0 / std::sqrt(double(count)));
}

TEST_CASE("Poisson source: the same seed gives the same trains, another seed others",
          "[sources][determinism]") {
    auto run = [](std::uint64_t seed) {
        Network net(seed);
        auto p = net.add("p", std::make_unique<PoissonGroup>(50, 30.0, 0.0, 1e300, "p"),
                         Dale::excitatory);
        Simulation sim(net);
        auto& m = sim.record_spikes(p);
        sim.run(500.0);
        return m.times();
    };
    REQUIRE(run(3) == run(3));
    REQUIRE(run(3) != run(4));
}

TEST_CASE("Regular source: spikes at start + k * interval, before stop", "[sources]") {
    Network net;
    auto r = net.add("r", std::make_unique<RegularGroup>(3, 0.7, 2.0, 9.0, "r"), Dale::excitatory);
    Simulation sim(net);
    auto& m = sim.record_spikes(r);
    sim.run(20.0);
    const auto t = trains(m);
    REQUIRE(t.size() == 3);
    for (const auto& [id, ts] : t) {
        REQUIRE(ts.size() == 10); // 2.0, 2.7, ..., 8.3
        for (std::size_t k = 0; k < ts.size(); ++k)
            REQUIRE(ts[k] == 2.0 + double(k) * 0.7);
    }
}

TEST_CASE("Spike generator: emits exactly the given times, sorted", "[sources]") {
    Network net;
    auto g = net.add("g",
                     std::make_unique<SpikeGeneratorGroup>(
                         std::vector<std::vector<double>>{{3.25, 1.5}, {}, {7.125}}, "g"),
                     Dale::excitatory);
    Simulation sim(net);
    auto& m = sim.record_spikes(g);
    sim.run(5.0); // in two runs: the second continues where the first stopped
    sim.run(5.0);
    REQUIRE(m.times() == std::vector<double>{1.5, 3.25, 7.125});
    REQUIRE(m.node_ids() == std::vector<std::uint64_t>{0, 0, 2});
    REQUIRE_THROWS_AS(SpikeGeneratorGroup(std::vector<std::vector<double>>{{-1.0}}, "g"),
                      InputError);
}
