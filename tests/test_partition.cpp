// A network cut over ranks (sim/partition.hpp): each rank's projections hold exactly the
// synapses of the whole projection onto its own neurons, with the same weights, delays
// and whole-projection indices, for every rule; and a simulation advancing only a rank's
// neurons fires exactly the spikes the whole network fires for them, given the spikes of
// the others (the exchange of a run over several processes, done here in one process).
#include "models/lif_delta.hpp"
#include "sim/errors.hpp"
#include "sim/network.hpp"
#include "sim/simulation.hpp"
#include "sim/source_group.hpp"
#include "threaded_ranks.hpp"

#include <catch2/catch.hpp>

#include <cstring>

#include <tuple>
#include <vector>

using namespace spikesim;

namespace {

TEST_CASE("partition: blocks of every population tile it, sizes within one", "[partition]") {
    for (std::uint32_t n : {1u, 2u, 7u, 100u, 4'000'000'000u})
        for (std::uint32_t ranks : {1u, 2u, 3u, 4u, 7u, 64u}) {
            std::uint32_t next = 0, low = UINT32_MAX, high = 0;
            for (std::uint32_t r = 0; r < ranks; ++r) {
                const Partition p{r, ranks};
                REQUIRE(p.first(n) == next);
                next = p.end(n);
                low = std::min(low, p.end(n) - p.first(n));
                high = std::max(high, p.end(n) - p.first(n));
            }
            REQUIRE(next == n);
            REQUIRE(high - low <= 1);
        }
}

// One synapse as the whole network sees it.
using Synapse = std::tuple<std::uint32_t, std::uint64_t, std::uint32_t, float, double>;

std::vector<Synapse> synapses_of(const Projection& p) {
    std::vector<Synapse> out;
    for (std::uint32_t s = 0; s < p.source_count(); ++s)
        for (std::uint64_t q = p.offsets[s]; q < p.offsets[s + 1]; ++q)
            out.emplace_back(s, p.whole_index(s, q), p.first_target + p.targets[q], p.weight_of(q),
                             p.delay_of(q));
    return out;
}

Network build(Partition part) {
    Network net(5, part);
    const LifDelta::Params lif{};
    const auto a = net.add_neurons<LifDelta>("a", 37, lif, Dale::mixed);
    const auto b = net.add_neurons<LifDelta>("b", 23, lif, Dale::mixed);
    const Distribution w = Distribution::uniform(-1.0, 2.0);
    const Distribution d = Distribution::uniform(0.5, 3.0);
    net.connect(a, b, FixedProbability{0.3}, {1.0, 1.0, w, d}, "p");
    net.connect(a, a, FixedInDegree{5, false, true}, {1.0, 1.0, w, d}, "in");
    net.connect(b, a, FixedOutDegree{4, true, false}, {0.5, 2.0, std::nullopt, d}, "out");
    net.connect(b, b, FixedTotalNumber{200, false, true}, {1.0, 1.5, w}, "total");
    net.connect(a, b, AllToAll{}, {0.25, 0.7}, "all");
    net.connect(b, b, OneToOne{}, {0.5, 1.25}, "one");
    SynapseList list;
    for (std::uint32_t k = 0; k < 60; ++k)
        list.synapses.push_back(
            {k % 37, (k * 7) % 23, 0.1 * k, k % 3 ? std::nan("") : 0.3 + 0.2 * k});
    net.connect(a, b, list, {1.0, 0.9}, "list");
    const auto src =
        net.add("src", std::make_unique<PoissonGroup>(13, 150.0, 0.0, 1e300, "src"), Dale::mixed);
    net.connect(src, a, FixedProbability{0.3}, {4.0, 0.6}, "src");
    return net;
}

} // namespace

TEST_CASE("partition: the ranks' projections are the whole projection cut by target",
          "[partition][connect]") {
    const Network whole = build({});
    for (std::uint32_t ranks : {2u, 3u, 4u}) {
        std::vector<std::vector<Synapse>> joined(whole.projections().size());
        for (std::uint32_t r = 0; r < ranks; ++r) {
            const Network part = build({r, ranks});
            REQUIRE(part.synapse_count() == whole.synapse_count());
            REQUIRE(part.min_delay() == whole.min_delay());
            REQUIRE(part.max_delay() == whole.max_delay());
            for (std::size_t j = 0; j < whole.projections().size(); ++j) {
                const Projection& p = part.projections()[j];
                const std::uint32_t n = whole.population({p.target_population}).size();
                for (const Synapse& s : synapses_of(p)) {
                    REQUIRE(Partition{r, ranks}.owns(n, std::get<2>(s)));
                    joined[j].push_back(s);
                }
            }
        }
        for (std::size_t j = 0; j < whole.projections().size(); ++j) {
            INFO("projection " << whole.projections()[j].name << ", " << ranks << " ranks");
            auto expected = synapses_of(whole.projections()[j]);
            REQUIRE(!expected.empty());
            std::sort(joined[j].begin(), joined[j].end());
            std::sort(expected.begin(), expected.end());
            REQUIRE(joined[j] == expected);
        }
    }
}

namespace {

// What rank 0 recorded: spike times and ids of both populations, and the bits of the
// potentials sampled.
struct Recorded {
    std::vector<double> times;
    std::vector<std::uint64_t> ids;
    std::vector<std::uint32_t> samples;
    std::uint64_t synaptic_events = 0, drive_events = 0;
    bool operator==(const Recorded&) const = default;
};

Recorded run(Network& net, Communicator& comm, LoopOptions loop = {}) {
    for (std::uint32_t p = 0; p < 2; ++p)
        net.add_drive({p}, PoissonDrive{800.0, 2, 9.0});
    net.add_membrane_noise({0}, MembraneNoise{2.0});
    Simulation sim(net, comm, loop);
    auto& a = sim.record_spikes({0});
    auto& b = sim.record_spikes({1});
    auto& v = sim.record_membrane({1}, {0, 5, 11, 12, 22}, 0.3);
    sim.run(40.0);
    sim.run(25.05); // a run ending inside a window, continued
    Recorded r;
    for (const SpikeMonitor* m : {&a, &b}) {
        r.times.insert(r.times.end(), m->times().begin(), m->times().end());
        r.ids.insert(r.ids.end(), m->node_ids().begin(), m->node_ids().end());
    }
    r.samples.resize(v.values().size());
    if (!r.samples.empty()) // on rank 0 (the other ranks keep no samples)
        std::memcpy(r.samples.data(), v.values().data(), r.samples.size() * sizeof(float));
    r.synaptic_events = sim.statistics().synaptic_events;
    r.drive_events = sim.statistics().drive_events;
    return r;
}

// Rank 0's recording of the network cut over `ranks` threaded ranks.
Recorded run_on_ranks(std::uint32_t ranks, LoopOptions loop) {
    testing::ThreadedRanks threads(ranks);
    Recorded got;
    const auto failures = threads.run([&](Communicator& comm) {
        Network net = build(comm.partition());
        Recorded r = run(net, comm, loop);
        if (comm.is_root()) got = std::move(r);
    });
    for (const auto& f : failures) {
        if (!f) continue;
        try {
            std::rethrow_exception(f);
        } catch (const std::exception& e) {
            FAIL(e.what());
        }
    }
    return got;
}

} // namespace

TEST_CASE("partition: ranks exchanging each window's spikes give one process's spikes",
          "[partition][determinism]") {
    SingleProcess alone;
    Network whole = build({});
    const Recorded expected = run(whole, alone);
    REQUIRE(expected.times.size() > 500);
    REQUIRE(expected.samples.size() == 5 * 217);
    for (std::uint32_t ranks : {2u, 3u, 4u}) {
        INFO(ranks << " ranks");
        REQUIRE(run_on_ranks(ranks, {}) == expected);
    }
}

TEST_CASE("partition: with the exchange overlapped, ranks give one process's spikes",
          "[partition][determinism][overlap]") {
    SingleProcess alone;
    Network whole = build({});
    const Recorded expected = run(whole, alone, LoopOptions{true});
    REQUIRE(expected.times.size() > 500);
    for (std::uint32_t ranks : {2u, 3u, 4u}) {
        INFO(ranks << " ranks");
        REQUIRE(run_on_ranks(ranks, LoopOptions{true}) == expected);
    }
}

// Windows of half the minimum delay move only the last bits of spike times (a window's end
// bounds the root finders): the same neurons fire in the same order, within 1e-9 ms.
TEST_CASE("overlapped loop: the plain loop's spikes, within 1e-9 ms", "[overlap]") {
    SingleProcess alone;
    Network plain_net = build({});
    const Recorded plain = run(plain_net, alone);
    Network overlapped_net = build({});
    const Recorded overlapped = run(overlapped_net, alone, LoopOptions{true});
    REQUIRE(overlapped.ids == plain.ids);
    REQUIRE(overlapped.times.size() == plain.times.size());
    for (std::size_t k = 0; k < plain.times.size(); ++k)
        REQUIRE(std::abs(overlapped.times[k] - plain.times[k]) <= 1e-9);
    REQUIRE(overlapped.synaptic_events == plain.synaptic_events);
    REQUIRE(overlapped.drive_events == plain.drive_events);
    REQUIRE(overlapped.samples.size() == plain.samples.size());
    for (std::size_t k = 0; k < plain.samples.size(); ++k) {
        float a, b;
        std::memcpy(&a, &plain.samples[k], sizeof a);
        std::memcpy(&b, &overlapped.samples[k], sizeof b);
        REQUIRE(std::abs(a - b) <= 1e-4f);
    }
}

namespace {

// One neuron that sends nothing and throws in its window at 5 ms: a failure on the one rank
// that owns it.
class FailingGroup final : public CellGroup {
  public:
    FailingGroup() : CellGroup(1) {}
    std::string_view model() const override { return "failing"; }
    bool receives_input() const override { return false; }
    void initialize(std::uint64_t, std::string_view) override {}
    void begin_window(std::size_t, const GridWindow&) override {}
    void deliver(std::size_t, const GridWindow&, std::span<const InputRow>,
                 std::vector<Spike>&) override {}
    void finish_window(std::size_t shard, const GridWindow& w, std::vector<Spike>&) override {
        if (shard_begin(shard) < shard_end(shard) && w.t0 >= 5.0)
            throw InputError("failing group", "t", "a time before 5 ms", std::to_string(w.t0));
    }
    double next_crossing(std::uint32_t, double) const override { return 1e300; }
    void fire(std::uint32_t, double) override {}
    void receive(std::uint32_t, double, float) override {}
    double potential_at(std::uint32_t, double) const override { return 0; }
    double value_at(std::uint32_t, double, std::size_t) const override { return 0; }

  private:
    void on_prepare_windows(std::uint64_t) override {}
};

} // namespace

TEST_CASE("partition: one rank's failure in a window stops every rank with its error",
          "[partition][errors]") {
    const bool overlap = GENERATE(false, true);
    INFO("exchange overlapped: " << overlap);
    testing::ThreadedRanks threads(3);
    const auto failures = threads.run([&](Communicator& comm) {
        Network net = build(comm.partition());
        net.add("failing", std::make_unique<FailingGroup>(), Dale::mixed);
        Simulation sim(net, comm, LoopOptions{overlap});
        sim.run(20.0);
    });
    // The neuron is rank 2's (the last block of a population of 1); every rank throws its
    // InputError, with its fields.
    for (const auto& f : failures) {
        REQUIRE(f);
        try {
            std::rethrow_exception(f);
        } catch (const InputError& e) {
            REQUIRE(e.source() == "failing group");
            REQUIRE(e.key() == "t");
            REQUIRE(std::string(e.what()).find("expected a time before 5 ms") != std::string::npos);
        }
    }
}

TEST_CASE("partition: agree() passes when no rank failed, rethrows other errors by rank",
          "[partition][errors]") {
    testing::ThreadedRanks threads(2);
    auto failures = threads.run([](Communicator& comm) { comm.agree(nullptr); });
    REQUIRE(!failures[0]);
    REQUIRE(!failures[1]);
    failures = threads.run([](Communicator& comm) {
        collectively(comm, [&] {
            if (comm.rank() == 1) throw std::runtime_error("disk on fire");
        });
    });
    REQUIRE_THROWS_WITH(std::rethrow_exception(failures[0]), "on rank 1: disk on fire");
    REQUIRE_THROWS_WITH(std::rethrow_exception(failures[1]), "disk on fire");
}

TEST_CASE("partition: a simulation needs the communicator its network was cut for", "[partition]") {
    Network net = build({1, 2});
    REQUIRE_THROWS_AS(Simulation(net), InputError);
}
