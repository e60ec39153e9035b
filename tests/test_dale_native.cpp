// Dale's law during training (models/dense_network.hpp SignConstraint) and the Dale-native
// comparison (experiments/dale_native.hpp) at reduced scale.
#include "experiments/dale_native.hpp"
#include "helpers.hpp"
#include "sim/errors.hpp"
#include "sim/simulation.hpp"

#include <catch2/catch.hpp>

#include <cmath>

using namespace spikesim;

TEST_CASE("sign constraint: projection leaves no weight of the wrong sign, and training under it "
          "keeps none",
          "[dale][training]") {
    DenseNetwork net({6, 8, 3}, Activation::relu, 4);
    SignConstraint c;
    c.sign.push_back(Eigen::VectorXd::Ones(6));
    Eigen::VectorXd hidden = Eigen::VectorXd::Ones(8);
    hidden.tail(2).setConstant(-1);
    c.sign.push_back(hidden);
    REQUIRE(c.violations(net) > 0); // a random network breaks it
    c.project(net);
    REQUIRE(c.violations(net) == 0);
    REQUIRE(net.layers()[1].w.col(7).maxCoeff() <= 0);
    REQUIRE(net.layers()[0].w.minCoeff() >= 0);

    LabelledData d;
    d.x = Eigen::MatrixXd::Random(60, 6).cwiseAbs();
    d.classes = 3;
    for (int i = 0; i < 60; ++i)
        d.y.push_back(i % 3);
    DenseNetwork free({6, 8, 3}, Activation::relu, 4), constrained = free;
    TrainOptions t;
    t.epochs = 20;
    train(free, d, t);
    t.signs = c;
    train(constrained, d, t);
    CHECK(c.violations(free) > 0);
    REQUIRE(c.violations(constrained) == 0);
}

TEST_CASE("Dale-native at reduced scale: about the split's accuracy with far fewer synapses, "
          "ttfs still exact, every hidden neuron of one sign in the engine",
          "[dale][claims]") {
    CodingOptions coding;
    coding.samples = 100;
    DaleNativeOptions o;
    o.inhibitory_fractions = {0.2};
    const DaleNativeResult r = run_dale_native(coding, o);
    REQUIRE(r.rows.size() == 2);
    const DaleRow &split = r.rows[0], &native = r.rows[1];
    INFO("split ann " << split.ann << " synapses " << split.synapses << " ttfs synops "
                      << split.ttfs_synops << "; native ann " << native.ann << " rate "
                      << native.rate << " ttfs " << native.ttfs << " synapses " << native.synapses
                      << " ttfs synops " << native.ttfs_synops);
    CHECK(native.violations == 0);
    CHECK(native.ann >= split.ann - 0.04);
    CHECK(native.ttfs == Approx(native.ann).margin(0.011)); // exact up to one sample
    CHECK(native.rate >= native.ann - 0.05);
    CHECK(double(native.synapses) * 1.5 < double(split.synapses));
    CHECK(native.ttfs_synops * 1.5 < split.ttfs_synops);
    CHECK(r.preferred == 1);

    // The engine's view: the ttfs network of one sample, no copies; every hidden neuron's
    // outgoing synapses share one sign.
    ConversionOptions c;
    c.mode = CodingMode::ttfs;
    const Converter converter(native.network, native.scales, c);
    const SpikingNetwork s = converter.build(Eigen::VectorXd::Constant(64, 0.5), 0);
    const Population& hidden = s.network.population(s.hidden[0]);
    std::size_t excitatory = 0, inhibitory = 0, checked = 0;
    for (const Projection& p : s.network.projections()) {
        if (p.source_population != s.hidden[0].index) continue;
        for (std::uint32_t n = 0; n < p.source_count(); ++n) {
            bool pos = false, neg = false;
            for (std::uint64_t q = p.offsets[n]; q < p.offsets[n + 1]; ++q) {
                pos |= p.weight_of(q) > 0;
                neg |= p.weight_of(q) < 0;
            }
            REQUIRE(!(pos && neg));
            excitatory += pos;
            inhibitory += neg;
            ++checked;
        }
    }
    REQUIRE(checked == hidden.size());
    CHECK(inhibitory > 0);
    CHECK(excitatory > 3 * inhibitory);
}

TEST_CASE("coding --dale native: bad fractions and weights are refused, naming the flag",
          "[dale][cli][bad-input]") {
    test::TempDir dir;
    const std::string out = " --samples 5 --out " + dir.file("d.h5");
    auto r = test::run_spikesim("coding --dale native --inhibitory-fractions 0.2,1" + out);
    INFO(r.err);
    REQUIRE(r.status == 2);
    REQUIRE_THAT(r.err,
                 Catch::Contains("--inhibitory-fractions: expected fractions in (0, 1), got 1"));
    r = test::run_spikesim("coding --dale native --weights " + dir.file("w.h5") + out);
    REQUIRE(r.status == 2);
    REQUIRE_THAT(r.err, Catch::Contains("--weights: expected no weights with --dale native"));
    r = test::run_spikesim("coding --dale nativ" + out);
    REQUIRE(r.status == 2);
    REQUIRE_THAT(r.err, Catch::Contains("--dale: expected one of on, off, both, native"));
    REQUIRE(!std::filesystem::exists(dir.file("d.h5")));
}
