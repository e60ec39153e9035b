// No spike missed, none late: lif_delta, lif_exp and lif_alpha through the engine against the
// 113-bit reference of exact_reference.hpp. Seeded random input trains; inputs placed on spike
// times, on refractory ends and within a few ulps of crossings; near-equal time
// constants; thousands of coincident inputs; the windowed and the serial loop.
#include "exact_reference.hpp"
#include "models/exp_sum.hpp"
#include "sim/random.hpp"
#include "sim/simulation.hpp"
#include "sim/source_group.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <numeric>
#include <sstream>

using namespace spikesim;
using namespace spikesim::test;

namespace {

// What one neuron receives: one spike-generator neuron per input, through an explicit
// projection with one delay (0 selects the serial loop).
struct Drive {
    std::vector<double> times; // of the source spikes
    std::vector<float> weights;
    double delay = 1.0;

    void add(double t, double w) {
        times.push_back(t);
        weights.push_back(static_cast<float>(w));
    }
    // An input arriving at `at` (to the nearest arrival t + delay can give), if t >= 0.
    void add_arrival(double at, double w) {
        double t = at - delay;
        while (t + delay < at)
            t = std::nextafter(t, INFINITY);
        while (t + delay > at)
            t = std::nextafter(t, -INFINITY);
        if (t >= 0.0) add(t, w);
    }
    // Arrivals as the engine computes them (t + delay), in the engine's order.
    std::vector<Input> arrivals() const {
        std::vector<std::size_t> order(times.size());
        std::iota(order.begin(), order.end(), 0);
        std::stable_sort(order.begin(), order.end(),
                         [&](std::size_t a, std::size_t b) { return times[a] < times[b]; });
        std::vector<Input> out;
        for (const std::size_t k : order)
            out.push_back({times[k] + delay, weights[k]});
        return out;
    }
};

// The engine's spikes; with `sample_interval` > 0 the membrane is recorded too, which
// must change no spike.
template <NeuronModel M>
std::vector<double> engine_spikes(const typename M::Params& p, const Drive& drive, double t_end,
                                  double sample_interval = 0.0) {
    Network net(1);
    auto n = net.add_neurons<M>("n", 1, p, Dale::mixed);
    if (!drive.times.empty()) {
        std::vector<std::vector<double>> times;
        SynapseList synapses;
        for (std::size_t k = 0; k < drive.times.size(); ++k) {
            times.push_back({drive.times[k]});
            synapses.synapses.push_back(
                {static_cast<std::uint32_t>(k), 0, double(drive.weights[k]), std::nan("")});
        }
        auto in = net.add("in", std::make_unique<SpikeGeneratorGroup>(std::move(times), "in"),
                          Dale::mixed);
        net.connect(in, n, std::move(synapses), {0.0, drive.delay});
    }
    Simulation sim(net);
    auto& spikes = sim.record_spikes(n);
    if (sample_interval > 0) sim.record_membrane(n, {0}, sample_interval);
    sim.run(t_end);
    return spikes.times();
}

// Totals over many checked runs, for the failure message and the summary line.
struct Tally {
    std::size_t runs = 0, spikes = 0, timed = 0, undecided = 0;
    double max_deviation = 0;
    std::vector<std::string> errors;

    void add(const ShadowReport& r, const std::string& what) {
        ++runs;
        spikes += r.spikes;
        timed += r.timed;
        undecided += r.undecided;
        max_deviation = std::max(max_deviation, r.max_deviation);
        for (const auto& e : r.errors)
            errors.push_back(what + ": " + e);
    }
    std::string summary() const {
        std::ostringstream out;
        out << runs << " runs, " << spikes << " spikes (" << timed << " timed, largest deviation "
            << max_deviation << " ms), " << undecided << " grazing intervals undecided, "
            << errors.size() << " errors";
        for (std::size_t k = 0; k < std::min<std::size_t>(errors.size(), 5); ++k)
            out << "\n  " << errors[k];
        return out.str();
    }
};

template <NeuronModel M>
ShadowReport check(const typename M::Params& p, const Drive& drive, double t_end,
                   std::vector<double>* spikes_out = nullptr) {
    const auto spikes = engine_spikes<M>(p, drive, t_end);
    if (spikes_out) *spikes_out = spikes;
    const auto inputs = drive.arrivals();
    return shadow_check(reference_params(p), inputs, spikes, t_end);
}

LifExp::Params reproducer_params() {
    LifExp::Params p;
    p.tau_m = 10.0;
    p.tau_ex = p.tau_in = 10.5;
    p.e_l = -65.0;
    p.v_th = -50.0;
    p.v_reset = -70.0;
    p.t_ref = 2.0;
    p.i_e = 16.64691314444356;
    p.v_init = -65.0;
    return p;
}

} // namespace

TEST_CASE("exactness: the missed crossing of issue 18 fires at 23.6560669337086 ms",
          "[exactness][lif_exp]") {
    // The 3 mV input arrives about 2 ulps before the crossing the constant current would
    // cause; the closed form's coefficients then sum to threshold exactly. It fired once,
    // at 39.4012 ms, before the fix.
    const std::vector<Input> arrivals = {{2.7803052235305863 + 1.0, 5.027289390563965f},
                                         {2.7803052235305863 + 1.0, -5.32098388671875f},
                                         {22.656066933708633 + 1.0, 3.0f}};
    // The same arrival times through the windowed loop with two window lengths, and
    // through the serial loop.
    for (const double delay : {1.0, 0.25, 0.0}) {
        Drive drive;
        drive.delay = delay;
        for (const Input& in : arrivals)
            drive.add_arrival(in.t, in.w);
        for (std::size_t k = 0; k < arrivals.size(); ++k)
            REQUIRE(drive.arrivals()[k].t == arrivals[k].t);
        std::vector<double> spikes;
        const auto report = check<LifExp>(reproducer_params(), drive, 60.0, &spikes);
        INFO("delay " << delay);
        REQUIRE(spikes.size() == 2);
        CHECK(std::abs(spikes[0] - 23.6560669337086) < 1e-9);
        CHECK(std::abs(spikes[1] - 48.2748945181) < 1e-9);
        CHECK(report.errors.empty());
    }
}

TEST_CASE("first_upcrossing: a sum already at or above zero crosses at once", "[exp_sum]") {
    // The reproducer's state: v - v_th = -7.1e-15 by the state, 0 by the coefficients.
    ExpSum f;
    f.c = -1.0;
    f.add_term(0.75, 0.1);
    f.add_term(0.25, 0.095);
    REQUIRE(f(0.0) == 0.0);
    REQUIRE(first_upcrossing(f, 10.0) == 0.0);
    f.c = -0.5; // above, and falling
    REQUIRE(first_upcrossing(f, 10.0) == 0.0);
}

namespace {

// The parameters every LIF model shares, drawn so that the constant input alone brings the
// neuron within a few mV of threshold, below or above (leak-driven crossings, near misses).
template <class P> void draw_lif_core(RandomStream& rng, P& p) {
    p.tau_m = rng.uniform(2.0, 40.0);
    p.e_l = rng.uniform(-70.0, -60.0);
    p.v_th = p.e_l + rng.uniform(8.0, 20.0);
    p.v_reset = p.e_l - rng.uniform(0.0, 8.0);
    const double r = rng.uniform();
    p.t_ref = r < 0.2 ? 0.0 : r < 0.5 ? rng.uniform(0.01, 0.5) : rng.uniform(0.5, 4.0);
    p.i_e = p.v_th - p.e_l + rng.uniform(-3.0, 6.0);
    p.v_init = rng.uniform(p.v_reset, p.v_th);
}

// A synaptic time constant: independent of tau_m, within 0.1-5 % of it (where the closed
// form's terms are large and nearly cancel), or tau_m / n (the engine's path without
// exponentials, models/lif_exp.hpp).
double draw_tau_syn(RandomStream& rng, double tau_m, int kind) {
    if (kind == 1) {
        const double gap = rng.uniform(0.0011, 0.05);
        return tau_m * (rng.uniform() < 0.5 ? 1.0 - gap : 1.0 + gap);
    }
    if (kind == 2) return tau_m / static_cast<double>(2 + rng.below(7));
    double tau;
    do
        tau = rng.uniform(0.5, 20.0);
    while (std::abs(tau - tau_m) < 2e-3 * tau_m);
    return tau;
}

// lif_exp's or lif_alpha's parameters (the same keys).
template <class P = LifExp::Params> P draw_lif_exp(RandomStream& rng, int kind) {
    P p;
    draw_lif_core(rng, p);
    if (kind == 2) p.tau_m = 0.25 * static_cast<double>(8 + rng.below(160)); // n tau_x exact
    p.tau_ex = draw_tau_syn(rng, p.tau_m, kind);
    p.tau_in = rng.uniform() < 0.5 ? p.tau_ex : draw_tau_syn(rng, p.tau_m, kind);
    return p;
}

LifDelta::Params draw_lif_delta(RandomStream& rng) {
    LifDelta::Params p;
    draw_lif_core(rng, p);
    return p;
}

double draw_delay(RandomStream& rng) {
    const double r = rng.uniform();
    return r < 0.25 ? 0.0 : r < 0.5 ? 0.1 : r < 0.75 ? 1.0 : rng.uniform(0.05, 3.0);
}

// A Poisson train of inputs with weights of both signs, some arriving together.
Drive draw_drive(RandomStream& rng, double t_end, double max_weight) {
    Drive d;
    d.delay = draw_delay(rng);
    max_weight = rng.uniform(0.3, max_weight);
    const double mean_interval = rng.uniform(0.5, 10.0);
    for (double t = rng.exponential(mean_interval); t < t_end;
         t += rng.exponential(mean_interval)) {
        const std::uint64_t together = rng.uniform() < 0.1 ? 2 + rng.below(4) : 1;
        for (std::uint64_t k = 0; k < together; ++k)
            d.add(t, rng.uniform(-max_weight, max_weight));
    }
    return d;
}

// `rounds` times: an input placed where the last run fired, within a few ulps of that
// crossing, or at the end of its refractory period; each run is checked.
template <NeuronModel M>
void check_adversarial(const typename M::Params& p, Drive drive, double t_end, RandomStream& rng,
                       int rounds, double max_weight, Tally& tally, const std::string& what) {
    double after = 0.0; // place each input after the previous one, so that it hits a crossing
    for (int round = 0; round <= rounds; ++round) {
        std::vector<double> spikes;
        tally.add(check<M>(p, drive, t_end, &spikes), what + " round " + std::to_string(round));
        if (round == 0 && rng.uniform() < 0.2) { // membrane samples read copies: same spikes
            const double interval = rng.uniform(0.01, 2.0);
            if (engine_spikes<M>(p, drive, t_end, interval) != spikes)
                tally.errors.push_back(what + ": recording the membrane every " +
                                       std::to_string(interval) + " ms changed the spikes (delay " +
                                       std::to_string(drive.delay) + " ms)");
        }
        std::vector<double> later;
        for (double t : spikes)
            if (t > after) later.push_back(t);
        if (later.empty()) return;
        const double spike = later[rng.below(std::min<std::size_t>(later.size(), 3))];
        double at = rng.uniform() < 0.3 ? spike + p.t_ref : spike;
        for (int k = static_cast<int>(rng.below(7)) - 3; k != 0; k += k > 0 ? -1 : 1)
            at = std::nextafter(at, k > 0 ? INFINITY : -INFINITY);
        const double w =
            rng.uniform() < 0.5 ? rng.uniform(-max_weight, max_weight) : rng.uniform(-1e-3, 1e-3);
        drive.add_arrival(at, w);
        after = at;
    }
}

} // namespace

namespace {

// `cases` seeded cases of one model, each a random train and 4 adversarial rounds.
template <NeuronModel M, class DrawParams>
Tally check_random_cases(std::uint64_t cases, DrawParams draw_params, double max_weight) {
    Tally tally;
    const double t_end = 150.0;
    const std::string name(M::name);
    for (std::uint64_t c = 0; c < cases; ++c) {
        RandomStream rng(18, purpose_of("exactness " + name), c);
        const auto p = draw_params(rng, c);
        const Drive drive = draw_drive(rng, t_end, max_weight);
        check_adversarial<M>(p, drive, t_end, rng, 4, max_weight, tally,
                             name + " case " + std::to_string(c));
    }
    return tally;
}

} // namespace

TEST_CASE("exactness: lif_exp against the 113-bit reference, random trains and adversarial "
          "inputs",
          "[exactness][lif_exp]") {
    const Tally tally = check_random_cases<LifExp>(
        600,
        [](RandomStream& rng, std::uint64_t c) {
            // time constants independent of tau_m, within 0.1-5 % of it, or tau_m / n
            return draw_lif_exp(rng, static_cast<int>(c % 3));
        },
        6.0);
    INFO(tally.summary());
    CHECK(tally.errors.empty());
    CHECK(tally.runs >= 1500);
    CHECK(tally.timed >= 5000);
    CHECK(tally.undecided <= tally.runs / 100);
    WARN(tally.summary());
}

TEST_CASE("exactness: lif_alpha against the 113-bit reference, random trains and adversarial "
          "inputs",
          "[exactness][lif_alpha]") {
    // An alpha current of peak w carries e times the charge of an exponential one of jump w.
    const Tally tally = check_random_cases<LifAlpha>(
        500,
        [](RandomStream& rng, std::uint64_t c) {
            return draw_lif_exp<LifAlpha::Params>(rng, static_cast<int>(c % 3));
        },
        3.0);
    INFO(tally.summary());
    CHECK(tally.errors.empty());
    CHECK(tally.runs >= 1200);
    CHECK(tally.timed >= 4000);
    CHECK(tally.undecided <= tally.runs / 100);
    WARN(tally.summary());
}

TEST_CASE("exactness: lif_delta against the 113-bit reference, random trains and adversarial "
          "inputs",
          "[exactness][lif_delta]") {
    const Tally tally = check_random_cases<LifDelta>(
        400, [](RandomStream& rng, std::uint64_t) { return draw_lif_delta(rng); }, 4.0);
    INFO(tally.summary());
    CHECK(tally.errors.empty());
    CHECK(tally.runs >= 1000);
    CHECK(tally.timed >= 1000);
    CHECK(tally.undecided <= tally.runs / 100);
    WARN(tally.summary());
}

TEST_CASE("exactness: the reference check finds missed, late, early and extra spikes",
          "[exactness][reference]") {
    // A DC-driven neuron fires at t* = tau ln((v_inf - v_reset)/(v_inf - v_th)) after each
    // refractory period; the check must accept those times and refuse every alteration.
    LifExp::Params p = reproducer_params();
    p.v_init = p.v_reset;
    const double period =
        p.tau_m * std::log((LifExp::v_inf(p) - p.v_reset) / (LifExp::v_inf(p) - p.v_th));
    std::vector<double> exact{period};
    while (exact.back() + p.t_ref + period < 100.0)
        exact.push_back(exact.back() + p.t_ref + period);
    REQUIRE(exact.size() >= 3);
    const auto ref = reference_params(p);
    auto errors = [&](std::vector<double> spikes) {
        return shadow_check(ref, {}, spikes, 100.0).errors;
    };
    REQUIRE(errors(exact).empty());
    REQUIRE(errors(engine_spikes<LifExp>(p, Drive{}, 100.0)).empty());
    auto altered = exact;
    altered.erase(altered.begin() + 1);
    REQUIRE_THAT(errors(altered).at(0), Catch::StartsWith("missed or late spike"));
    for (const double shift : {3e-9, -3e-9, 5e-10, -5e-10}) {
        altered = exact;
        altered[1] += shift;
        INFO("shift " << shift);
        if (std::abs(shift) < 1e-9)
            REQUIRE(errors(altered).empty());
        else
            REQUIRE_THAT(errors(altered).at(0),
                         Catch::StartsWith(shift > 0 ? "missed or late" : "extra or early"));
    }
    altered = exact;
    altered.insert(altered.begin() + 1, exact[0] + p.t_ref + 0.5 * period);
    REQUIRE_THAT(errors(altered).at(0), Catch::StartsWith("extra or early spike"));
    altered = exact;
    altered.insert(altered.begin() + 1, exact[0] + 0.5 * p.t_ref);
    REQUIRE_THAT(errors(altered).at(0), Catch::Contains("refractory period"));
}

TEST_CASE("exactness: thousands of coincident inputs", "[exactness]") {
    // Bursts of 3000 inputs at one instant, their sum within a fraction of a mV of what it
    // takes to reach threshold, one burst exactly on a spike time and one on the end of a
    // refractory period; for the three models and both loops.
    Tally tally;
    for (std::uint64_t c = 0; c < 12; ++c) {
        RandomStream rng(18, purpose_of("coincident inputs"), c);
        const bool exp_model = c % 2 == 0 && c % 3 != 2;
        auto burst = [&](Drive& d, double at, double total) {
            std::vector<double> w(3000);
            for (double& x : w)
                x = rng.normal();
            const double mean = std::accumulate(w.begin(), w.end(), 0.0) / double(w.size());
            for (double& x : w)
                d.add_arrival(at, x - mean + total / double(w.size()));
        };
        Drive drive;
        drive.delay = c % 4 < 2 ? 0.5 : 0.0;
        // gain: the peak of the PSP of a unit input
        auto run = [&](const auto& p, auto model, double gain) {
            using M = decltype(model);
            for (double at : {5.0, 20.0, 35.0, 50.0})
                burst(drive, at, (p.v_th - p.e_l) / gain * rng.uniform(0.8, 1.3));
            std::vector<double> spikes;
            tally.add(check<M>(p, drive, 80.0, &spikes), "case " + std::to_string(c));
            REQUIRE(!spikes.empty());
            burst(drive, spikes[0], 5.0);           // on a spike
            burst(drive, spikes[0] + p.t_ref, 5.0); // on the refractory end
            tally.add(check<M>(p, drive, 80.0), "case " + std::to_string(c) + " on spikes");
        };
        if (exp_model) {
            auto p = draw_lif_exp(rng, static_cast<int>(c / 2 % 3));
            p.i_e = 0.0;
            p.tau_in = p.tau_ex; // the bursts' inputs of both signs then cancel exactly
            const double ratio = p.tau_ex / p.tau_m;
            // REFERENCES.md: the peak of tau_s/(tau_m - tau_s) (e^{-t/tau_m} - e^{-t/tau_s})
            const double t_peak = std::log(1.0 / ratio) * p.tau_ex / (1.0 - ratio);
            const double gain = p.tau_ex / (p.tau_m - p.tau_ex) *
                                (std::exp(-t_peak / p.tau_m) - std::exp(-t_peak / p.tau_ex));
            run(p, LifExp{}, gain);
        } else if (c % 3 == 2) {
            auto p = draw_lif_exp<LifAlpha::Params>(rng, static_cast<int>(c / 3 % 3));
            p.i_e = 0.0;
            p.tau_in = p.tau_ex;
            // The peak of a unit input's PSP, scanned on the closed form (a scale, not a claim).
            LifAlpha::State unit = LifAlpha::initial_state(p, LifAlpha::v_inf(p));
            LifAlpha::receive(p, unit, 1.0f);
            double gain = 0.0;
            for (int k = 1; k <= 4000; ++k) {
                LifAlpha::State at = unit;
                LifAlpha::advance(p, at, k * 0.01 * p.tau_m);
                gain = std::max(gain, at.v - LifAlpha::v_inf(p));
            }
            run(p, LifAlpha{}, gain);
        } else {
            auto p = draw_lif_delta(rng);
            p.i_e = 0.0;
            p.t_ref = std::max(p.t_ref, 0.5);
            run(p, LifDelta{}, 1.0);
        }
    }
    INFO(tally.summary());
    CHECK(tally.errors.empty());
    CHECK(tally.spikes >= 48);
    WARN(tally.summary());
}
