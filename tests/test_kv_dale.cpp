// Dale's law natively in the key-value block (experiments/kv_dale.hpp): every key unit
// excitatory once, the values' signs carried by the output pair, the block still exact.
#include "experiments/kv_dale.hpp"
#include "helpers.hpp"
#include "sim/errors.hpp"

#include <catch2/catch.hpp>

#include <filesystem>

using namespace spikesim;

namespace {

KvOptions small() {
    KvOptions o;
    o.queries = 40;
    return o;
}

ConversionOptions native_options(CodingMode mode) {
    ConversionOptions o;
    o.mode = mode;
    o.dale = o.signed_input = o.signed_output = o.excitatory_hidden = true;
    return o;
}

} // namespace

TEST_CASE("kv native: excitatory keys and values split by sign decode the block exactly in ttfs, "
          "biases included",
          "[kv][dale]") {
    const KvOptions o = small();
    const DenseNetwork block = make_random_block(o); // Gaussian biases of both signs
    const Eigen::MatrixXd x = make_random_inputs(o, 8, 2);
    auto scales = activation_scales(block, x, Normalisation::max, 99.9, true); // no clipping
    scales.back() = split_output_scale(block, x, Normalisation::max);
    const Eigen::MatrixXd ann = block.logits(x);
    const auto ttfs = run_spiking_block(block, scales, x, native_options(CodingMode::ttfs));
    INFO("largest error " << (ttfs.outputs - ann).cwiseAbs().maxCoeff());
    // Weights are stored as float32: errors of 1e-7 of the scale, summed over 64 keys.
    REQUIRE((ttfs.outputs - ann).cwiseAbs().maxCoeff() < 1e-4 * ann.cwiseAbs().maxCoeff());

    const SpikingNetwork s =
        Converter(block, scales, native_options(CodingMode::ttfs)).build(x.row(0).transpose(), 0);
    const auto keys = s.network.find("hidden1");
    REQUIRE(keys);
    REQUIRE(s.network.population(*keys).dale == Dale::excitatory);
    REQUIRE(s.network.population(*keys).size() == std::uint32_t(o.d_ff));
    REQUIRE(!s.network.find("hidden1_inh"));
    REQUIRE(s.network.find("input_on_inh")); // the feed-forward inhibition
}

TEST_CASE("kv native needs the E/I inputs and the output pair", "[kv][dale][bad-input]") {
    const DenseNetwork block = make_random_block(small());
    const std::vector<double> scales{1, 1, 1};
    ConversionOptions o = native_options(CodingMode::ttfs);
    o.dale = false;
    REQUIRE_THROWS_WITH(Converter(block, scales, o),
                        Catch::Contains("excitatory_hidden: expected dale and signed_output"));
    o.dale = true;
    o.signed_output = false;
    REQUIRE_THROWS_WITH(o.validate("kv"), Catch::Contains("kv: excitatory_hidden"));
}

TEST_CASE("kv --dale native at reduced scale: the split's recall with one key population "
          "instead of two",
          "[kv][dale][claims]") {
    KvExperimentOptions o;
    o.kv = small();
    const KvDaleResult r = run_kv_dale(o);
    REQUIRE(r.rows.size() == 2);
    const KvDaleRow &split = r.rows[0], &native = r.rows[1];
    INFO("recall rate " << split.rate_recall << " / " << native.rate_recall << ", ttfs "
                        << split.ttfs_recall << " / " << native.ttfs_recall << "; ttfs cosine "
                        << native.ttfs_cosine << "; synapses " << split.synapses << " / "
                        << native.synapses);
    REQUIRE(native.neurons == split.neurons - std::uint32_t(o.kv.d_ff));
    REQUIRE(native.inhibitory_neurons == split.inhibitory_neurons - std::uint32_t(o.kv.d_ff));
    CHECK(native.synapses < split.synapses);
    CHECK(native.ttfs_cosine > 0.97);
    CHECK(std::abs(native.ttfs_recall - split.ttfs_recall) <= 0.05);
    CHECK(std::abs(native.rate_recall - split.rate_recall) <= 0.05);
    CHECK(native.ttfs_synops < split.ttfs_synops);
}

TEST_CASE("kv --dale: bad values are refused, native writes its table", "[kv][dale][cli]") {
    test::TempDir dir;
    const auto bad = test::run_spikesim("kv --dale copies --out " + dir.file("k.h5"));
    REQUIRE(bad.status == 2);
    REQUIRE_THAT(bad.err, Catch::Contains("--dale: expected split or native, got \"copies\""));
    REQUIRE(std::filesystem::is_empty(dir.path()));
    const auto ok = test::run_spikesim("kv --dale native --queries 10 --out " + dir.file("k.h5"));
    INFO(ok.err);
    REQUIRE(ok.status == 0);
    REQUIRE_THAT(ok.out, Catch::Contains("native"));
    REQUIRE(std::filesystem::exists(dir.file("k.h5")));
}
