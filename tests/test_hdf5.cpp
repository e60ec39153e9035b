// The SONATA HDF5 file read back and compared with what the monitors saw.
#include "config/network_config.hpp"
#include "helpers.hpp"
#include "io/background_sink.hpp"
#include "io/hdf5_handle.hpp"
#include "io/sonata_writer.hpp"
#include "sim/simulation.hpp"

#include <catch2/catch.hpp>

#include <filesystem>

using namespace spikesim;

namespace {
struct Recorded {
    std::vector<double> times;
    std::vector<std::uint64_t> ids;
    std::vector<float> membrane;
};

// Runs the E/I example; with `path`, streaming into a SONATA file, directly or, as the
// CLI does, through a BackgroundSink.
Recorded run_example(const std::string* path, Provenance prov = {}, bool background = false) {
    ConfiguredRun c = load_config(test::source_path("data/examples/ei_network.toml"));
    Simulation sim(c.network);
    auto& spikes = sim.record_spikes(*c.network.find("exc"));
    auto& membrane = sim.record_membrane(*c.network.find("exc"), {0, 3, 5}, 0.5);
    std::unique_ptr<SonataWriter> writer;
    std::unique_ptr<BackgroundSink> behind;
    if (path) {
        writer = std::make_unique<SonataWriter>(*path, prov);
        if (background) behind = std::make_unique<BackgroundSink>(*writer);
        sim.stream_to(behind ? static_cast<RecordingSink*>(behind.get()) : writer.get());
    }
    sim.run(300.0);
    if (behind) behind->wait();
    if (writer) writer->commit();
    return {spikes.times(), spikes.node_ids(), membrane.values()};
}
} // namespace

TEST_CASE("a streamed SONATA file holds exactly what in-memory monitors hold", "[hdf5]") {
    test::TempDir dir;
    const std::string path = dir.file("ei.h5");
    const Recorded memory = run_example(nullptr);
    REQUIRE(memory.times.size() > 1000);
    Provenance prov{"9.9.9", "spikesim run x", "the config", 42, 3};
    const bool background = GENERATE(false, true);
    CAPTURE(background);
    run_example(&path, prov, background);

    auto file = hdf5::open_file_read(path);
    const hid_t f = file.get();
    REQUIRE(hdf5::read_doubles(f, "/spikes/exc/timestamps") == memory.times);
    REQUIRE(hdf5::read_uint64s(f, "/spikes/exc/node_ids") == memory.ids);
    {
        auto g = hdf5::open_group(f, "/spikes/exc");
        // An enumeration, as libsonata reads it (a string attribute breaks its reader).
        REQUIRE(hdf5::read_enum_attribute(g.get(), "sorting") == "by_time");
        hdf5::Handle ts(H5Dopen2(g.get(), "timestamps", H5P_DEFAULT), H5Dclose, "open");
        REQUIRE(hdf5::read_string_attribute(ts.get(), "units") == "ms");
    }
    // The report: [time x node] float32, mapping as SONATA lays it out.
    REQUIRE(hdf5::shape(f, "/report/exc/data") == std::vector<hsize_t>{600, 3});
    REQUIRE(hdf5::read_floats(f, "/report/exc/data") == memory.membrane);
    REQUIRE(hdf5::read_uint64s(f, "/report/exc/mapping/node_ids") ==
            std::vector<std::uint64_t>{0, 3, 5});
    REQUIRE(hdf5::read_doubles(f, "/report/exc/mapping/time") ==
            std::vector<double>{0.0, 300.0, 0.5});
    REQUIRE(hdf5::read_uint64s(f, "/report/exc/mapping/index_pointers") ==
            std::vector<std::uint64_t>{0, 1, 2, 3});
    // Provenance on the root.
    REQUIRE(hdf5::read_string_attribute(f, "program_version") == "9.9.9");
    REQUIRE(hdf5::read_string_attribute(f, "command_line") == "spikesim run x");
    REQUIRE(hdf5::read_string_attribute(f, "config") == "the config");
    REQUIRE(hdf5::read_int_attribute(f, "seed") == 42);
    REQUIRE(hdf5::read_int_attribute(f, "threads") == 3);
    REQUIRE(hdf5::read_string_attribute(f, "start_time").size() == 20);
    REQUIRE(hdf5::read_string_attribute(f, "end_time").size() == 20);
    // Only the final file is left: the temporary one was renamed.
    REQUIRE(std::distance(std::filesystem::directory_iterator(dir.path()), {}) == 1);
}

TEST_CASE("spike times and node ids come back bit for bit, across chunks and id ranges", "[hdf5]") {
    // Node ids are packed per chunk to the bits their range needs, times stored as they
    // are: blocks that straddle chunk edges, ids equal to the fill value 0, ids far beyond
    // 32 bits, a chunk of one repeated id, and times that are not round numbers.
    test::TempDir dir;
    const std::string path = dir.file("ids.h5");
    std::vector<double> times;
    std::vector<std::uint64_t> ids;
    for (std::uint64_t k = 0; k < 10000; ++k) {
        times.push_back(0.1 * double(k) + 1.0 / 3.0);
        const std::uint64_t id = k < 4096 ? (k * 7919) % 5 : k < 8192 ? 12 : (k << 33) + k % 3;
        ids.push_back(id);
    }
    {
        SonataWriter w(path, Provenance{});
        w.declare_spikes("p", 1);
        for (std::size_t from = 0; from < times.size(); from += 3001) {
            const std::size_t n = std::min<std::size_t>(3001, times.size() - from);
            w.write_spikes("p", std::span(times).subspan(from, n), std::span(ids).subspan(from, n));
        }
        w.commit();
    }
    auto file = hdf5::open_file_read(path);
    REQUIRE(hdf5::read_doubles(file.get(), "/spikes/p/timestamps") == times);
    REQUIRE(hdf5::read_uint64s(file.get(), "/spikes/p/node_ids") == ids);
}

TEST_CASE("a writer that is not committed leaves no file behind", "[hdf5]") {
    test::TempDir dir;
    const std::string path = dir.file("never.h5");
    {
        SonataWriter w(path, Provenance{});
        w.declare_spikes("p");
        const double t[2] = {1.0, 2.0};
        const std::uint64_t id[2] = {0, 1};
        w.write_spikes("p", t, id);
    }
    REQUIRE(std::filesystem::is_empty(dir.path()));
}

TEST_CASE("an output path that cannot be written is an InputError naming the option",
          "[hdf5][bad-input]") {
    test::TempDir dir;
    REQUIRE_THROWS_WITH(check_output_path(dir.file("missing/x.h5"), "--out"),
                        Catch::Contains("--out") && Catch::Contains("no directory"));
    REQUIRE_THROWS_WITH(check_output_path(dir.path().string(), "--out"),
                        Catch::Contains("a directory"));
    REQUIRE_NOTHROW(check_output_path(dir.file("fine.h5"), "--out"));
    REQUIRE(std::filesystem::is_empty(dir.path()));
}
