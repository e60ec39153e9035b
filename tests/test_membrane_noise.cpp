// Membrane noise (sim/membrane_noise.hpp): Stein's shot noise against the closed forms of
// white noise: free diffusion (variance sigma^2 t), the leaky membrane's variance
// sigma^2 tau / 2 (1 - e^{-2t/tau}), and the first passage of a drifting integrator, whose
// law is the inverse Gaussian (mean theta/mu, variance theta sigma^2 / mu^3); Wald's
// identity bounds the shot noise's mean passage time exactly, between theta/mu and
// (theta + a)/mu, a the kick. The same values in both loops and for any thread count.
#include "config/network_config.hpp"
#include "helpers.hpp"
#include "models/if_subtract.hpp"
#include "models/lif_delta.hpp"
#include "models/lif_exp.hpp"
#include "models/ttfs_neuron.hpp"
#include "sim/errors.hpp"
#include "sim/simulation.hpp"
#include "sim/source_group.hpp"

#include <catch2/catch.hpp>
#include <tbb/global_control.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

using namespace spikesim;

namespace {

constexpr double inf = std::numeric_limits<double>::infinity();

// With `serial`, a separate pair joined by a zero delay makes the engine use its serial loop.
void force_serial_loop(Network& net) {
    std::vector<std::vector<double>> times{{1.0, 7.0}};
    const auto a =
        net.add("a", std::make_unique<SpikeGeneratorGroup>(times, "a"), Dale::excitatory);
    const auto b = net.add_neurons<IfSubtract>("b", 1, {1.0, 0.0}, Dale::mixed);
    net.connect(a, b, AllToAll{}, {1.0, 0.0});
}

// Samples of the potential of every neuron of population "p" every `interval` ms until
// t_end: [row][neuron].
template <class M>
std::vector<std::vector<double>> potentials(std::uint32_t n, const typename M::Params& params,
                                            const MembraneNoise& noise, double interval,
                                            double t_end, bool serial = false) {
    Network net(11);
    const auto p = net.add_neurons<M>("p", n, params, Dale::mixed);
    net.add_membrane_noise(p, noise);
    if (serial) force_serial_loop(net);
    Simulation sim(net);
    std::vector<std::uint32_t> all(n);
    std::iota(all.begin(), all.end(), 0u);
    auto& m = sim.record_membrane(p, all, interval);
    sim.run(t_end);
    std::vector<std::vector<double>> out(m.rows(), std::vector<double>(n));
    for (std::uint64_t r = 0; r < m.rows(); ++r)
        for (std::uint32_t i = 0; i < n; ++i)
            out[r][i] = m.value(r, i);
    return out;
}

struct Moments {
    double mean, variance;
};
Moments moments(const std::vector<double>& x) {
    double sum = 0, sum2 = 0;
    for (double v : x)
        sum += v;
    const double mean = sum / double(x.size());
    for (double v : x)
        sum2 += (v - mean) * (v - mean);
    return {mean, sum2 / double(x.size() - 1)};
}

// The sample variance of n normal values has relative sd sqrt(2 / (n - 1)); four of them.
double variance_tolerance(std::size_t n) {
    return 4 * std::sqrt(2.0 / double(n - 1));
}

// The inverse Gaussian law of the first passage of mu t + sigma W through theta.
double inverse_gaussian_cdf(double t, double theta, double mu, double sigma) {
    const double m = theta / mu, shape = theta * theta / (sigma * sigma);
    const auto phi = [](double x) { return 0.5 * std::erfc(-x / std::sqrt(2.0)); };
    const double r = std::sqrt(shape / t);
    return phi(r * (t / m - 1)) + std::exp(2 * shape / m + std::log(phi(-r * (t / m + 1))));
}

} // namespace

TEST_CASE("membrane noise: a non-leaky potential diffuses with variance sigma^2 t, the same in "
          "both loops and for any thread count",
          "[membrane-noise][engine][determinism]") {
    const std::uint32_t n = 10000;
    const MembraneNoise noise{0.3, 20.0};
    const IfSubtract::Params never{inf, 0.0};
    const auto v = potentials<IfSubtract>(n, never, noise, 5.0, 20.5);
    REQUIRE(v.size() == 5); // 0, 5, 10, 15, 20 ms
    for (std::size_t r = 1; r < v.size(); ++r) {
        const double t = 5.0 * double(r), expected = noise.sigma * noise.sigma * t;
        const Moments m = moments(v[r]);
        INFO("t " << t << ": mean " << m.mean << ", variance " << m.variance << " against "
                  << expected);
        CHECK(std::abs(m.mean) < 4 * std::sqrt(expected / n));
        CHECK(m.variance == Approx(expected).epsilon(variance_tolerance(n)));
    }
    REQUIRE(potentials<IfSubtract>(n, never, noise, 5.0, 20.5, true) == v);
    tbb::global_control two(tbb::global_control::max_allowed_parallelism, 2);
    REQUIRE(potentials<IfSubtract>(n, never, noise, 5.0, 20.5) == v);
}

TEST_CASE("membrane noise: a leaky potential settles at variance sigma^2 tau / 2",
          "[membrane-noise][engine]") {
    const std::uint32_t n = 10000;
    const MembraneNoise noise{1.0, 20.0}; // mV per sqrt(ms)
    LifDelta::Params p;
    p.tau_m = 10.0;
    p.v_th = 0.0; // 65 mV above rest, 30 sd: never reached
    p.v_init = p.e_l;
    const auto v = potentials<LifDelta>(n, p, noise, 5.0, 50.5);
    for (std::size_t r : {1u, 2u, 10u}) {
        const double t = 5.0 * double(r);
        const double expected =
            noise.sigma * noise.sigma * p.tau_m / 2 * (1 - std::exp(-2 * t / p.tau_m));
        const Moments m = moments(v[r]);
        INFO("t " << t << ": mean " << m.mean << ", variance " << m.variance << " against "
                  << expected);
        CHECK(std::abs(m.mean - p.e_l) < 4 * std::sqrt(expected / n));
        CHECK(m.variance == Approx(expected).epsilon(variance_tolerance(n)));
    }
}

TEST_CASE("membrane noise: the first passage of a drifting integrator follows the inverse "
          "Gaussian law",
          "[membrane-noise][engine]") {
    const std::uint32_t n = 10000;
    const double theta = 1.0, mu = 0.2; // per ms
    const MembraneNoise noise{0.1, 200.0};
    Network net(5);
    const auto p = net.add_neurons<IfSubtract>("p", n, {theta, 0.0}, Dale::mixed, std::nullopt,
                                               std::vector<double>(n, mu));
    net.add_membrane_noise(p, noise);
    Simulation sim(net);
    auto& spikes = sim.record_spikes(p);
    sim.run(30.0); // P(T > 30 ms) ~ 1e-12
    std::vector<double> first(n, inf);
    for (std::size_t k = 0; k < spikes.times().size(); ++k) {
        double& f = first[spikes.node_ids()[k]];
        f = std::min(f, spikes.times()[k]);
    }
    REQUIRE(std::count(first.begin(), first.end(), inf) == 0);
    const Moments m = moments(first);
    const double sd = std::sqrt(theta * noise.sigma * noise.sigma / (mu * mu * mu));
    const double se = sd / std::sqrt(double(n)), a = noise.kick();
    INFO("mean " << m.mean << " sd " << std::sqrt(m.variance) << " against " << theta / mu
                 << " and " << sd);
    // Wald: E[V_T] = mu E[T], and V_T = theta plus an overshoot in [0, a).
    CHECK(m.mean > theta / mu - 4 * se);
    CHECK(m.mean < (theta + a) / mu + 4 * se);
    // The inverse Gaussian's excess kurtosis 15 m / shape widens the sample variance's spread.
    const double kurtosis = 15 * (theta / mu) / (theta * theta / (noise.sigma * noise.sigma));
    CHECK(m.variance == Approx(sd * sd).epsilon(4 * std::sqrt((2 + kurtosis) / double(n))));
    // Kolmogorov-Smirnov at 1 %, widened by the overshoot: a delay of at most a / mu moves
    // the law by at most that times its largest density (0.36 per ms).
    std::sort(first.begin(), first.end());
    double d = 0;
    for (std::size_t k = 0; k < n; ++k) {
        const double f = inverse_gaussian_cdf(first[k], theta, mu, noise.sigma);
        d = std::max({d, std::abs(f - double(k) / n), std::abs(f - double(k + 1) / n)});
    }
    INFO("KS distance " << d);
    CHECK(d < 1.63 / std::sqrt(double(n)) + 0.36 * a / mu);
}

TEST_CASE("membrane noise kicks a ttfs unit's potential, not its input current",
          "[membrane-noise][engine][ttfs]") {
    const std::uint32_t n = 10000;
    const MembraneNoise noise{0.05, 20.0};
    const TtfsNeuron::Params p{5.0, 10.0, inf, 0.0};
    const auto v = potentials<TtfsNeuron>(n, p, noise, 10.0, 10.5);
    const double expected = noise.sigma * noise.sigma * 10.0;
    const Moments m = moments(v[1]);
    INFO("variance at ramp_start " << m.variance << " against " << expected);
    CHECK(m.variance == Approx(expected).epsilon(variance_tolerance(n)));
    REQUIRE(potentials<TtfsNeuron>(n, p, noise, 10.0, 10.5, true) == v);
}

TEST_CASE("membrane noise: bad amplitudes and models without kicks are refused, naming the "
          "population and the key",
          "[membrane-noise][bad-input]") {
    const auto error_of = [](auto add) {
        Network net(1);
        try {
            add(net);
        } catch (const InputError& e) {
            return std::string(e.what());
        }
        return std::string("(accepted)");
    };
    const auto with = [&](MembraneNoise noise) {
        return error_of([&](Network& net) {
            net.add_membrane_noise(net.add_neurons<IfSubtract>("p", 3, {}, Dale::mixed), noise);
        });
    };
    CHECK_THAT(with({-1.0, 20.0}), Catch::Contains("membrane noise of population 'p'.sigma"));
    CHECK_THAT(with({std::nan(""), 20.0}), Catch::Contains(".sigma"));
    CHECK_THAT(with({0.1, 0.0}), Catch::Contains(".kick_rate"));
    CHECK_THAT(with({0.1, inf}), Catch::Contains(".kick_rate"));
    CHECK(with({0.1, 20.0}) == "(accepted)");
    CHECK(with({0.0, 20.0}) == "(accepted)");
    const std::string lif_exp = error_of([](Network& net) {
        net.add_membrane_noise(net.add_neurons<LifExp>("cuba", 3, {}, Dale::mixed), {0.1, 20.0});
    });
    CHECK_THAT(lif_exp, Catch::Contains("membrane noise of population 'cuba'"));
    CHECK_THAT(lif_exp, Catch::Contains("if_subtract, lif_delta, ttfs"));
    const std::string source = error_of([](Network& net) {
        std::vector<std::vector<double>> times{{1.0}};
        net.add_membrane_noise(
            net.add("s", std::make_unique<SpikeGeneratorGroup>(times, "s"), Dale::excitatory),
            {0.1, 20.0});
    });
    CHECK_THAT(source, Catch::Contains("population 's'"));
}

TEST_CASE("[[membrane_noise]] tables: the noise of the engine, bad keys named with file and line",
          "[membrane-noise][config][bad-input]") {
    const std::string head = R"(
[[population]]
name = "n"
model = "lif_delta"
size = 2000
v_th = 0.0
[[population]]
name = "c"
model = "lif_exp"
size = 2
[[membrane_noise]]
)";
    auto load = [&](const std::string& tail) { return load_config_text("m.toml", head + tail); };
    auto run = load("target = \"n\"\nsigma = 0.5\n");
    Simulation sim(run.network);
    sim.run(10.0);
    // 20 kicks per ms by default, over 2000 neurons and 10 ms.
    const double kicks = double(sim.statistics().drive_events);
    CHECK(std::abs(kicks - 4e5) < 4 * std::sqrt(4e5));
    CHECK_THROWS_WITH(load("target = \"n\"\nsigma = -0.5\n"),
                      Catch::Contains("m.toml:13: membrane_noise[0].sigma: expected a finite "
                                      "number >= 0"));
    CHECK_THROWS_WITH(load("target = \"n\"\nsigma = 0.5\nkick_rate = 0.0\n"),
                      Catch::Contains("m.toml:14: membrane_noise[0].kick_rate: expected kicks per "
                                      "ms"));
    CHECK_THROWS_WITH(load("target = \"c\"\nsigma = 0.5\n"),
                      Catch::Contains("m.toml:12: membrane_noise[0].target: expected a population "
                                      "of neurons whose model takes membrane noise"));
    CHECK_THROWS_WITH(load("target = \"n\"\n"), Catch::Contains("membrane_noise[0].sigma"));
    CHECK_THROWS_WITH(load("target = \"n\"\nsigma = 0.5\nsigmaa = 1\n"),
                      Catch::Contains("membrane_noise[0].sigmaa: expected a key this section "
                                      "knows"));
}
