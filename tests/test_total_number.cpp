// fixed_total_number: exactly n synapses, sources uniform, no repeated pair without
// multapses, no autapses when asked, the same network for any thread count.
#include "models/lif_delta.hpp"
#include "sim/errors.hpp"
#include "sim/network.hpp"

#include <catch2/catch.hpp>
#include <tbb/global_control.h>

#include <cmath>
#include <set>

using namespace spikesim;

namespace {

Network build(FixedTotalNumber rule, std::uint32_t na = 200, std::uint32_t nb = 300,
              bool same = false) {
    Network net(9);
    const auto a = net.add_neurons<LifDelta>("a", na, LifDelta::Params{}, Dale::mixed);
    const auto b = same ? a : net.add_neurons<LifDelta>("b", nb, LifDelta::Params{}, Dale::mixed);
    net.connect(a, b, rule, {1.0, 1.0});
    return net;
}

std::vector<std::pair<std::uint32_t, std::uint32_t>> pairs_of(const Projection& p) {
    std::vector<std::pair<std::uint32_t, std::uint32_t>> out;
    for (std::uint32_t s = 0; s < p.source_count(); ++s)
        for (std::uint64_t j = p.offsets[s]; j < p.offsets[s + 1]; ++j)
            out.emplace_back(s, p.targets[j]);
    return out;
}

} // namespace

TEST_CASE("fixed_total_number makes exactly n synapses with uniform sources", "[connectivity]") {
    const Network net = build({50000});
    const Projection& p = net.projections()[0];
    REQUIRE(p.synapse_count() == 50000);
    // Each source's count is Binomial(50000, 1/200): mean 250, sd 15.8; over 200 sources
    // the sample variance lies within 25 % of it with overwhelming probability.
    double sum = 0, squares = 0;
    for (std::uint32_t s = 0; s < 200; ++s) {
        const double k = double(p.offsets[s + 1] - p.offsets[s]);
        sum += k;
        squares += k * k;
    }
    const double var = squares / 200 - (sum / 200) * (sum / 200);
    CHECK(std::abs(var / (50000 * (1.0 / 200) * (1 - 1.0 / 200)) - 1) < 0.25);
}

TEST_CASE("without multapses no pair repeats, without autapses no i -> i", "[connectivity]") {
    const Network net = build({30000, false, false}, 200, 0, true);
    const auto pairs = pairs_of(net.projections()[0]);
    REQUIRE(pairs.size() == 30000);
    CHECK(std::set(pairs.begin(), pairs.end()).size() == pairs.size());
    for (const auto& [s, t] : pairs)
        CHECK(s != t);
    // every eligible pair: 200 x 199
    CHECK(build({200 * 199, false, false}, 200, 0, true).projections()[0].synapse_count() == 39800);
    CHECK_THROWS_WITH(build({200 * 199 + 1, false, false}, 200, 0, true),
                      Catch::Contains("n: expected at most 39800 without multapses"));
}

TEST_CASE("fixed_total_number does not depend on the thread count", "[connectivity]") {
    std::vector<std::pair<std::uint32_t, std::uint32_t>> one, two;
    {
        tbb::global_control limit(tbb::global_control::max_allowed_parallelism, 1);
        one = pairs_of(build({80000}).projections()[0]);
    }
    {
        tbb::global_control limit(tbb::global_control::max_allowed_parallelism, 2);
        two = pairs_of(build({80000}).projections()[0]);
    }
    CHECK(one == two);
}
