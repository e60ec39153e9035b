// The regimes of Brunel's E/I network: the population spectrum against closed forms, the
// classifier on synthetic trains whose regime is known by construction, and the network at
// reduced size against the regimes Brunel (2000, Fig. 8) gives its four example points.
#include "analysis/activity_regime.hpp"
#include "experiments/brunel.hpp"
#include "experiments/brunel_output.hpp"
#include "helpers.hpp"
#include "sim/errors.hpp"
#include "sim/random.hpp"

#include <catch2/catch.hpp>
#include <tbb/global_control.h>

#include <cmath>
#include <numbers>

using namespace spikesim;

namespace {

// n independent Poisson trains of rate `rate(t)` (Hz, at most `peak_hz`) over [0, t1) ms,
// by thinning.
template <class Rate>
std::vector<SpikeTrain> inhomogeneous_poisson(std::size_t n, Rate rate, double peak_hz, double t1,
                                              std::uint64_t seed) {
    std::vector<SpikeTrain> trains(n);
    const double mean_interval = 1000.0 / peak_hz; // ms
    for (std::size_t i = 0; i < n; ++i) {
        RandomStream r(seed, 7, i);
        for (double t = r.exponential(mean_interval); t < t1; t += r.exponential(mean_interval))
            if (r.uniform() * peak_hz < rate(t)) trains[i].push_back(t);
    }
    return trains;
}

// Rate nu (1 + m sin(2 pi f t)).
std::vector<SpikeTrain> modulated_poisson(std::size_t n, double nu_hz, double m, double f_hz,
                                          double t1, std::uint64_t seed) {
    const auto rate = [=](double t) {
        return nu_hz * (1 + m * std::sin(2 * std::numbers::pi * f_hz * t / 1000));
    };
    return inhomogeneous_poisson(n, rate, nu_hz * (1 + m), t1, seed);
}

// Mean rate nu, all of it in Gaussian bursts of width sigma ms every `period` ms.
std::vector<SpikeTrain> bursts(std::size_t n, double nu_hz, double period, double sigma, double t1,
                               std::uint64_t seed) {
    const double height = nu_hz * period / (sigma * std::sqrt(2 * std::numbers::pi));
    const auto rate = [=](double t) {
        const double phase = std::remainder(t, period); // distance to the nearest burst
        return height * std::exp(-phase * phase / (2 * sigma * sigma));
    };
    return inhomogeneous_poisson(n, rate, height, t1, seed);
}

// n clocks of period T ms, each with a phase uniform in [0, spread) and each spike jittered
// by up to 0.2 ms.
std::vector<SpikeTrain> clocks(std::size_t n, double period, double spread, double t1) {
    std::vector<SpikeTrain> trains(n);
    for (std::size_t i = 0; i < n; ++i) {
        RandomStream r(3, 9, i);
        const double phase = r.uniform(0, spread);
        for (double t = phase; t < t1; t += period)
            trains[i].push_back(t + r.uniform(0, 0.2));
    }
    return trains;
}

} // namespace

TEST_CASE("population spectrum: Parseval, a sine at its frequency, Poisson noise at its floor",
          "[brunel][spectrum]") {
    // A sine of amplitude a: all its power (a^2 / 2) within a step of its frequency.
    const double bin = 0.5, f = 125.0, a = 30.0;
    std::vector<double> rate(4096);
    for (std::size_t k = 0; k < rate.size(); ++k)
        rate[k] = 50 + a * std::sin(2 * std::numbers::pi * f * double(k) * bin / 1000);
    const PowerSpectrum s = population_spectrum(rate, bin, 1000);
    const double df = s.resolution_hz();
    REQUIRE(df == Approx(1000.0 / (256 * bin)));
    double total = 0, near = 0;
    for (std::size_t k = 0; k < s.power.size(); ++k) {
        total += s.power[k] * df;
        if (std::abs(s.frequency_hz[k] - f) <= 1.5 * df) near += s.power[k] * df;
    }
    REQUIRE(total == Approx(a * a / 2).epsilon(0.02));
    REQUIRE(near / total > 0.99);
    REQUIRE(s.poisson_floor == Approx(2 * 50.0 / 1000));

    // 500 independent Poisson trains: the spectrum is flat at 2 nu / N.
    const auto trains = modulated_poisson(500, 40.0, 0.0, 0.0, 4000, 11);
    const TimeWindow w{0, 4000};
    const auto pop = population_rate_hz(trains, w, bin);
    const PowerSpectrum noise = population_spectrum(pop, bin, trains.size());
    double mean = 0;
    std::size_t counted = 0;
    for (std::size_t k = 0; k < noise.power.size(); ++k)
        if (noise.frequency_hz[k] >= 4) {
            mean += noise.power[k];
            ++counted;
        }
    REQUIRE(mean / double(counted) == Approx(noise.poisson_floor).epsilon(0.05));
    REQUIRE_THROWS_AS(population_spectrum(std::vector<double>(3, 1.0), bin, 10),
                      std::invalid_argument);
}

TEST_CASE("regime classifier: synthetic trains of known regime", "[brunel][regime]") {
    const TimeWindow w{0, 2000};
    SECTION("independent Poisson trains: asynchronous irregular") {
        const auto f = regime_features(modulated_poisson(1000, 40, 0, 0, 2000, 1), w);
        CHECK(f.mean_cv == Approx(1).epsilon(0.1));
        CHECK(f.slow_modulation < 0.3);
        REQUIRE(classify(f) == ActivityRegime::asynchronous_irregular);
        // 20 neurons at 5 Hz: the finite-size floor is high, and not an oscillation.
        const auto few = regime_features(modulated_poisson(20, 5, 0, 0, 2000, 5), w);
        CHECK(few.slow_modulation < 0.6);
        REQUIRE(classify(few) == ActivityRegime::asynchronous_irregular);
    }
    SECTION("irregular neurons, population rate oscillating at 180 Hz: SI fast") {
        const auto f = regime_features(modulated_poisson(1000, 60, 0.8, 180, 2000, 2), w);
        CHECK(f.peak_hz == Approx(180).margin(8));
        CHECK(f.peak_concentration > 0.6);
        REQUIRE(classify(f) == ActivityRegime::synchronous_irregular_fast);
    }
    SECTION("a sine at 20 Hz: slow modulation m / sqrt(2), below the threshold of SI slow") {
        const auto f = regime_features(modulated_poisson(1000, 6, 0.9, 20, 2000, 3), w);
        CHECK(f.slow_modulation == Approx(0.9 / std::sqrt(2)).epsilon(0.1));
        REQUIRE(classify(f) == ActivityRegime::asynchronous_irregular);
    }
    SECTION("irregular neurons at 6 Hz firing in bursts every 40 ms: SI slow") {
        const auto f = regime_features(bursts(1000, 6, 40, 4, 2000, 4), w);
        CHECK(f.peak_hz == Approx(25).margin(8));
        CHECK(f.mean_cv > 0.5);
        REQUIRE(classify(f) == ActivityRegime::synchronous_irregular_slow);
    }
    SECTION("clocks in phase: synchronous regular; out of phase: asynchronous regular") {
        const auto sr = regime_features(clocks(500, 4.0, 0.5, 2000), w);
        CHECK(sr.mean_cv < 0.1);
        REQUIRE(classify(sr) == ActivityRegime::synchronous_regular);
        const auto ar = regime_features(clocks(500, 4.0, 4.0, 2000), w);
        CHECK(ar.mean_cv < 0.1);
        REQUIRE(classify(ar) == ActivityRegime::asynchronous_regular);
    }
    SECTION("silence: quiescent") {
        std::vector<SpikeTrain> silent(100);
        silent[3] = {10.0};
        REQUIRE(classify(regime_features(silent, w)) == ActivityRegime::quiescent);
    }
}

// The long reference run: every example point at N_E = 2000 (C_E = 1000, J = 0.1 mV as
// Brunel's), 600 ms each, about 15 s on 2 cores.
TEST_CASE("Brunel's example points fall in the regimes his Fig. 8 gives them (long reference "
          "run)",
          "[brunel][regime][slow]") {
    BrunelOptions o;
    o.params.n_exc = 2000;
    for (const BrunelExample& e : brunel_examples()) {
        BrunelParams p = o.params;
        p.g = e.g;
        p.eta = e.eta;
        const BrunelPoint point = run_brunel_point(p, o, false);
        INFO(e.name << ": rate " << point.features.rate_hz << " CV " << point.features.mean_cv
                    << " peak " << point.features.peak_hz << " conc "
                    << point.features.peak_concentration << " slow "
                    << point.features.slow_modulation);
        CHECK(point.regime == e.regime);
    }
}

TEST_CASE("brunel: the same spikes and features for 1 and 2 threads", "[brunel][determinism]") {
    BrunelOptions o;
    o.params.n_exc = 800;
    o.params.indegree = 200;
    o.params.g = 6;
    o.params.eta = 4;
    o.duration = 300;
    std::optional<BrunelPoint> first;
    for (int threads : {1, 2}) {
        tbb::global_control limit(tbb::global_control::max_allowed_parallelism, threads);
        BrunelPoint p = run_brunel_point(o.params, o, true);
        REQUIRE(p.raster->times.size() > 1000);
        if (!first) {
            first = std::move(p);
            continue;
        }
        REQUIRE(p.raster == first->raster);
        REQUIRE(p.population_rate_hz == first->population_rate_hz);
        REQUIRE(p.features.peak_concentration == first->features.peak_concentration);
        REQUIRE(p.features.mean_cv == first->features.mean_cv);
    }
}

TEST_CASE("brunel: bad options name the field, and the command its flag", "[brunel][bad-input]") {
    const auto field_of = [](auto change) {
        BrunelOptions o;
        change(o);
        try {
            o.validate();
        } catch (const InputError& e) {
            return e.key();
        }
        return std::string("(accepted)");
    };
    CHECK(field_of([](BrunelOptions& o) { o.params.n_exc = 3; }) == "n_exc");
    CHECK(field_of([](BrunelOptions& o) { o.params.indegree = 5000; }) == "indegree");
    CHECK(field_of([](BrunelOptions& o) { o.params.j = -0.1; }) == "j");
    CHECK(field_of([](BrunelOptions& o) { o.params.v_reset = 25; }) == "v_reset");
    CHECK(field_of([](BrunelOptions& o) { o.g = {3, -1}; }) == "g");
    CHECK(field_of([](BrunelOptions& o) { o.eta = {}; }) == "eta");
    CHECK(field_of([](BrunelOptions& o) { o.duration = 200; }) == "duration");
    CHECK(field_of([](BrunelOptions& o) { o.params.delay = 0; }) == "delay");
    CHECK(field_of([](BrunelOptions&) {}) == "(accepted)");

    test::TempDir dir;
    const std::string out = dir.file("b.h5");
    const std::pair<std::string, std::string> cases[] = {
        {"--g 3,-2", "command line: --g: expected finite numbers >= 0, got -2"},
        {"--duration 150", "--duration: expected at least transient + 128 ms (228)"},
        {"--indegree 9000", "--indegree: expected from 4 to n_exc (4000)"},
        {"--eta 2,x", "--eta"},
    };
    for (const auto& [args, message] : cases) {
        const auto r = test::run_spikesim("brunel " + args + " --out " + out);
        INFO(args << ": " << r.err);
        REQUIRE(r.status == 2);
        REQUIRE_THAT(r.err, Catch::Contains(message));
        REQUIRE(!std::filesystem::exists(out));
    }
}

TEST_CASE("brunel command: a small sweep writes its grid and examples", "[brunel][cli]") {
    test::TempDir dir;
    const std::string out = dir.file("b.h5");
    const auto r = test::run_spikesim("brunel --g 5,6 --eta 2 --n-exc 400 --indegree 100 "
                                      "--duration 300 --no-examples -q --out " +
                                      out);
    INFO(r.err);
    REQUIRE(r.status == 0);
    REQUIRE_THAT(r.out, Catch::Contains("regime (rate Hz) by g"));
    REQUIRE(std::filesystem::exists(out));
}
