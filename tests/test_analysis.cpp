// Spike-train statistics against hand-computed cases, and the analyze/plot commands.
#include "analysis/spike_statistics.hpp"
#include "helpers.hpp"
#include "io/hdf5_handle.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <filesystem>

using namespace spikesim;

TEST_CASE("rates: per neuron, per population, over time", "[analysis]") {
    const std::vector<double> t{1.0, 5.0, 12.0, 15.0, 18.0};
    const std::vector<std::uint64_t> id{0, 1, 0, 0, 1};
    const auto trains = trains_from(t, id, 3);
    REQUIRE(trains[0] == SpikeTrain{1.0, 12.0, 15.0});
    const TimeWindow w{0.0, 20.0};
    REQUIRE(rates_hz(trains, w) ==
            std::vector<double>{150.0, 100.0, 0.0}); // 3 and 2 spikes in 20 ms
    REQUIRE(mean_rate_hz(trains, w) == Approx(5.0 / 3 / 0.02));
    // Bins of 10 ms: 2 spikes, then 3, over 3 neurons.
    const auto r = population_rate_hz(trains, w, 10.0);
    REQUIRE(r.size() == 2);
    REQUIRE(r[0] == Approx(2.0 / 3 / 0.01));
    REQUIRE(r[1] == Approx(3.0 / 3 / 0.01));
}

TEST_CASE("ISI statistics: mean interval and CV", "[analysis]") {
    const TimeWindow w{0.0, 100.0};
    const std::vector<SpikeTrain> regular{{10, 20, 30, 40}};
    REQUIRE(isi_statistics(regular, w).mean_ms == Approx(10.0));
    REQUIRE(isi_statistics(regular, w).mean_cv == Approx(0.0).margin(1e-12));
    const std::vector<SpikeTrain> uneven{{0, 1, 4}}; // intervals 1 and 3: mean 2, sd 1
    REQUIRE(isi_statistics(uneven, w).mean_cv == Approx(0.5));
    REQUIRE(std::isnan(isi_statistics({{5.0}}, w).mean_cv)); // no interval, no CV
}

TEST_CASE("Fano factor and Golomb's chi on binned counts", "[analysis]") {
    const TimeWindow w{0.0, 20.0};
    REQUIRE(fano_factor({{5.0, 15.0}}, w, 10.0) == Approx(0.0).margin(1e-12)); // counts 1, 1
    REQUIRE(fano_factor({{11.0, 12.0}}, w, 10.0) == Approx(1.0)); // counts 0, 2: mean 1, var 1
    REQUIRE(golomb_chi({{1.0, 12.0}, {1.0, 12.0}}, TimeWindow{0.0, 30.0}, 10.0) ==
            Approx(1.0));                                                       // identical
    REQUIRE(golomb_chi({{1.0}, {12.0}}, w, 10.0) == Approx(0.0).margin(1e-12)); // anti-phase
}

TEST_CASE("cross-correlogram counts lags t_b - t_a", "[analysis]") {
    const auto h = cross_correlogram({10.0}, {6.0, 12.0, 15.0}, 1.0, 5.0);
    REQUIRE(h.size() == 10);                                             // [-5, 5)
    REQUIRE(h[7] == 1);                                                  // +2 ms
    REQUIRE(h[1] == 1);                                                  // -4 ms
    REQUIRE(h[0] + h[2] + h[3] + h[4] + h[5] + h[6] + h[8] + h[9] == 0); // +5 is outside
}

TEST_CASE("van Rossum and Victor-Purpura distances", "[analysis]") {
    const double tau = 5.0;
    REQUIRE(van_rossum_distance({3.0}, {}, tau) == Approx(std::sqrt(0.5)));
    REQUIRE(van_rossum_distance({3.0, 9.0}, {3.0, 9.0}, tau) == Approx(0.0).margin(1e-12));
    // One spike shifted by d: D^2 = 1 - exp(-d / tau).
    REQUIRE(van_rossum_distance({3.0}, {7.0}, tau) == Approx(std::sqrt(1 - std::exp(-4.0 / tau))));
    REQUIRE(victor_purpura_distance({}, {1.0, 2.0}, 1.0) == 2.0);
    REQUIRE(victor_purpura_distance({0.0}, {0.5}, 1.0) == Approx(0.5));
    REQUIRE(victor_purpura_distance({0.0}, {0.5}, 10.0) ==
            Approx(2.0)); // delete + insert is cheaper
    REQUIRE(victor_purpura_distance({1.0, 5.0}, {1.2, 9.0}, 0.5) == Approx(0.1 + 2.0));
}

TEST_CASE("spikesim analyze writes /analysis; plot draws PNGs", "[analysis][cli]") {
    test::TempDir dir;
    const std::string file = dir.file("ei.h5");
    REQUIRE(test::run_spikesim("run " + test::source_path("data/examples/ei_network.toml") +
                               " --duration 300 -q --out " + file)
                .status == 0);
    auto r = test::run_spikesim("analyze " + file + " --window 5");
    INFO(r.err);
    REQUIRE(r.status == 0);
    REQUIRE_THAT(r.out, Catch::Contains("drive") && Catch::Contains("mean CV"));
    {
        auto f = hdf5::open_file_read(file);
        auto g = hdf5::open_group(f.get(), "/analysis/drive");
        // Poisson drive: CV near 1, chi near 1/sqrt(800).
        REQUIRE(hdf5::read_double_attribute(g.get(), "mean_cv") == Approx(1.0).margin(0.1));
        REQUIRE(hdf5::read_double_attribute(g.get(), "chi") < 0.1);
        REQUIRE(hdf5::read_int_attribute(g.get(), "neurons") == 800);
    }
    REQUIRE(test::run_spikesim("analyze " + file).status == 0); // again: /analysis is replaced
    r = test::run_spikesim("plot " + file + " --out " + dir.path().string());
    INFO(r.err);
    REQUIRE(r.status == 0);
    for (const char* png : {"ei_raster.png", "ei_histograms.png", "ei_membrane.png"})
        REQUIRE(std::filesystem::file_size(dir.file(png)) > 10000);
    // A directory that does not exist yet is made, as `run` makes results/.
    r = test::run_spikesim("plot " + file + " --out " + dir.file("figures/new"));
    INFO(r.err);
    REQUIRE(r.status == 0);
    REQUIRE(std::filesystem::file_size(dir.file("figures/new/ei_raster.png")) > 10000);
    for (std::string args : std::vector<std::string>{
             "analyze " + dir.file("absent.h5"), "analyze " + file + " --window 0",
             "analyze " + file + " --population nobody",
             "plot " + file + " --out " + file + "/under_a_file"}) {
        r = test::run_spikesim(args);
        INFO(args << ": " << r.err);
        REQUIRE(r.status == 2);
    }
}

TEST_CASE("a spikesim file loads into Neo SpikeTrains", "[analysis][neo]") {
    if (std::system("/usr/bin/python3 -c 'import neo, h5py' >/dev/null 2>&1") != 0)
        FAIL("python3-neo or python3-h5py is missing: run bash scripts/setup.sh");
    test::TempDir dir;
    const std::string file = dir.file("one.h5");
    REQUIRE(test::run_spikesim("run " + test::source_path("data/examples/single_neuron.toml") +
                               " -q --out " + file)
                .status == 0);
    const std::string script = dir.write(
        "load_into_neo.py", "import sys\nsys.path.insert(0, sys.argv[2])\n"
                            "from spikesim_io import to_neo\n"
                            "trains = to_neo(sys.argv[1], 'input')\n"
                            "print(len(trains), len(trains[0]), trains[0].units.dimensionality, "
                            "float(trains[0].t_stop), float(trains[0][0]))\n");
    const std::string out = dir.file("out.txt");
    REQUIRE(std::system(("/usr/bin/python3 " + script + " " + file + " " +
                         test::source_path("analysis") + " >" + out)
                            .c_str()) == 0);
    // One input neuron with six spikes, the first at 10 ms, over the 100 ms of the run.
    REQUIRE(test::read_file(out) == "1 6 ms 100.0 10.0\n");
}

TEST_CASE("SONATA spike files carry sorting as an HDF5 enumeration, as libsonata reads it",
          "[analysis][hdf5]") {
    // Written as a string before, which h5py reads but libsonata's reader rejects.
    if (std::system("/usr/bin/python3 -c 'import h5py' >/dev/null 2>&1") != 0)
        FAIL("python3-h5py is missing: run bash scripts/setup.sh");
    test::TempDir dir;
    const std::string file = dir.file("one.h5");
    REQUIRE(test::run_spikesim("run " + test::source_path("data/examples/single_neuron.toml") +
                               " -q --out " + file)
                .status == 0);
    const std::string script = dir.write(
        "sorting.py", "import sys, h5py\n"
                      "with h5py.File(sys.argv[1]) as f:\n"
                      "    g = f['spikes/input']\n"
                      "    kinds = h5py.check_enum_dtype(g.attrs.get_id('sorting').dtype)\n"
                      "    print(sorted(kinds.items()), int(g.attrs['sorting']),\n"
                      "          g['timestamps'].attrs['units'])\n");
    const std::string out = dir.file("out.txt");
    REQUIRE(std::system(("/usr/bin/python3 " + script + " " + file + " >" + out).c_str()) == 0);
    REQUIRE(test::read_file(out) == "[('by_id', 1), ('by_time', 2), ('none', 0)] 2 ms\n");
}
