// BackgroundSink: the inner sink sees every call, in order, with the data as it was when
// the call was made, on a thread other than the caller's; errors come back to the caller.
#include "io/background_sink.hpp"

#include <catch2/catch.hpp>

#include <chrono>
#include <future>
#include <stdexcept>
#include <thread>

using namespace spikesim;

namespace {
// Logs what it is asked to do. Optionally throws at the n-th write of spikes, or holds
// its first call until released.
struct LoggingSink final : RecordingSink {
    std::vector<std::string> log;
    std::vector<std::vector<double>> times;
    std::vector<std::thread::id> threads;
    int writes = 0; // calls of write_spikes so far
    int throw_at_write = -1;
    std::shared_future<void> gate;

    void note(std::string what) {
        if (gate.valid() && log.empty()) gate.wait();
        log.push_back(std::move(what));
        threads.push_back(std::this_thread::get_id());
    }
    void declare_spikes(const std::string& population, std::uint64_t nodes) override {
        note("declare " + population + " " + std::to_string(nodes));
    }
    void write_spikes(const std::string& population, std::span<const double> t,
                      std::span<const std::uint64_t> ids) override {
        if (writes++ == throw_at_write)
            throw std::runtime_error("disk full at write " + std::to_string(throw_at_write));
        if (t.size() != ids.size()) throw std::logic_error("times and ids differ in length");
        note("spikes " + population);
        times.emplace_back(t.begin(), t.end());
    }
    void declare_report(const std::string& population, const std::vector<std::uint32_t>& nodes,
                        double, const ReportVariable&) override {
        note("report " + population + " " + std::to_string(nodes.size()));
    }
    void write_report(const std::string& population, std::span<const float> v) override {
        note("values " + population + " " + std::to_string(v.size()));
    }
};
} // namespace

TEST_CASE("a background sink passes every call on, in order, with a copy of its data",
          "[hdf5][background]") {
    LoggingSink inner;
    BackgroundSink sink(inner);
    sink.declare_spikes("exc", 7);
    sink.declare_report("exc", {1, 2}, 0.5, {});
    std::vector<double> t;
    std::vector<std::uint64_t> ids;
    std::vector<std::string> expected{"declare exc 7", "report exc 2"};
    for (int block = 0; block < 20; ++block) {
        t.assign(block + 1, 0.25 * block);
        ids.assign(block + 1, static_cast<std::uint64_t>(block));
        sink.write_spikes(block % 2 ? "inh" : "exc", t, ids);
        expected.push_back(block % 2 ? "spikes inh" : "spikes exc");
        t.assign(t.size(), -1.0); // the caller reuses its buffer at once
    }
    const std::vector<float> v(6, 1.0f);
    sink.write_report("exc", v);
    expected.push_back("values exc 6");
    sink.wait();
    REQUIRE(inner.log == expected);
    REQUIRE(inner.times.size() == 20);
    for (std::size_t block = 0; block < 20; ++block)
        REQUIRE(inner.times[block] == std::vector<double>(block + 1, 0.25 * double(block)));
    for (const auto id : inner.threads)
        REQUIRE(id == inner.threads.front());
    REQUIRE(inner.threads.front() != std::this_thread::get_id());
}

TEST_CASE("a background sink reports the inner sink's first error and drops what follows",
          "[hdf5][background]") {
    LoggingSink inner;
    inner.throw_at_write = 1;
    BackgroundSink sink(inner);
    std::promise<void> release; // holds the first write until all three are queued
    inner.gate = release.get_future().share();
    const std::vector<double> t{1.0};
    const std::vector<std::uint64_t> ids{0};
    sink.write_spikes("exc", t, ids);
    sink.write_spikes("exc", t, ids); // throws on the background thread
    sink.write_spikes("exc", t, ids); // queued before that: dropped
    release.set_value();
    REQUIRE_THROWS_WITH(sink.wait(), "disk full at write 1");
    REQUIRE_THROWS_WITH(sink.write_spikes("exc", t, ids), "disk full at write 1");
    REQUIRE_THROWS_WITH(sink.wait(), "disk full at write 1");
    REQUIRE(inner.times.size() == 1);
}

TEST_CASE("a background sink holds at most `capacity` calls; the next one waits",
          "[hdf5][background]") {
    LoggingSink inner;
    BackgroundSink sink(inner, 2);
    // Declared after the sink, so that a failed check breaks the promise, which opens the
    // gate, before the sink's destructor waits for its thread.
    std::promise<void> release;
    inner.gate = release.get_future().share();
    // The first call is taken by the thread and held at the gate; two more fill the queue.
    for (int k = 0; k < 3; ++k)
        sink.declare_spikes("p" + std::to_string(k));
    auto fourth = std::async(std::launch::async, [&] { sink.declare_spikes("p3"); });
    REQUIRE(fourth.wait_for(std::chrono::milliseconds(100)) == std::future_status::timeout);
    release.set_value();
    fourth.get();
    sink.wait();
    REQUIRE(inner.log == std::vector<std::string>{"declare p0 0", "declare p1 0", "declare p2 0",
                                                  "declare p3 0"});
}
