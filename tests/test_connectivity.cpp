// Connection rules, CSR layout, Dale's law.
#include "models/lif_delta.hpp"
#include "sim/detail/first_not_below.hpp"
#include "sim/errors.hpp"
#include "sim/network.hpp"
#include "sim/random.hpp"

#include <catch2/catch.hpp>
#include <tbb/global_control.h>

#include <algorithm>
#include <cmath>
#include <set>

using namespace spikesim;

namespace {
struct Pair {
    Network net{11};
    PopulationId a, b;
    Pair(std::uint32_t na, std::uint32_t nb, Dale da = Dale::mixed) {
        a = net.add_neurons<LifDelta>("a", na, LifDelta::Params{}, da);
        b = net.add_neurons<LifDelta>("b", nb, LifDelta::Params{}, Dale::mixed);
    }
};

void require_sorted_rows(const Projection& p) {
    for (std::uint32_t s = 0; s < p.source_count(); ++s)
        for (std::uint64_t j = p.offsets[s] + 1; j < p.offsets[s + 1]; ++j)
            REQUIRE(p.targets[j - 1] <= p.targets[j]);
}
} // namespace

TEST_CASE("one_to_one and all_to_all", "[connect]") {
    Pair n(20, 20);
    const auto& one = n.net.projections()[n.net.connect(n.a, n.b, OneToOne{}, {1.0, 1.0})];
    REQUIRE(one.synapse_count() == 20);
    for (std::uint32_t s = 0; s < 20; ++s)
        REQUIRE(one.targets[one.offsets[s]] == s);
    const auto& all =
        n.net.projections()[n.net.connect(n.a, n.a, AllToAll{false}, {1.0, 1.0}, "aa")];
    REQUIRE(all.synapse_count() == 20 * 19); // no autapses
    // One weight for the whole projection: 4 bytes per synapse (the target) plus offsets.
    REQUIRE(all.uniform_weight());
    REQUIRE(all.weight_of(7) == 1.0f);
    REQUIRE(all.bytes() == 21 * 8 + 20 * 19 * 4);
    // Rows are generated in chunks of sources, in parallel: each must still land at its
    // own source.
    Pair big(5000, 5000);
    const auto& diagonal =
        big.net.projections()[big.net.connect(big.a, big.b, OneToOne{}, {1.0, 1.0})];
    for (std::uint32_t s = 0; s < 5000; ++s) {
        REQUIRE(diagonal.offsets[s + 1] == s + 1);
        REQUIRE(diagonal.targets[s] == s);
    }
    Pair m(3, 4);
    REQUIRE_THROWS_WITH(m.net.connect(m.a, m.b, OneToOne{}, {1.0, 1.0}),
                        Catch::Contains("equal size"));
}

TEST_CASE("fixed_probability: synapse count within binomial bounds, rows sorted",
          "[connect][statistics]") {
    Pair n(2000, 1000);
    const double p = 0.05;
    const auto& proj =
        n.net.projections()[n.net.connect(n.a, n.b, FixedProbability{p}, {1.0, 1.0})];
    const double mean = 2000.0 * 1000.0 * p, sd = std::sqrt(mean * (1 - p));
    REQUIRE(std::abs(double(proj.synapse_count()) - mean) < 5 * sd);
    require_sorted_rows(proj);
    for (auto t : proj.targets)
        REQUIRE(t < 1000);
    REQUIRE_THROWS_WITH(n.net.connect(n.a, n.b, FixedProbability{1.5}, {1.0, 1.0}, "bad"),
                        Catch::Contains("'bad'") && Catch::Contains("[0, 1]"));
}

TEST_CASE("fixed_indegree: every target has exactly k inputs", "[connect]") {
    Pair n(300, 200);
    const auto& proj =
        n.net.projections()[n.net.connect(n.a, n.b, FixedInDegree{25, true, false}, {1.0, 1.0})];
    std::vector<std::set<std::uint32_t>> inputs(200);
    std::vector<int> count(200);
    for (std::uint32_t s = 0; s < 300; ++s)
        for (std::uint64_t j = proj.offsets[s]; j < proj.offsets[s + 1]; ++j) {
            inputs[proj.targets[j]].insert(s);
            ++count[proj.targets[j]];
        }
    for (std::uint32_t t = 0; t < 200; ++t) {
        REQUIRE(count[t] == 25);
        REQUIRE(inputs[t].size() == 25); // no multapses
    }
    require_sorted_rows(proj);
    Pair small(5, 5);
    REQUIRE_THROWS_WITH(
        small.net.connect(small.a, small.b, FixedInDegree{6, true, false}, {1.0, 1.0}),
        Catch::Contains("at most 5"));
}

TEST_CASE("fixed_outdegree: every source has exactly k outputs, never itself", "[connect]") {
    Pair n(100, 100);
    const auto& proj =
        n.net.projections()[n.net.connect(n.a, n.a, FixedOutDegree{10, false, true}, {1.0, 1.0})];
    for (std::uint32_t s = 0; s < 100; ++s) {
        REQUIRE(proj.offsets[s + 1] - proj.offsets[s] == 10);
        for (std::uint64_t j = proj.offsets[s]; j < proj.offsets[s + 1]; ++j)
            REQUIRE(proj.targets[j] != s);
    }
}

TEST_CASE("explicit list and dense matrix", "[connect]") {
    Pair n(3, 2);
    const auto& list = n.net.projections()[n.net.connect(
        n.a, n.b,
        SynapseList{{{2, 1, 0.5, 3.0}, {0, 1, -1.0, std::nan("")}, {0, 0, 2.0, std::nan("")}}},
        {1.0, 1.5})];
    REQUIRE(list.offsets == Projection::Array<std::uint64_t>{0, 2, 2, 3});
    REQUIRE(list.targets == Projection::Array<std::uint32_t>{0, 1, 1});
    REQUIRE(list.weights == Projection::Array<float>{2.0f, -1.0f, 0.5f});
    REQUIRE(list.delay_of(0) == Approx(1.5));
    REQUIRE(list.delay_of(2) == Approx(3.0));
    REQUIRE(list.min_delay() == Approx(1.5));
    // W[target][source]; zeros make no synapse.
    const auto& dense = n.net.projections()[n.net.connect(
        n.a, n.b, DenseWeights{2, 3, {1, 0, 2, 0, 3, 0}}, {0, 1.0}, "w")];
    REQUIRE(dense.synapse_count() == 3);
    REQUIRE(dense.targets == Projection::Array<std::uint32_t>{0, 1, 0});
    REQUIRE(dense.weights == Projection::Array<float>{1, 3, 2});
    REQUIRE(dense.weight_of(1) == 3.0f);
    REQUIRE(dense.bytes() == 4 * 8 + 3 * (4 + 4)); // per-synapse weights add 4 bytes each
    REQUIRE_THROWS_WITH(
        n.net.connect(n.a, n.b, DenseWeights{3, 3, std::vector<double>(9, 1.0)}, {0, 1.0}, "w2"),
        Catch::Contains("2 rows"));
    REQUIRE_THROWS_WITH(n.net.connect(n.a, n.b, SynapseList{{{5, 0, 1.0, 1.0}}}, {0, 1.0}, "w3"),
                        Catch::Contains("synapses[0].source"));
}

TEST_CASE("Dale's law: a weight of the wrong sign is rejected with projection, synapse and weight",
          "[connect][dale]") {
    Pair n(4, 4, Dale::excitatory);
    try {
        n.net.connect(n.a, n.b, SynapseList{{{0, 1, 0.5, 1.0}, {2, 3, -0.25, 1.0}}}, {0, 1.0},
                      "e_to_b");
        FAIL("no DaleViolation thrown");
    } catch (const DaleViolation& e) {
        REQUIRE(e.projection() == "e_to_b");
        REQUIRE(e.source_neuron() == 2);
        REQUIRE(e.target_neuron() == 3);
        REQUIRE(e.weight() == -0.25);
        const std::string what = e.what();
        REQUIRE_THAT(what, Catch::Contains("'e_to_b'") && Catch::Contains("2 -> 3") &&
                               Catch::Contains("-0.25") && Catch::Contains("excitatory"));
    }
    REQUIRE(n.net.projections().empty()); // nothing half-built is kept
    Network inh;
    auto i = inh.add_neurons<LifDelta>("i", 3, LifDelta::Params{}, Dale::inhibitory);
    REQUIRE_THROWS_AS(inh.connect(i, i, AllToAll{}, {1.0, 1.0}), DaleViolation);
    REQUIRE_NOTHROW(inh.connect(i, i, AllToAll{}, {-1.0, 1.0}));
}

TEST_CASE("random connectivity is the same for 1, 2 and 4 threads", "[connect][determinism]") {
    auto build = [](int threads) {
        tbb::global_control limit(tbb::global_control::max_allowed_parallelism, threads);
        Pair n(3000, 3000);
        n.net.connect(n.a, n.b, FixedProbability{0.01}, {1.0, 1.0}, "p");
        n.net.connect(n.a, n.b, FixedInDegree{10}, {1.0, 1.0}, "in");
        n.net.connect(n.a, n.b, FixedOutDegree{10}, {1.0, 1.0}, "out");
        std::vector<std::uint64_t> all;
        for (const auto& p : n.net.projections()) {
            all.insert(all.end(), p.offsets.begin(), p.offsets.end());
            all.insert(all.end(), p.targets.begin(), p.targets.end());
        }
        return all;
    };
    const auto one = build(1);
    REQUIRE(one == build(2));
    REQUIRE(one == build(4));
}

TEST_CASE("a shard's part of a row: the branch-free search equals std::lower_bound", "[connect]") {
    RandomStream rng(3, purpose_of("row search test"), 0);
    for (int trial = 0; trial < 2000; ++trial) {
        std::vector<std::uint32_t> row(rng.below(90));
        for (auto& id : row)
            id = static_cast<std::uint32_t>(rng.below(60));
        std::sort(row.begin(), row.end()); // with repeats, as multapses make
        for (std::uint32_t value = 0; value <= 61; ++value) {
            const std::uint32_t* first = row.data();
            const std::uint32_t* last = row.data() + row.size();
            REQUIRE(detail::first_not_below(first, last, value) ==
                    std::lower_bound(first, last, value));
        }
    }
}
