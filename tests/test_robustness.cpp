// Unreliable synapses in the engine (sim/synaptic_noise.hpp), the perturbations of the
// conversion and their ANN counterparts (models/perturbation.hpp), and the robustness
// experiment's claims at reduced scale (experiments/robustness.hpp).
#include "experiments/kv_experiment.hpp"
#include "experiments/robustness.hpp"
#include "helpers.hpp"
#include "models/if_subtract.hpp"
#include "sim/errors.hpp"
#include "sim/simulation.hpp"
#include "sim/source_group.hpp"

#include <catch2/catch.hpp>
#include <tbb/global_control.h>

#include <cmath>
#include <numeric>

using namespace spikesim;

namespace {

constexpr double delay = 3.0;
constexpr std::uint32_t targets = 200;

// A source firing every 5 ms onto `targets` relays that spike once per input received
// (v jumps to the threshold, fires, is reset to 0): their spikes are the arrivals. With
// `serial`, a separate pair joined by a zero delay makes the engine use its serial loop.
Network relay_network(const SynapticNoise& noise, bool serial) {
    Network net(7);
    std::vector<std::vector<double>> times(1);
    for (double t = 1.0; t < 500.0; t += 5.0)
        times[0].push_back(t);
    const auto src =
        net.add("src", std::make_unique<SpikeGeneratorGroup>(times, "src"), Dale::excitatory);
    const auto relay = net.add_neurons<IfSubtract>("relay", targets, {1.0, 0.0}, Dale::mixed);
    const std::uint32_t j = net.connect(src, relay, AllToAll{}, {1.0, delay});
    net.set_synaptic_noise(j, noise);
    if (serial) {
        const auto a =
            net.add("a", std::make_unique<SpikeGeneratorGroup>(times, "a"), Dale::excitatory);
        const auto b = net.add_neurons<IfSubtract>("b", 1, {1.0, 0.0}, Dale::mixed);
        net.connect(a, b, AllToAll{}, {1.0, 0.0});
    }
    return net;
}

struct Relayed {
    std::vector<double> times;
    std::vector<std::uint64_t> ids;
    std::uint64_t events = 0;
};

Relayed relay(const SynapticNoise& noise, bool serial = false) {
    Network net = relay_network(noise, serial);
    Simulation sim(net);
    auto& out = sim.record_spikes(*net.find("relay"));
    sim.run(520.0);
    Relayed r{out.times(), out.node_ids(), sim.statistics().synaptic_events};
    if (serial) r.events -= 100; // the zero-delay pair's
    return r;
}

} // namespace

TEST_CASE("synaptic failure drops each delivery with its probability, and counts no event",
          "[robustness][engine]") {
    const Relayed all = relay({});
    REQUIRE(all.times.size() == 100 * targets);
    for (double p : {0.1, 0.5}) {
        const Relayed r = relay({p, 0.0});
        const double n = 100.0 * targets, kept = double(r.times.size());
        INFO("p " << p << ": kept " << kept);
        // Binomial: within 4 standard deviations of n (1 - p).
        REQUIRE(std::abs(kept - n * (1 - p)) <= 4 * std::sqrt(n * p * (1 - p)));
        REQUIRE(r.events == r.times.size());
    }
}

TEST_CASE("jitter: Gaussian arrival errors of the given sd, within 4 sd, the same in every "
          "loop and for every thread count",
          "[robustness][engine][determinism]") {
    const double sd = 0.5;
    const Relayed r = relay({0.0, sd});
    REQUIRE(r.times.size() == 100 * targets);
    double sum = 0, sum2 = 0, largest = 0;
    for (double t : r.times) {
        // The spike sent at the multiple of 5 ms (+1) nearest t - delay.
        const double sent = 1.0 + 5.0 * std::round((t - delay - 1.0) / 5.0);
        const double e = t - sent - delay;
        sum += e;
        sum2 += e * e;
        largest = std::max(largest, std::abs(e));
    }
    const double n = double(r.times.size());
    const double mean = sum / n, sd_seen = std::sqrt(sum2 / n - mean * mean);
    CHECK(std::abs(mean) < 4 * sd / std::sqrt(n));
    CHECK(sd_seen == Approx(sd).epsilon(0.03));
    CHECK(largest <= 4 * sd);
    CHECK(largest > 3 * sd); // the tails are there

    const Relayed serial = relay({0.0, sd}, true);
    REQUIRE(serial.times == r.times);
    REQUIRE(serial.ids == r.ids);
    tbb::global_control two(tbb::global_control::max_allowed_parallelism, 2);
    const Relayed threads = relay({0.0, sd});
    REQUIRE(threads.times == r.times);
    REQUIRE(threads.ids == r.ids);
}

TEST_CASE("synaptic noise refuses a failure of 1 and a jitter that could arrive before its spike",
          "[robustness][engine][bad-input]") {
    const auto key_of = [](SynapticNoise noise) {
        try {
            relay_network(noise, false);
        } catch (const InputError& e) {
            return e.key();
        }
        return std::string("(accepted)");
    };
    CHECK(key_of({1.0, 0.0}) == "failure");
    CHECK(key_of({-0.1, 0.0}) == "failure");
    CHECK(key_of({0.0, delay / 4}) == "jitter");
    CHECK(key_of({0.0, -1.0}) == "jitter");
    CHECK(key_of({0.0, delay / 4 * 0.99}) == "(accepted)");
}

TEST_CASE("weights on a k-bit grid: 2^(k-1) - 1 steps each side, the largest kept, error at "
          "most half a step",
          "[robustness][quantise]") {
    Eigen::MatrixXd w = Eigen::MatrixXd::Random(20, 30);
    w(3, 4) = -1.7;
    for (int bits : {2, 3, 4, 8}) {
        const Eigen::MatrixXd q = quantise_weights(w, bits);
        const double step = 1.7 / double((1 << (bits - 1)) - 1);
        REQUIRE(q(3, 4) == Approx(-1.7));
        REQUIRE((q - w).cwiseAbs().maxCoeff() <= step / 2 + 1e-12);
        const Eigen::ArrayXXd levels = (q / step).array();
        REQUIRE((levels - levels.round()).abs().maxCoeff() < 1e-9);
        REQUIRE(levels.abs().maxCoeff() <= double((1 << (bits - 1)) - 1) + 1e-9);
    }
}

TEST_CASE("the ANN's counterparts: none is the plain network, failure drops connections",
          "[robustness][ann]") {
    DenseNetwork net({4, 6, 3}, Activation::relu, 2);
    const Eigen::MatrixXd x = Eigen::MatrixXd::Random(5, 4).cwiseAbs();
    const std::vector<double> scales{1, 1, 1};
    REQUIRE(perturbed_logits(net, scales, x, {}, TtfsTiming{}, 1) == net.logits(x));
    Perturbation bits;
    bits.weight_bits = 3;
    REQUIRE(perturbed_logits(net, scales, x, bits, TtfsTiming{}, 1) == quantised(net, 3).logits(x));
    Perturbation drop;
    drop.failure = 0.5;
    const Eigen::MatrixXd a = perturbed_logits(net, scales, x, drop, TtfsTiming{}, 1);
    REQUIRE(a == perturbed_logits(net, scales, x, drop, TtfsTiming{}, 1)); // seeded
    REQUIRE(a != net.logits(x));
    drop.failure = 0.999999; // everything dropped: the biases alone
    const Eigen::MatrixXd biases = perturbed_logits(net, scales, x, drop, TtfsTiming{}, 1);
    DenseNetwork silent = net;
    for (auto& l : silent.layers())
        l.w.setZero();
    REQUIRE(biases.isApprox(silent.logits(x)));
}

// The mechanisms: a rate unit's value is a count over many spikes, so losing or shifting
// some of them averages out; a ttfs unit's value is one spike's time, so shifting it by d
// is an error of d / T, and losing it loses the value. Membrane noise moves a count by
// sigma sqrt(D) spikes over D ms, but a ttfs value by sigma sqrt(P_l + T) thresholds.
// Both codes share the weights.
TEST_CASE("robustness at reduced scale: rate keeps its accuracy under jitter, failure and "
          "membrane noise, ttfs degrades as the matching ANN does, 2-bit weights break all three",
          "[robustness][claims]") {
    CodingOptions coding;
    coding.samples = 100;
    const CodingSetup setup = prepare_coding(coding);
    RobustnessOptions o;
    o.jitter_ms = {0, 2};
    o.failure = {0, 0.5};
    o.weight_bits = {0, 3, 2};
    o.membrane_sigma = {0, 0.1};
    o.rate_windows = {200};
    const RobustnessResult r = run_robustness(setup, coding, o);
    REQUIRE(r.curves.size() == 4);
    for (const auto& c : r.curves) {
        INFO(to_string(c.kind) << ": ann " << c.ann.back() << " rate " << c.rate[0].back()
                               << " ttfs " << c.ttfs.back());
        const double clean = c.ttfs.front();
        if (c.kind == PerturbationKind::weight_bits) {
            CHECK(c.ttfs[1] >= clean - 0.03); // 3 bits suffice
            CHECK(c.rate[0][1] >= c.rate[0][0] - 0.03);
            CHECK(c.ttfs.back() < 0.5); // 2 bits do not, in any mode
            CHECK(c.rate[0].back() < 0.5);
            CHECK(c.ann.back() < 0.5);
            continue;
        }
        CHECK(c.rate[0].back() >= c.rate[0].front() - 0.03);
        CHECK(c.ttfs.back() <= clean - 0.15);
        if (c.kind == PerturbationKind::membrane) {
            // The ANN's Gaussian pre-activation noise is matched in variance, not in the
            // first-spike race of the output layer: it loses more (docs/robustness.md).
            CHECK(c.ann.back() <= c.ttfs.back());
            continue;
        }
        CHECK(std::abs(c.ttfs.back() - c.ann.back()) <= 0.12);
    }
}

TEST_CASE("coding --perturb: bad kinds and strengths name their flag",
          "[robustness][cli][bad-input]") {
    test::TempDir dir;
    const std::string out = " --samples 5 --out " + dir.file("r.h5");
    const std::pair<std::string, std::string> cases[] = {
        {"--perturb noise",
         "--perturb: expected jitter, failure, bits, membrane or all, got \"noise\""},
        {"--perturb membrane --membrane-sigma 0,-0.1",
         "--membrane-sigma: expected a finite number >= 0"},
        {"--perturb failure --failure 0,1", "--failure: expected a probability in [0, 1), got 1"},
        {"--perturb bits --weight-bits 8,1",
         "--weight-bits: expected 0 (full precision) or 2 to 16"},
        {"--perturb bits --weight-bits 2.5", "--weight-bits: expected whole numbers of bits"},
        {"--perturb jitter --jitter-ms -1", "--jitter-ms: expected a finite number >= 0"},
        {"--perturb all --rate-windows 0", "--rate-windows: expected windows > 0"},
    };
    for (const auto& [args, message] : cases) {
        const auto r = test::run_spikesim("coding " + args + out);
        INFO(args << ": " << r.err);
        REQUIRE(r.status == 2);
        REQUIRE_THAT(r.err, Catch::Contains(message));
        REQUIRE(!std::filesystem::exists(dir.file("r.h5")));
    }
}

TEST_CASE("kv robustness at reduced scale: rate keeps its recall under jitter, failure and "
          "membrane noise, ttfs loses it, 2-bit weights break all three",
          "[robustness][claims][kv]") {
    KvExperimentOptions kv;
    kv.kv.queries = 40;
    RobustnessOptions o;
    o.jitter_ms = {0, 2};
    o.failure = {0, 0.5};
    o.weight_bits = {0, 2};
    o.membrane_sigma = {0, 0.1};
    o.rate_windows = {100};
    const RobustnessResult r = run_kv_robustness(kv, o);
    REQUIRE(r.curves.size() == 4);
    REQUIRE(r.measure == "recall");
    for (const auto& c : r.curves) {
        INFO(to_string(c.kind) << ": recall ann " << c.ann.back() << " rate " << c.rate[0].back()
                               << " ttfs " << c.ttfs.back() << "; cosine ann "
                               << c.ann_cosine.back() << " rate " << c.rate_cosine[0].back()
                               << " ttfs " << c.ttfs_cosine.back());
        REQUIRE(c.ann_cosine.front() == Approx(1.0)); // unperturbed: the ANN itself
        if (c.kind == PerturbationKind::weight_bits) {
            CHECK(c.ann.back() < 0.6);
            CHECK(c.rate[0].back() < 0.6);
            CHECK(c.ttfs.back() < 0.6);
            continue;
        }
        CHECK(c.rate[0].back() >= c.rate[0].front() - 0.05);
        CHECK(c.ttfs.back() <= c.ttfs.front() - 0.2);
        CHECK(c.rate_cosine[0].back() > c.ttfs_cosine.back());
        if (c.kind == PerturbationKind::membrane) // the counterpart tracks ttfs's values
            CHECK(std::abs(c.ann_cosine.back() - c.ttfs_cosine.back()) <= 0.1);
    }
}
