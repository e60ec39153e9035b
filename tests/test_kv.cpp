// The key-value block: signed coding, attribution, and the fidelity claims at reduced scale.
#include "experiments/kv_block.hpp"
#include "helpers.hpp"
#include "sim/simulation.hpp"

#include <catch2/catch.hpp>
#include <tbb/global_control.h>

#include <cmath>
#include <filesystem>

using namespace spikesim;

namespace {

// z = relu(x) - relu(-x) = x: a block that passes signed values through both codings.
DenseNetwork identity_block(int d) {
    DenseNetwork b({d, 2 * d, d}, Activation::relu, 1);
    b.layers()[0].w.setZero();
    b.layers()[0].w.topRows(d).setIdentity();
    b.layers()[0].w.bottomRows(d) = -Eigen::MatrixXd::Identity(d, d);
    b.layers()[0].b.setZero();
    b.layers()[1].w << Eigen::MatrixXd::Identity(d, d), -Eigen::MatrixXd::Identity(d, d);
    b.layers()[1].b.setZero();
    return b;
}

KvOptions small() {
    KvOptions o;
    o.queries = 40;
    return o;
}

} // namespace

TEST_CASE("kv: ON/OFF inputs and E/I output pairs carry signed values", "[kv]") {
    const DenseNetwork block = identity_block(6);
    Eigen::MatrixXd x(3, 6);
    x << 0.5, -0.25, 0.0, 0.8, -0.7, 0.1, -0.3, 0.3, 0.6, -0.6, 0.05, -0.05, 0.0, 0.0, 0.0, 0.4,
        -0.4, 0.2;
    const auto scales = activation_scales(block, x, Normalisation::max, 99.9, true); // no clipping
    ConversionOptions o;
    o.mode = CodingMode::ttfs;
    const auto ttfs = run_spiking_block(block, scales, x, o);
    REQUIRE((ttfs.outputs - x).cwiseAbs().maxCoeff() < 1e-9); // exact, signs included
    o.mode = CodingMode::rate;
    o.encoding = RateEncoding::regular;
    o.duration = 200.0;
    const auto rate = run_spiking_block(block, scales, x, o);
    // One spike of a count is 1/(r_max T) = 0.005 of the scale; allow a few, plus the
    // first milliseconds lost to the two delays.
    REQUIRE((rate.outputs - x).cwiseAbs().maxCoeff() < 0.03);
    REQUIRE((rate.outputs.array() * x.array() >= 0).all()); // never the wrong sign
}

TEST_CASE("kv: the spiking block obeys Dale's law everywhere", "[kv][dale]") {
    const MemoryBlock m = make_memory_block(small());
    const Eigen::MatrixXd q = make_memory_queries(small(), m, 4, 1);
    ConversionOptions o;
    o.dale = o.signed_input = o.signed_output = true;
    const Converter c(m.block, activation_scales(m.block, q, Normalisation::max, 99.9, true), o);
    const SpikingNetwork s = c.build(q.row(0).transpose(), 0);
    for (const auto& pop : s.network.populations()) {
        INFO(pop.name);
        REQUIRE(pop.dale != Dale::mixed);
    }
    REQUIRE(s.network.find("input_on_exc"));
    REQUIRE(s.network.find("input_off_inh"));
    REQUIRE(s.network.find("output_neg"));
}

TEST_CASE("kv: the keys' contributions plus b_down sum to the output", "[kv]") {
    const KvOptions o = small();
    for (const DenseNetwork& block : {make_memory_block(o).block, make_random_block(o)}) {
        const Eigen::MatrixXd x = make_random_inputs(o, 5, 2);
        for (Eigen::Index q = 0; q < x.rows(); ++q) {
            const Attribution a = attribute(block, x.row(q).transpose());
            const Eigen::VectorXd total = a.contribution.rowwise().sum() + block.layers()[1].b;
            REQUIRE((total.transpose() - block.logits(x.row(q))).cwiseAbs().maxCoeff() < 1e-12);
        }
    }
}

TEST_CASE("kv at reduced scale: spiking recall near the ANN's, random outputs faithful",
          "[kv][claims]") {
    const KvOptions o = small();
    const MemoryBlock m = make_memory_block(o);
    const auto scales = activation_scales(m.block, make_memory_queries(o, m, 500, 1),
                                          Normalisation::percentile, 99.9, true);
    const Eigen::MatrixXd q = make_memory_queries(o, m, o.queries, 0);
    const double ann = recall(m.block.logits(q), m);
    ConversionOptions c;
    c.duration = 100.0;
    c.mode = CodingMode::ttfs;
    const auto ttfs = run_spiking_block(m.block, scales, q, c);
    c.mode = CodingMode::rate;
    const auto rate = run_spiking_block(m.block, scales, q, c);
    INFO("recall ann " << ann << " ttfs " << recall(ttfs.outputs, m) << " rate "
                       << recall(rate.outputs, m));
    REQUIRE(ann > 0.85);
    REQUIRE(recall(ttfs.outputs, m) >= ann - 0.026); // 40 queries: one query is 2.5 points
    REQUIRE(recall(rate.outputs, m) >= ann - 0.051);
    REQUIRE(ttfs.synops_per_query * 5 < rate.synops_per_query);

    const DenseNetwork block = make_random_block(o);
    const auto rscales = activation_scales(block, make_random_inputs(o, 500, 1),
                                           Normalisation::percentile, 99.9, true);
    const Eigen::MatrixXd x = make_random_inputs(o, o.queries, 0);
    const Eigen::MatrixXd exact = block.logits(x);
    c.mode = CodingMode::rate;
    const auto r = run_spiking_block(block, rscales, x, c);
    c.mode = CodingMode::ttfs;
    const auto t = run_spiking_block(block, rscales, x, c);
    INFO("random cosine rate " << mean_cosine(r.outputs, exact) << " ttfs "
                               << mean_cosine(t.outputs, exact));
    REQUIRE(mean_cosine(r.outputs, exact) >= 0.95);
    REQUIRE(mean_cosine(t.outputs, exact) >= 0.99);
    REQUIRE(pearson(t.keys, block.forward_all(x)[1]) > 0.99);
}

TEST_CASE("kv: spiking results do not depend on the thread count", "[kv][determinism]") {
    const KvOptions o = small();
    const DenseNetwork block = make_random_block(o);
    const Eigen::MatrixXd x = make_random_inputs(o, 12, 0);
    const auto scales = activation_scales(block, x, Normalisation::percentile, 99.9, true);
    ConversionOptions c;
    c.duration = 50.0;
    auto with = [&](int threads) {
        tbb::global_control limit(tbb::global_control::max_allowed_parallelism, threads);
        return run_spiking_block(block, scales, x, c, 2);
    };
    const auto one = with(1), two = with(2);
    REQUIRE(one.outputs == two.outputs);
    REQUIRE(one.rasters == two.rasters);
}

TEST_CASE("kv: bad options exit with status 2 and write nothing", "[kv][cli][bad-input]") {
    test::TempDir dir;
    for (std::string args :
         std::vector<std::string>{"--memories 100", "--noise -1", "--threshold 1", "--d 0",
                                  "--duration 0", "--workload memories", "--sweep-memories 0,8"}) {
        const auto r = test::run_spikesim("kv " + args + " --out " + dir.file("k.h5"));
        INFO(args << ": " << r.err);
        REQUIRE(r.status == 2);
        REQUIRE_THAT(r.err, Catch::Contains(args.substr(0, args.find(' '))));
    }
    REQUIRE(std::filesystem::is_empty(dir.path()));
}
