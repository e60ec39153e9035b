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
    // Brian2 2.5.1: 5.40-5.45 Hz (REFERENCES.md, 5 seeds, no delay); measured here with the
    // same 0.1 ms delay (bench/brian2_cuba_rate.py, 8 seeds): 5.61 +- 0.25 Hz (sd across
    // seeds). The mean of 8 seeds has a standard error near 0.09 Hz, so accept
    // [5.45 - 0.2, 5.61 + 0.29]: about 2-3 standard errors beyond either reference.
    double sum = 0;
    const int seeds = 8;
    for (int seed = 1; seed <= seeds; ++seed) {
        const double rate =
            rate_between(run_cuba(std::uint64_t(seed), 2, 2000.0), 1000.0, 2000.0, 4000.0);
        INFO("seed " << seed << ": " << rate << " Hz");
        CHECK(rate > 4.8); // one seed: about 3 sd either side
        CHECK(rate < 6.4);
        sum += rate;
    }
    const double mean = sum / seeds;
    INFO("mean rate over 1-2 s: " << mean << " Hz");
    REQUIRE(mean > 5.25);
    REQUIRE(mean < 5.90);
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

TEST_CASE("CUBA: recording the membrane of some neurons changes no spike", "[cuba][determinism]") {
    const CubaRun plain = run_cuba(3, 2, 300.0);
    tbb::global_control limit(tbb::global_control::max_allowed_parallelism, 2);
    CubaOptions o;
    o.seed = 3;
    Network net = build_cuba(o);
    Simulation sim(net);
    auto& e = sim.record_spikes(*net.find("exc"));
    auto& m = sim.record_membrane(*net.find("exc"), {0, 17, 1234, 3199}, 0.037);
    sim.run(300.0);
    REQUIRE(m.rows() > 8000);
    REQUIRE(e.times() == plain.exc_t);
    REQUIRE(e.node_ids() == plain.exc_id);
}

TEST_CASE("CUBA: a run split anywhere, even inside a window, gives the spikes of one run",
          "[cuba][determinism]") {
    const CubaRun whole = run_cuba(4, 1, 400.0);
    for (int threads : {1, 2}) {
        tbb::global_control limit(tbb::global_control::max_allowed_parallelism, threads);
        CubaOptions o;
        o.seed = 4;
        Network net = build_cuba(o);
        Simulation sim(net);
        auto& e = sim.record_spikes(*net.find("exc"));
        auto& i = sim.record_spikes(*net.find("inh"));
        for (double part : {12.345, 0.01, 87.645, 100.0, 200.0})
            sim.run(part);
        REQUIRE(sim.now() == Approx(400.0));
        REQUIRE(e.times() == whole.exc_t);
        REQUIRE(e.node_ids() == whole.exc_id);
        REQUIRE(i.times() == whole.inh_t);
    }
}

TEST_CASE("CUBA with zero delay runs on the serial queue at a similar rate", "[cuba][serial]") {
    const CubaRun r = run_cuba(1, 1, 1000.0, 0.0);
    const double rate = rate_between(r, 500.0, 1000.0, 4000.0);
    INFO("rate " << rate);
    REQUIRE(rate > 4.5);
    REQUIRE(rate < 6.5);
}
