// ANN-to-SNN conversion: encoders, the E/I split, the TTFS mapping, SynOps, and the
// comparison's claims at reduced scale.
#include "experiments/coding.hpp"
#include "helpers.hpp"
#include "io/digits_file.hpp"
#include "io/weights_file.hpp"
#include "models/encoders.hpp"
#include "sim/simulation.hpp"

#include <catch2/catch.hpp>
#include <tbb/global_control.h>

#include <cmath>
#include <filesystem>

using namespace spikesim;

namespace {

// A 3-2-2 ReLU network with hand-set weights.
DenseNetwork hand_network() {
    DenseNetwork net({3, 2, 2}, Activation::relu, 1);
    net.layers()[0].w << 0.5, 0.25, 0.0, -0.5, 0.75, 0.5;
    net.layers()[0].b << 0.1, -0.05;
    net.layers()[1].w << 1.0, -0.5, 0.25, 0.5;
    net.layers()[1].b << 0.0, 0.05;
    return net;
}

struct Trained {
    DenseNetwork ann;
    Split split;
    LabelledData test; // the first 60 test samples
};

const Trained& trained() {
    static const Trained t = [] {
        Trained r{DenseNetwork({64, 32, 10}, Activation::relu, 2),
                  stratified_split(load_digits(default_digits_path()), 0.2, 1),
                  {}};
        TrainOptions o;
        o.epochs = 40;
        train(r.ann, r.split.train, o);
        r.test = r.split.test;
        r.test.x = r.split.test.x.topRows(60).eval();
        r.test.y.resize(60);
        return r;
    }();
    return t;
}

ModeResult run_mode(CodingMode mode, bool dale, double duration = 60.0) {
    const auto& t = trained();
    CodingRun run;
    run.conversion.mode = mode;
    run.conversion.dale = dale;
    run.conversion.duration = duration;
    run.times = mode == CodingMode::rate ? std::vector<double>{10, 20, 40, duration}
                                         : std::vector<double>{5, 15};
    const auto scales = activation_scales(t.ann, t.split.train.x, run.conversion.normalisation);
    return evaluate_spiking(t.ann, scales, t.test, run, t.ann.predict(t.test.x));
}

} // namespace

TEST_CASE("encoders: regular, latency and Poisson trains follow their formulas",
          "[coding][encoders]") {
    REQUIRE(regular_train(0.5, 1.0, 9.0) ==
            std::vector<double>{2.0, 4.0, 6.0, 8.0}); // t_k = k / (x r)
    REQUIRE(regular_train(0.0, 1.0, 9.0).empty());
    REQUIRE(latency_spike(0.25, 8.0) == std::vector<double>{6.0}); // T (1 - x)
    REQUIRE(latency_spike(1.5, 8.0) == std::vector<double>{0.0});  // clipped at x = 1
    REQUIRE(latency_spike(0.0, 8.0).empty());
    // Poisson: 400 trains of rate 0.2/ms over 100 ms, mean count 20, standard error 0.22.
    double total = 0;
    for (std::uint64_t k = 0; k < 400; ++k)
        total += double(poisson_train(0.4, 0.5, 100.0, 9, k).size());
    REQUIRE(std::abs(total / 400 - 20.0) < 4 * std::sqrt(20.0 / 400));
    REQUIRE(poisson_train(0.4, 0.5, 100.0, 9, 3) == poisson_train(0.4, 0.5, 100.0, 9, 3));
}

TEST_CASE("the E/I split is exact in ann mode", "[coding][dale]") {
    const auto& t = trained();
    const auto [wp, wm] = split_signs(t.ann.layers()[0].w);
    REQUIRE((wp - wm - t.ann.layers()[0].w).cwiseAbs().maxCoeff() == 0.0);
    REQUIRE((wp.array() * wm.array()).cwiseAbs().maxCoeff() == 0.0); // disjoint supports
    REQUIRE(wp.minCoeff() >= 0.0);
    REQUIRE(wm.minCoeff() >= 0.0);
    const Eigen::MatrixXd a = t.ann.logits(t.split.test.x),
                          b = logits_dale_split(t.ann, t.split.test.x);
    REQUIRE((a - b).cwiseAbs().maxCoeff() < 1e-12);
    REQUIRE(evaluate_ann(t.ann, t.split.test, true).accuracy ==
            evaluate_ann(t.ann, t.split.test, false).accuracy);
}

TEST_CASE("ttfs: hidden spike times are T (1 - relu(z)) after the phase start, exactly",
          "[coding][ttfs]") {
    const DenseNetwork net = hand_network();
    ConversionOptions o;
    o.mode = CodingMode::ttfs;
    o.phase = 8.0;
    o.delay = 0.5;
    const Converter converter(net, {1.0, 1.0, 1.0}, o); // scales 1: activations as they are
    Eigen::VectorXd x(3);
    x << 0.8, 0.4, 0.6;
    SpikingNetwork s = converter.build(x, 0);
    Simulation sim(s.network);
    auto& hidden = sim.record_spikes(*s.network.find("hidden1"));
    auto& v = sim.record_membrane(*s.network.find("hidden1"), {0, 1}, 0.5);
    sim.run(s.duration);
    const Eigen::VectorXd z = net.layers()[0].w * x + net.layers()[0].b; // (0.6, 0.15)
    const double p1 = o.phase + o.delay;
    // At the end of the input phase the potential is the pre-activation z (linear PSPs);
    // then it ramps at 1/T until it reaches 1.
    REQUIRE(v.value(17, 0) == Approx(z[0]).margin(1e-6)); // t = P_1 = 8.5 ms
    REQUIRE(v.value(17, 1) == Approx(z[1]).margin(1e-6));
    REQUIRE(v.value(21, 0) == Approx(z[0] + 2.0 / o.phase).margin(1e-6)); // t = P_1 + 2 ms
    std::vector<double> expected;
    for (int i = 0; i < 2; ++i)
        if (z[i] > 0) expected.push_back(p1 + o.phase * (1 - std::min(z[i], 1.0)));
    std::sort(expected.begin(), expected.end());
    REQUIRE(hidden.times().size() == expected.size());
    for (std::size_t k = 0; k < expected.size(); ++k)
        REQUIRE(std::abs(hidden.times()[k] - expected[k]) < 1e-9);
    // A unit with z <= 0 stays silent: make the second unit negative.
    x << 0.0, 0.0, 0.0; // z = (0.1, -0.05)
    SpikingNetwork s2 = converter.build(x, 1);
    Simulation sim2(s2.network);
    auto& h2 = sim2.record_spikes(*s2.network.find("hidden1"));
    sim2.run(s2.duration);
    REQUIRE(h2.node_ids() == std::vector<std::uint64_t>{0});
    REQUIRE(std::abs(h2.times()[0] - (p1 + o.phase * 0.9)) < 1e-9);
}

TEST_CASE("SynOps: the engine's count equals spikes x fan-out on a hand-built network",
          "[coding][synops]") {
    const DenseNetwork net =
        hand_network(); // W1 has one zero: input 2 reaches one hidden unit only
    ConversionOptions o;
    o.mode = CodingMode::rate;
    o.encoding = RateEncoding::regular;
    o.duration = 20.0;
    const Converter converter(net, {1.0, 1.0, 1.0}, o);
    Eigen::VectorXd x(3);
    x << 1.0, 0.5, 0.25;
    SpikingNetwork s = converter.build(x, 0);
    Simulation sim(s.network);
    auto& in = sim.record_spikes(*s.network.find("input"));
    auto& hidden = sim.record_spikes(*s.network.find("hidden1"));
    sim.run(s.duration);
    // Regular trains: rates 1, 0.5, 0.25 per ms over 20 ms: 19, 9 and 4 spikes.
    std::vector<int> in_count(3), hid_count(2);
    for (auto id : in.node_ids())
        ++in_count[id];
    for (auto id : hidden.node_ids())
        ++hid_count[id];
    REQUIRE(in_count == std::vector<int>{19, 9, 4});
    const std::uint64_t fanout_in[3] = {2, 2, 1}, fanout_hidden[2] = {2, 2};
    std::uint64_t expected = 0;
    for (int i = 0; i < 3; ++i)
        expected += std::uint64_t(in_count[std::size_t(i)]) * fanout_in[i];
    for (int j = 0; j < 2; ++j)
        expected += std::uint64_t(hid_count[std::size_t(j)]) * fanout_hidden[j];
    REQUIRE(hid_count[0] > 0);
    REQUIRE(sim.statistics().synaptic_events == expected);
}

TEST_CASE("coding at reduced scale: rate near the ANN, ttfs exact with far fewer SynOps, Dale "
          "changes nothing",
          "[coding][claims]") {
    const auto& t = trained();
    const double ann = evaluate_ann(t.ann, t.test, false).accuracy;
    const ModeResult rate = run_mode(CodingMode::rate, false),
                     rate_dale = run_mode(CodingMode::rate, true);
    const ModeResult ttfs = run_mode(CodingMode::ttfs, false),
                     ttfs_dale = run_mode(CodingMode::ttfs, true);
    INFO("ann " << ann << " rate " << rate.accuracy << " ttfs " << ttfs.accuracy << " synops rate "
                << rate.synops_per_sample << " ttfs " << ttfs.synops_per_sample);
    // 60 samples: one sample is 1.7 points. Rate coding with 60 ms of Poisson input.
    REQUIRE(rate.accuracy >= ann - 0.05);
    REQUIRE(rate.agreement_with_ann >= 0.9);
    // Accuracy grows with time: the first 10 ms are worse than the whole window.
    REQUIRE(rate.accuracy_at.front() < rate.accuracy_at.back());
    // TTFS computes the clipped ReLU network exactly.
    REQUIRE(ttfs.agreement_with_ann >= 58.0 / 60);
    REQUIRE(std::abs(ttfs.accuracy - ann) <= 0.02);
    REQUIRE(ttfs.spikes_per_neuron <= 1.0);
    // At least 5x fewer synaptic operations than rate coding reaching its accuracy.
    std::size_t k = 0;
    while (k + 1 < rate.accuracy_at.size() && rate.accuracy_at[k] < ttfs.accuracy - 0.02)
        ++k;
    REQUIRE(ttfs.synops_per_sample * 5 <= rate.synops_at[k]);
    // Dale-compliant copies are exact copies: the same decisions.
    REQUIRE(std::abs(rate_dale.accuracy - rate.accuracy) <= 0.005);
    REQUIRE(std::abs(ttfs_dale.accuracy - ttfs.accuracy) <= 0.005);
    REQUIRE(rate_dale.neurons > rate.neurons);
}

TEST_CASE("coding: results do not depend on the thread count", "[coding][determinism]") {
    auto with = [](int threads) {
        tbb::global_control limit(tbb::global_control::max_allowed_parallelism, threads);
        return run_mode(CodingMode::rate, true, 30.0);
    };
    const ModeResult one = with(1), two = with(2);
    REQUIRE(one.accuracy_at == two.accuracy_at);
    REQUIRE(one.synops_at == two.synops_at);
    REQUIRE(one.rasters == two.rasters);
}

TEST_CASE("coding: bad options exit with status 2 and write nothing", "[coding][cli][bad-input]") {
    test::TempDir dir;
    const std::string out = " --out " + dir.file("c.h5");
    for (std::string args :
         std::vector<std::string>{"--duration -1", "--duration nan", "--samples -3", "--hidden 0",
                                  "--phase 0", "--max-rate -2", "--mode spiking", "--dale maybe",
                                  "--encoding morse", "--weights " + dir.file("absent.h5")}) {
        const auto r = test::run_spikesim("coding " + args + out);
        INFO(args << ": " << r.err);
        REQUIRE(r.status == 2);
        REQUIRE_THAT(r.err, Catch::Contains(args.substr(0, args.find(' '))) ||
                                Catch::Contains("absent.h5"));
    }
    REQUIRE(std::filesystem::is_empty(dir.path()));
}

TEST_CASE("coding: the command writes results and reloadable weights", "[coding][cli]") {
    test::TempDir dir;
    auto r = test::run_spikesim("coding --samples 20 --epochs 5 --duration 20 --out " +
                                dir.file("c.h5"));
    INFO(r.err);
    REQUIRE(r.status == 0);
    REQUIRE_THAT(r.out, Catch::Contains("ttfs_dale") && Catch::Contains("4.6 pJ per MAC"));
    REQUIRE(std::filesystem::exists(dir.file("c_weights.h5")));
    r = test::run_spikesim("coding --samples 20 --mode ttfs --dale off --weights " +
                           dir.file("c_weights.h5") + " --out " + dir.file("d.h5"));
    REQUIRE(r.status == 0);
    REQUIRE_THAT(r.out, Catch::Contains("loaded"));
}

TEST_CASE("coding: a weights file that does not fit is refused, naming the file and layer",
          "[coding][cli][bad-input]") {
    // Before: 63 inputs ran --mode ann to exit 0 with nonsense accuracy, a sigmoid network ran
    // while the banner said ReLU, and --hidden was silently ignored.
    test::TempDir dir;
    const std::string out = " --samples 5 --out " + dir.file("c.h5");
    save_weights(DenseNetwork({63, 8, 10}, Activation::relu, 1), dir.file("w63.h5"));
    auto r = test::run_spikesim("coding --mode ann --weights " + dir.file("w63.h5") + out);
    INFO(r.err);
    REQUIRE(r.status == 2);
    REQUIRE_THAT(r.err, Catch::Contains("w63.h5") && Catch::Contains("layer_0") &&
                            Catch::Contains("64 inputs") && Catch::Contains("63 inputs"));
    save_weights(DenseNetwork({64, 8, 9}, Activation::relu, 1), dir.file("w9.h5"));
    r = test::run_spikesim("coding --weights " + dir.file("w9.h5") + out);
    REQUIRE(r.status == 2);
    REQUIRE_THAT(r.err, Catch::Contains("10 outputs"));
    save_weights(DenseNetwork({64, 8, 10}, Activation::sigmoid, 1), dir.file("sig.h5"));
    r = test::run_spikesim("coding --weights " + dir.file("sig.h5") + out);
    REQUIRE(r.status == 2);
    REQUIRE_THAT(r.err, Catch::Contains("sig.h5") && Catch::Contains("relu") &&
                            Catch::Contains("sigmoid"));
    r = test::run_spikesim("coding --hidden 32 --weights " + dir.file("sig.h5") + out);
    REQUIRE(r.status == 2);
    REQUIRE_THAT(r.err, Catch::Contains("--hidden") && Catch::Contains("--weights"));
    REQUIRE(!std::filesystem::exists(dir.file("c.h5")));
    // The ANN itself runs any activation, and the banner says which.
    r = test::run_spikesim("coding --mode ann --weights " + dir.file("sig.h5") + out);
    REQUIRE(r.status == 0);
    REQUIRE_THAT(r.out, Catch::Contains("(sigmoid), loaded"));
}
