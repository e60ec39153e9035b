// lif_exp and the exponential-sum crossing finder against closed forms.
#include "models/exp_sum.hpp"
#include "models/lif_exp.hpp"
#include "sim/random.hpp"
#include "sim/simulation.hpp"
#include "sim/source_group.hpp"

#include <catch2/catch.hpp>

#include <cmath>

using namespace spikesim;

namespace {

LifExp::Params base() {
    LifExp::Params p;
    p.tau_m = 20.0;
    p.tau_ex = 5.0;
    p.tau_in = 10.0;
    p.e_l = -65.0;
    p.v_th = -50.0;
    p.v_reset = -65.0;
    p.t_ref = 2.0;
    p.v_init = -65.0;
    return p;
}

// REFERENCES.md: w tau_s/(tau_m - tau_s) (e^{-t/tau_m} - e^{-t/tau_s})
double psp(double w, double tau_s, double tau_m, double t) {
    return w * tau_s / (tau_m - tau_s) * (std::exp(-t / tau_m) - std::exp(-t / tau_s));
}

} // namespace

TEST_CASE("lif_exp: the PSP of one input equals the closed form", "[lif_exp][closed-form]") {
    const auto p = base();
    for (double w : {2.0, -3.0}) {
        LifExp::State s = LifExp::initial_state(p, p.e_l);
        LifExp::receive(p, s, static_cast<float>(w));
        const double tau_s = w > 0 ? p.tau_ex : p.tau_in;
        for (double t : {0.1, 1.0, 4.0, 9.5, 30.0, 100.0}) {
            LifExp::State c = s;
            LifExp::advance(p, c, t);
            REQUIRE(c.v - p.e_l == Approx(psp(w, tau_s, p.tau_m, t)).epsilon(1e-12).margin(1e-14));
        }
    }
}

TEST_CASE("lif_exp: advancing with a synapse row's factors equals advance()",
          "[lif_exp][closed-form]") {
    // The engine's input path: the decay e^{-(t - t_last)/tau_m} from a per-row factor and
    // one each neuron keeps. Mixed with the other ways a state moves (advance alone, a
    // spike and its refractory period), over several epochs of 64 tau_m.
    auto p = base();
    p.tau_ex = 5.0; // tau_m = 4 tau_ex = 2 tau_in: the path without an exponential
    p.tau_in = 10.0;
    p.i_e = 14.0;
    LifExp::prepare(p);
    REQUIRE(p.derived.pow_ex == 4);
    REQUIRE(LifExp::row_decay_applies(p));
    auto other = p;
    other.tau_ex = 3.0; // no integer ratio: populations advance each input on its own
    LifExp::prepare(other);
    REQUIRE_FALSE(LifExp::row_decay_applies(other));
    RandomStream rng(5, purpose_of("row factors test"), 0);
    LifExp::State rows = LifExp::initial_state(p, -60.0), plain = rows;
    double t = 0.0;
    int fast = 0, generic = 0;
    for (int k = 0; k < 20000; ++k) {
        t += rng.exponential(0.4);
        const double choice = rng.uniform();
        if (choice < 0.8) { // an input
            const auto before = rows.epoch;
            LifExp::advance_to_row(p, rows, t, LifExp::row_decay(p, t));
            (before == rows.epoch ? fast : generic) += 1;
            LifExp::advance(p, plain, t);
            const auto w = static_cast<float>(rng.uniform(-3.0, 4.0));
            LifExp::receive(p, rows, w);
            LifExp::receive(p, plain, w);
        } else if (choice < 0.95) { // a look at the neuron: advance() alone
            LifExp::advance(p, rows, t);
            LifExp::advance(p, plain, t);
        } else { // a spike
            LifExp::advance(p, rows, t);
            LifExp::advance(p, plain, t);
            LifExp::fire(p, rows);
            LifExp::fire(p, plain);
        }
        REQUIRE(rows.t_last == plain.t_last);
        REQUIRE(rows.v == Approx(plain.v).epsilon(1e-12));
        REQUIRE(rows.i_ex == Approx(plain.i_ex).epsilon(1e-12).margin(1e-12));
        REQUIRE(rows.i_in == Approx(plain.i_in).epsilon(1e-12).margin(1e-12));
    }
    REQUIRE(t > 5 * 64 * p.tau_m); // several epochs
    REQUIRE(fast > 5000);          // the path without an exponential ran
}

TEST_CASE("lif_exp: piecewise advancing equals advancing at once", "[lif_exp][closed-form]") {
    const auto p = base();
    LifExp::State a = LifExp::initial_state(p, -60.0), b = a;
    LifExp::receive(p, a, 4.0f);
    LifExp::receive(p, a, -2.0f);
    b = a;
    for (int k = 1; k <= 100; ++k)
        LifExp::advance(p, a, 0.37 * k);
    LifExp::advance(p, b, 37.0);
    REQUIRE(a.v == Approx(b.v).epsilon(1e-12));
    REQUIRE(a.i_ex == Approx(b.i_ex).epsilon(1e-12));
}

TEST_CASE("lif_exp: the engine's membrane trace shows the sum of two PSPs", "[lif_exp][engine]") {
    // tau_m = 4 tau_ex takes the inputs' path with row factors; 20 / 3 does not.
    for (const double tau_ex : {5.0, 3.0}) {
        auto p = base();
        p.tau_ex = tau_ex;
        Network net;
        auto src = net.add("in",
                           std::make_unique<SpikeGeneratorGroup>(
                               std::vector<std::vector<double>>{{0.0, 3.0}}, "in"),
                           Dale::excitatory);
        auto n = net.add_neurons<LifExp>("n", 1, p, Dale::mixed);
        net.connect(src, n, AllToAll{}, {3.0, 1.0});
        Simulation sim(net);
        auto& m = sim.record_membrane(n, {0}, 0.1);
        sim.run(50.0);
        for (std::uint64_t k = 0; k < m.rows(); ++k) {
            const double t = 0.1 * double(k);
            double expected = p.e_l;
            for (const double arrival : {1.0, 4.0})
                if (t >= arrival) expected += psp(3.0, p.tau_ex, p.tau_m, t - arrival);
            INFO("tau_ex " << tau_ex << ", t " << t);
            REQUIRE(m.value(k, 0) == Approx(expected).margin(2e-5));
        }
    }
}

TEST_CASE("lif_exp: DC first spike time matches the closed form to 1e-9 ms",
          "[lif_exp][closed-form]") {
    auto p = base();
    p.i_e = 25.0;
    const double vi = p.e_l + p.i_e;
    const double expected = p.tau_m * std::log((vi - p.v_reset) / (vi - p.v_th));
    for (int e = 0; e <= 13; e += 1) {
        Network net;
        auto n = net.add_neurons<LifExp>("n", 1, p, Dale::mixed);
        auto other = net.add_neurons<LifExp>("other", 1, base(), Dale::mixed);
        net.connect(other, n, OneToOne{}, {0.0, std::ldexp(1.0, -e)});
        Simulation sim(net);
        auto& spikes = sim.record_spikes(n);
        sim.run(40.0);
        REQUIRE(spikes.times().size() >= 2);
        REQUIRE(std::abs(spikes.times()[0] - expected) < 1e-9);
        REQUIRE(std::abs(spikes.times()[1] - (2 * expected + p.t_ref)) < 1e-9);
    }
}

TEST_CASE("lif_exp: a synaptic crossing is found where the closed form crosses",
          "[lif_exp][closed-form]") {
    // A PSP whose peak just exceeds threshold: the crossing lies on the rising flank, and
    // a stepper with a coarse step could miss the whole excursion.
    auto p = base();
    const double t_peak = std::log(p.tau_m / p.tau_ex) * p.tau_m * p.tau_ex / (p.tau_m - p.tau_ex);
    const double w = 15.0 / psp(1.0, p.tau_ex, p.tau_m, t_peak) * 1.0001; // peak 1.5e-3 mV above
    LifExp::State s = LifExp::initial_state(p, p.e_l);
    LifExp::receive(p, s, static_cast<float>(w));
    const double t = LifExp::next_crossing(p, s, 1000.0);
    REQUIRE(t > 0.0);
    REQUIRE(t < t_peak);
    const double wf = static_cast<float>(w); // the weight as stored
    REQUIRE(p.e_l + psp(wf, p.tau_ex, p.tau_m, t) == Approx(p.v_th).margin(1e-10));
    // Just below: no crossing at all.
    LifExp::State s2 = LifExp::initial_state(p, p.e_l);
    LifExp::receive(p, s2, static_cast<float>(w / 1.0002));
    REQUIRE(LifExp::next_crossing(p, s2, 1000.0) >= 1000.0);
}

TEST_CASE("lif_exp: next_crossing's lower bound is never later than the true crossing",
          "[lif_exp]") {
    auto p = base();
    p.e_l = -49.0; // drifts above threshold, as in CUBA
    LifExp::State s = LifExp::initial_state(p, -58.0);
    LifExp::receive(p, s, 3.0f);
    LifExp::receive(p, s, -6.0f);
    const double exact = LifExp::next_crossing(p, s, 1e6);
    REQUIRE(exact < 1e6);
    for (double horizon : {0.01, 1.0, 5.0, exact * 0.999}) {
        const double bound = LifExp::next_crossing(p, s, horizon);
        REQUIRE(bound >= horizon);
        REQUIRE(bound <= exact);
    }
}

TEST_CASE("lif_exp: every bound is below the first crossing a dense scan finds, over random "
          "states with excitation and inhibition",
          "[lif_exp][bounds]") {
    auto p = base();
    p.e_l = -49.0; // above threshold, as in CUBA: every state crosses sooner or later
    LifExp::prepare(p);
    RandomStream rng(7, purpose_of("bounds test"), 0);
    constexpr double step = 0.002; // ms
    int checked = 0;
    for (int trial = 0; trial < 400; ++trial) {
        LifExp::State s = LifExp::initial_state(p, rng.uniform(-60.0, -50.0));
        s.i_ex = rng.uniform(0.0, 12.0);
        s.i_in = -rng.uniform(0.0, 30.0);
        // The first grid time at or past threshold, by advancing a copy step by step.
        double scan = -1.0;
        for (int k = 1; k <= 30000 && scan < 0; ++k) {
            LifExp::State c = s;
            LifExp::advance(p, c, k * step);
            if (c.v >= p.v_th) scan = k * step;
        }
        if (scan < 0) continue;
        ++checked;
        const double exact = LifExp::next_crossing(p, s, 1e6);
        INFO("trial " << trial << " v " << s.v << " i_ex " << s.i_ex << " i_in " << s.i_in);
        REQUIRE(exact <= scan);
        REQUIRE(exact > scan - step);
        for (double horizon : {0.05, 0.1 * scan, 0.5 * scan, 0.9 * scan, scan - step}) {
            const double bound = LifExp::next_crossing(p, s, horizon);
            if (bound >= horizon)
                REQUIRE(bound <= exact);
            else
                REQUIRE(bound == Approx(exact).margin(1e-9));
        }
    }
    REQUIRE(checked > 150);
}

TEST_CASE("first_upcrossing finds every first crossing a dense scan finds", "[exp_sum]") {
    // Random sums of exponentials: compare with a scan at a step of 1e-4.
    std::uint64_t state = 12345;
    auto next = [&] {
        state = state * 6364136223846793005ull + 1442695040888963407ull;
        return static_cast<double>(state >> 11) * 0x1.0p-53;
    };
    int crossings = 0, steep = 0;
    for (int trial = 0; trial < 300; ++trial) {
        ExpSum f;
        f.c = 4 * next() - 2;
        f.add_term(-2 - 4 * next(), 0.05);
        f.add_term(8 * next() - 4, 0.2);
        f.add_term(8 * next() - 4, 0.1 + 0.5 * next());
        if (f(0.0) >= 0) continue;
        const double L = 60.0;
        double scan = -1.0;
        for (double t = 0; t <= L; t += 1e-4)
            if (f(t) >= 0) {
                scan = t;
                break;
            }
        const double found = first_upcrossing(f, L);
        if (scan < 0) {
            REQUIRE(found < 0);
        } else {
            ++crossings;
            REQUIRE(found >= 0);
            REQUIRE(std::abs(found - scan) <= 1e-4);
            REQUIRE(std::abs(f(found)) < 1e-9);
            // Solved to (nearly) full precision: the sign changes within 1e-12 ms of the
            // result wherever the slope is not tiny.
            if (std::abs(f.value_and_slope(found).slope) > 1e-3) {
                ++steep;
                REQUIRE(f(found - 1e-12 * std::max(1.0, found)) < 0.0);
                REQUIRE(f(found + 1e-12 * std::max(1.0, found)) > 0.0);
            }
        }
    }
    REQUIRE(crossings > 30); // the sample contains crossings at all
    REQUIRE(steep > 20);
}

TEST_CASE("lif_exp rejects synaptic time constants equal to tau_m", "[lif_exp][validation]") {
    auto p = base();
    p.tau_ex = p.tau_m;
    REQUIRE_THROWS_WITH(LifExp::validate(p, "pop"), Catch::Contains("pop.tau_ex"));
    p = base();
    p.tau_in = -1;
    REQUIRE_THROWS_WITH(LifExp::validate(p, "pop"),
                        Catch::Contains("pop.tau_in") && Catch::Contains("> 0"));
}
