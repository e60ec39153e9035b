// lif_cond_exp (Taylor series between inputs, crossings by rising stretches) against an
// independent long-double Runge-Kutta integration of its equations and against closed
// forms. The COBA network's tests are in tests/test_coba.cpp.
#include "experiments/coba.hpp"
#include "models/lif_cond_exp.hpp"
#include "sim/random.hpp"
#include "sim/simulation.hpp"
#include "sim/source_group.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <optional>

using namespace spikesim;

namespace {

// The model's equations integrated by classical Runge-Kutta in long double with a step of
// h (2.5e-4 ms unless said), the conductances exact: no series, no root search of the
// model's. Its error, of order (h / fastest time constant)^4, is below 1e-12 mV.
struct RungeKutta {
    const LifCondExp::Params& p;
    long double v, g_ex, g_in;
    long double h = 2.5e-4L;

    long double slope(long double vv, long double ge, long double gi) const {
        return (p.e_l + p.i_e - vv + ge * (p.e_ex - vv) + gi * (p.e_in - vv)) / p.tau_m;
    }
    void step(long double dt) {
        const long double fe = std::exp(-dt / 2 / p.tau_ex), fi = std::exp(-dt / 2 / p.tau_in);
        const long double k1 = slope(v, g_ex, g_in);
        const long double k2 = slope(v + dt / 2 * k1, g_ex * fe, g_in * fi);
        const long double k3 = slope(v + dt / 2 * k2, g_ex * fe, g_in * fi);
        const long double k4 = slope(v + dt * k3, g_ex * fe * fe, g_in * fi * fi);
        v += dt / 6 * (k1 + 2 * k2 + 2 * k3 + k4);
        g_ex *= fe * fe;
        g_in *= fi * fi;
    }
    void advance(double t) {
        const auto steps = static_cast<long>(std::ceil(t / h));
        for (long k = 0; k < steps; ++k)
            step(static_cast<long double>(t) / static_cast<long double>(steps));
    }
    // Over [0, length]: the highest v, and the first time v reaches v_th (by bisection on
    // a fresh integration inside the step where it does).
    struct Trace {
        long double peak;
        std::optional<double> crossing;
    };
    Trace trace(double length) {
        Trace r{v, std::nullopt};
        const auto steps = static_cast<long>(std::ceil(length / h));
        for (long k = 0; k < steps; ++k) {
            const RungeKutta before = *this;
            step(h);
            r.peak = std::max(r.peak, v);
            if (!r.crossing && v >= p.v_th) {
                long double lo = 0, hi = h;
                for (int b = 0; b < 60; ++b) {
                    RungeKutta part = before;
                    const long double mid = (lo + hi) / 2;
                    part.step(mid);
                    (part.v >= p.v_th ? hi : lo) = mid;
                }
                r.crossing = static_cast<double>(static_cast<long double>(k) * h + hi);
            }
        }
        return r;
    }
};

LifCondExp::Params coba_params() {
    return coba_neuron();
}

LifCondExp::State state_of(double v, double g_ex, double g_in) {
    LifCondExp::State s = LifCondExp::initial_state(coba_params(), v);
    s.g_ex = g_ex;
    s.g_in = g_in;
    return s;
}

} // namespace

TEST_CASE("lif_cond_exp: the series follows the equations to 1e-10 mV", "[lif_cond_exp]") {
    RandomStream rng(3, purpose_of("cond series test"), 0);
    double worst = 0;
    for (int trial = 0; trial < 120; ++trial) {
        auto p = coba_params();
        p.i_e = trial % 3 == 0 ? rng.uniform(0.0, 20.0) : 0.0;
        const double v = rng.uniform(-80.0, -40.0), ge = rng.uniform(0.0, 6.0),
                     gi = std::exp(rng.uniform(-3.0, 3.5)), dt = std::exp(rng.uniform(-6.0, 2.3));
        LifCondExp::State s = state_of(v, ge, gi);
        LifCondExp::advance(p, s, dt);
        RungeKutta rk{p, v, ge, gi};
        rk.advance(dt);
        INFO("v " << v << " g_ex " << ge << " g_in " << gi << " dt " << dt);
        REQUIRE(std::abs(s.v - static_cast<double>(rk.v)) < 1e-10);
        REQUIRE(s.g_ex == Approx(static_cast<double>(rk.g_ex)).epsilon(1e-13));
        REQUIRE(s.g_in == Approx(static_cast<double>(rk.g_in)).epsilon(1e-13));
        REQUIRE(s.t_last == dt);
        worst = std::max(worst, std::abs(s.v - static_cast<double>(rk.v)));
    }
    WARN("largest difference from the long-double Runge-Kutta: " << worst << " mV");
}

namespace {
// Compares the model's next crossing from (v, g_ex, g_in) with the reference's over
// [0, horizon]; returns the reference's crossing, if any. Peaks within 1e-8 mV of
// threshold are too close to call and are skipped (nullopt, *skipped set).
std::optional<double> check_crossing(const LifCondExp::Params& p, double v, double ge, double gi,
                                     double horizon, bool* skipped) {
    const LifCondExp::State s = state_of(v, ge, gi);
    const double t = LifCondExp::next_crossing(p, s, horizon);
    RungeKutta rk{p, v, ge, gi, 1e-3L}; // conductances below 6: time constants > 2.8 ms
    const auto ref = rk.trace(horizon);
    INFO("v " << v << " g_ex " << ge << " g_in " << gi << " i_e " << p.i_e << ": model " << t
              << ", reference peak " << static_cast<double>(ref.peak - p.v_th)
              << " mV above threshold");
    *skipped = std::abs(static_cast<double>(ref.peak) - p.v_th) < 1e-8;
    if (*skipped) return std::nullopt;
    if (ref.crossing)
        REQUIRE(std::abs(t - *ref.crossing) < 1e-8);
    else
        REQUIRE(t >= horizon);
    return ref.crossing;
}
} // namespace

TEST_CASE("lif_cond_exp: every crossing the equations make is found, at its time, and no other",
          "[lif_cond_exp][exactness]") {
    RandomStream rng(5, purpose_of("cond crossing test"), 0);
    int crossed = 0, quiet = 0;
    for (int trial = 0; trial < 300; ++trial) {
        auto p = coba_params();
        p.i_e = trial % 2 ? rng.uniform(8.0, 14.0) : 0.0;
        const double v = rng.uniform(-62.0, -50.2), ge = rng.uniform(0.0, 1.2),
                     gi = trial % 2 ? rng.uniform(0.0, 4.0) : rng.uniform(0.0, 0.5);
        bool skipped = false;
        const auto crossing = check_crossing(p, v, ge, gi, 20.0, &skipped);
        crossed += crossing.has_value();
        quiet += !crossing && !skipped;
    }
    WARN(crossed << " crossings, " << quiet << " without");
    REQUIRE(crossed > 40);
    REQUIRE(quiet > 60);
}

TEST_CASE("lif_cond_exp: a crossing in the second of two rising stretches is found",
          "[lif_cond_exp][exactness]") {
    // D(t) = E_L + I_e - v_th + g_ex(t) (E_ex - v_th) + g_in(t) (E_in - v_th), positive where
    // v can rise to threshold, is c + 50 g_ex x^2 - 30 g_in x with x = e^{-t/10} in COBA
    // (tau_ex = 5, tau_in = 10). Chosen as A (x - x1) (x - x2), it is positive before t1,
    // negative between t1 and t2, positive after: excitation first, inhibition, then I_e.
    RandomStream rng(13, purpose_of("cond two stretches test"), 0);
    int in_second = 0;
    for (int trial = 0; trial < 100; ++trial) {
        auto p = coba_params();
        const double t1 = rng.uniform(0.2, 2.0), t2 = rng.uniform(2.5, 8.0);
        const double x1 = std::exp(-t1 / 10), x2 = std::exp(-t2 / 10), a = rng.uniform(5.0, 30.0);
        const double ge = a / 50, gi = a * (x1 + x2) / 30;
        p.i_e = p.v_th - p.e_l + a * x1 * x2;
        bool skipped = false;
        const auto crossing = check_crossing(p, rng.uniform(-62.0, -55.0), ge, gi, 20.0, &skipped);
        in_second += crossing && *crossing > t2;
    }
    WARN(in_second << " crossings after t2");
    REQUIRE(in_second > 20);
}

TEST_CASE("lif_cond_exp: a peak 1e-6 mV above threshold fires, 1e-6 mV below does not",
          "[lif_cond_exp][exactness]") {
    // The threshold is put just above and just below the peak of the reference trajectory,
    // an excursion that lasts a small fraction of a ms.
    RandomStream rng(7, purpose_of("cond grazing test"), 0);
    for (int trial = 0; trial < 40; ++trial) {
        auto p = coba_params();
        const double v = -60.0, ge = rng.uniform(0.3, 2.0), gi = rng.uniform(0.0, 0.5);
        RungeKutta rk{p, v, ge, gi, 5e-4L};
        p.v_th = 100.0; // trace the whole trajectory
        const auto peak = static_cast<double>(rk.trace(40.0).peak);
        if (peak < -55.0) continue; // v_th must stay above v_reset
        for (const double excess : {1e-6, -1e-6}) {
            p.v_th = peak - excess;
            const LifCondExp::State s = state_of(v, ge, gi);
            const double t = LifCondExp::next_crossing(p, s, 40.0);
            INFO("g_ex " << ge << " g_in " << gi << " peak " << peak << " v_th " << p.v_th);
            if (excess > 0)
                REQUIRE(t < 40.0);
            else
                REQUIRE(t >= 40.0);
        }
    }
}

TEST_CASE("lif_cond_exp: the envelope's tangent is never later than the crossing",
          "[lif_cond_exp][bounds]") {
    RandomStream rng(11, purpose_of("cond bound test"), 0);
    auto p = coba_params();
    LifCondExp::prepare(p);
    int crossed = 0;
    for (int trial = 0; trial < 200; ++trial) {
        const double v = rng.uniform(-75.0, -50.0), ge = rng.uniform(0.0, 3.0),
                     gi = rng.uniform(0.0, 3.0);
        LifCondExp::State s = state_of(v, ge, gi);
        const double bound = LifCondExp::tangent_bound(p, s);
        const double t = LifCondExp::next_crossing(p, s, 200.0);
        INFO("v " << v << " g_ex " << ge << " g_in " << gi << " bound " << bound);
        REQUIRE(bound >= 0.0);
        if (t < 200.0) {
            ++crossed;
            REQUIRE(bound <= t);
        }
    }
    REQUIRE(crossed > 30);
}

namespace {
LifCondExp::Params base() {
    return LifCondExp::Params{};
}

std::vector<double> dc_spikes(LifCondExp::Params p, double duration) {
    Network net;
    auto n = net.add_neurons<LifCondExp>("n", 1, p, Dale::mixed);
    auto other = net.add_neurons<LifCondExp>("other", 1, base(), Dale::mixed);
    net.connect(other, n, OneToOne{}, {0.0, 0.25}); // sets the window, carries nothing
    Simulation sim(net);
    auto& s = sim.record_spikes(n);
    sim.run(duration);
    return s.times();
}
} // namespace

namespace {
// The peak of v after an excitatory input of weight w at rest, and its time: RK4 with a
// step of 1e-4 ms on v, the conductance exact.
std::pair<double, double> cond_psp_peak(const LifCondExp::Params& p, double w) {
    double v = p.e_l, g = w, t = 0.0, peak = v, t_peak = 0.0;
    const double h = 1e-4, half = std::exp(-h / 2 / p.tau_ex);
    auto dv = [&](double vv, double gg) { return (p.e_l - vv + gg * (p.e_ex - vv)) / p.tau_m; };
    for (int k = 0; k < 300000; ++k) {
        const double k1 = dv(v, g), k2 = dv(v + h / 2 * k1, g * half),
                     k3 = dv(v + h / 2 * k2, g * half), k4 = dv(v + h * k3, g * half * half);
        v += h / 6 * (k1 + 2 * k2 + 2 * k3 + k4);
        g *= half * half;
        t += h;
        if (v > peak) {
            peak = v;
            t_peak = t;
        }
    }
    return {peak, t_peak};
}
} // namespace

TEST_CASE("lif_cond_exp: a PSP that peaks just above threshold fires, inside one step too",
          "[lif_cond_exp][exactness]") {
    // The excursion above threshold lasts a fraction of a ms: a check of v at the ends of
    // steps alone would miss it (Odeint's dopri5 once did, for peaks of 9e-5 mV above
    // threshold).
    LifCondExp::Params p;
    double lo = 0.01, hi = 5.0; // the weight whose PSP peaks at threshold
    for (int k = 0; k < 40; ++k) {
        const double w = 0.5 * (lo + hi);
        (cond_psp_peak(p, w).first > p.v_th ? hi : lo) = w;
    }
    for (const double excess : {1e-5, 1e-4}) {
        for (const double sign : {1.0, -1.0}) {
            const auto w = static_cast<float>(hi * (1.0 + sign * excess));
            const auto [peak, t_peak] = cond_psp_peak(p, w);
            INFO("peak " << peak - p.v_th << " mV from threshold");
            REQUIRE(std::abs(peak - p.v_th) > 5e-5); // far above the solution's error
            LifCondExp::State s = LifCondExp::initial_state(p, p.e_l);
            LifCondExp::receive(p, s, w);
            const double t = LifCondExp::next_crossing(p, s, 100.0);
            if (sign > 0) {
                REQUIRE(t < t_peak);
                REQUIRE(t > t_peak - 1.0);
            } else {
                REQUIRE(t >= 100.0);
            }
        }
    }
}

TEST_CASE("lif_cond_exp with conductances at zero is the closed-form LIF",
          "[lif_cond_exp][closed-form]") {
    auto p = base();
    p.i_e = 15.0; // v_inf = -45 mV above threshold
    p.v_init = p.v_reset;
    const double vi = p.e_l + p.i_e;
    const double t_star = p.tau_m * std::log((vi - p.v_reset) / (vi - p.v_th));
    const auto spikes = dc_spikes(p, 100.0);
    REQUIRE(spikes.size() >= 3);
    for (std::size_t k = 0; k < spikes.size(); ++k)
        REQUIRE(std::abs(spikes[k] - (t_star + double(k) * (t_star + p.t_ref))) < 1e-11);
}

TEST_CASE("lif_cond_exp: excitatory and inhibitory PSPs match a fine fixed-step reference",
          "[lif_cond_exp]") {
    auto p = base();
    Network net;
    auto e = net.add(
        "e", std::make_unique<SpikeGeneratorGroup>(std::vector<std::vector<double>>{{0.0}}, "e"),
        Dale::excitatory);
    auto i = net.add(
        "i", std::make_unique<SpikeGeneratorGroup>(std::vector<std::vector<double>>{{10.0}}, "i"),
        Dale::inhibitory);
    auto n = net.add_neurons<LifCondExp>("n", 1, p, Dale::mixed);
    net.connect(e, n, AllToAll{}, {0.5, 1.0});
    net.connect(i, n, AllToAll{}, {-0.8, 1.0});
    Simulation sim(net);
    auto& m = sim.record_membrane(n, {0}, 0.5);
    sim.run(60.0);
    // Reference: RK4 with step 1e-4 ms on v, the conductances exact; inputs arrive at 1 and 11 ms.
    double v = p.e_l, ge = 0.5, gi = 0.0, t = 1.0;
    const double h = 1e-4;
    auto dv = [&](double vv, double a, double b) {
        return (p.e_l - vv + a * (p.e_ex - vv) + b * (p.e_in - vv)) / p.tau_m;
    };
    bool inhibited = false;
    double min_v = 0;
    for (std::uint64_t row = 2; row < m.rows(); ++row) {
        const double target = 0.5 * double(row);
        while (t < target - 1e-12) {
            if (!inhibited && t >= 11.0 - 1e-12) {
                gi += 0.8;
                inhibited = true;
            }
            const double fe = std::exp(-h / 2 / p.tau_ex), fi = std::exp(-h / 2 / p.tau_in);
            const double k1 = dv(v, ge, gi), k2 = dv(v + h / 2 * k1, ge * fe, gi * fi),
                         k3 = dv(v + h / 2 * k2, ge * fe, gi * fi),
                         k4 = dv(v + h * k3, ge * fe * fe, gi * fi * fi);
            v += h / 6 * (k1 + 2 * k2 + 2 * k3 + k4);
            ge *= fe * fe;
            gi *= fi * fi;
            t += h;
        }
        REQUIRE(m.value(row, 0) == Approx(v).margin(2e-5)); // float samples
        min_v = std::min(min_v, double(m.value(row, 0)));
    }
    REQUIRE(m.value(10, 0) > p.e_l + 0.5); // the EPSP: several mV at 5 ms
    REQUIRE(min_v < p.e_l - 0.5);          // the IPSP pulls v below rest towards E_in
}

TEST_CASE("lif_cond_exp: a state that is not a number is an error, not an endless loop",
          "[lif_cond_exp]") {
    // Validated parameters and finite weights never make one; the guard keeps a bug
    // elsewhere from hanging a run.
    LifCondExp::State s = state_of(std::nan(""), 1.0, 1.0);
    REQUIRE_THROWS_AS(LifCondExp::advance(coba_params(), s, 1.0), std::logic_error);
}
