// CUBA at N = 4000 against Brian2's rate (REFERENCES.md), and thread-count invariance.
#include "experiments/cuba.hpp"
#include "sim/simulation.hpp"

#include <catch2/catch.hpp>
#include <tbb/global_control.h>

#include <numeric>

using namespace spikesim;

namespace {

struct CubaRun {
    std::vector<double> exc_t, inh_t;
    std::vector<std::uint64_t> exc_id, inh_id;
    std::uint64_t synaptic_events;
};

CubaRun run_cuba(std::uint64_t seed, int threads, double duration, double delay = 0.1) {
    tbb::global_control limit(tbb::global_control::max_allowed_parallelism, threads);
    CubaOptions o;
    o.seed = seed;
    o.delay = delay;
    Network net = build_cuba(o);
    Simulation sim(net);
    auto& e = sim.record_spikes(*net.find("exc"));
    auto& i = sim.record_spikes(*net.find("inh"));
    sim.run(duration);
    return {e.times(), i.times(), e.node_ids(), i.node_ids(), sim.statistics().synaptic_events};
}

double rate_between(const CubaRun& r, double t0, double t1, double neurons) {
    auto count = [&](const std::vector<double>& ts) {
        return std::count_if(ts.begin(), ts.end(), [&](double t) { return t >= t0 && t < t1; });
    };
    return double(count(r.exc_t) + count(r.inh_t)) / neurons / ((t1 - t0) / 1000.0);
}

} // namespace

TEST_CASE("CUBA N=4000: mean rate over 1-2 s in Brian2's range", "[cuba][reference]") {
    // Brian2 2.5.1 (REFERENCES.md), 5 seeds: 5.40 +- 0.11 Hz at dt 0.1 ms, 5.45 +- 0.10 Hz at
    // dt 0.01 ms. The seed-to-seed spread is about 0.1 Hz, so the mean of 4 seeds has a
    // standard error near 0.05 Hz: accept 5.45 +- 0.20 Hz (4 standard errors).
    double sum = 0;
    for (std::uint64_t seed = 1; seed <= 4; ++seed) {
        const double rate = rate_between(run_cuba(seed, 2, 2000.0), 1000.0, 2000.0, 4000.0);
        INFO("seed " << seed << ": " << rate << " Hz");
        CHECK(rate > 5.0);
        CHECK(rate < 5.9);
        sum += rate;
    }
    const double mean = sum / 4;
    INFO("mean rate over 1-2 s: " << mean << " Hz");
    REQUIRE(mean > 5.25);
    REQUIRE(mean < 5.65);
}

TEST_CASE("CUBA: identical spikes for 1, 2 and 4 threads", "[cuba][determinism]") {
    const CubaRun one = run_cuba(5, 1, 1000.0);
    REQUIRE(one.exc_t.size() > 10000);
    for (int threads : {2, 4}) {
        const CubaRun other = run_cuba(5, threads, 1000.0);
        REQUIRE(other.exc_t == one.exc_t); // bit-identical doubles
        REQUIRE(other.exc_id == one.exc_id);
        REQUIRE(other.inh_t == one.inh_t);
        REQUIRE(other.inh_id == one.inh_id);
        REQUIRE(other.synaptic_events == one.synaptic_events);
    }
}

TEST_CASE("CUBA with zero delay runs on the serial queue at a similar rate", "[cuba][serial]") {
    const CubaRun r = run_cuba(1, 1, 1000.0, 0.0);
    const double rate = rate_between(r, 500.0, 1000.0, 4000.0);
    INFO("rate " << rate);
    REQUIRE(rate > 4.5);
    REQUIRE(rate < 6.5);
}
