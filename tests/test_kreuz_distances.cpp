// ISI- and SPIKE-distances against PySpike (Debian python3-pyspike) on the same trains.
#include "analysis/kreuz_distances.hpp"
#include "helpers.hpp"
#include "sim/errors.hpp"

#include <catch2/catch.hpp>

#include <cstdlib>
#include <fstream>
#include <random>
#include <sstream>

using namespace spikesim;

namespace {
struct Case {
    double t0, t1;
    SpikeTrain a, b;
};

std::vector<Case> cases() {
    std::vector<Case> c{
        {0, 10, {1, 3, 7}, {2, 6, 9}},
        {0, 10, {0, 5, 10}, {0, 5, 10}},                  // identical, spikes on both edges
        {0, 10, {2.5}, {7.5}},                            // one spike each
        {0, 100, {10, 20, 30, 40}, {10, 25, 30, 60, 90}}, // coincidences
        {5, 25, {5, 6, 24}, {15}},
    };
    std::mt19937_64 rng(7);
    for (int k = 0; k < 40; ++k) {
        std::uniform_int_distribution<int> n(1, 30);
        std::uniform_real_distribution<double> u(0.0, 1000.0);
        Case x{0, 1000, {}, {}};
        for (int i = n(rng); i > 0; --i)
            x.a.push_back(u(rng));
        for (int i = n(rng); i > 0; --i)
            x.b.push_back(u(rng));
        std::sort(x.a.begin(), x.a.end());
        std::sort(x.b.begin(), x.b.end());
        c.push_back(x);
    }
    return c;
}
} // namespace

TEST_CASE("ISI- and SPIKE-distances: hand-checked values", "[analysis][distances]") {
    REQUIRE(isi_distance({0, 5, 10}, {0, 5, 10}, 0, 10) == 0.0);
    REQUIRE(spike_distance({0, 5, 10}, {0, 5, 10}, 0, 10) == 0.0);
    // Regular trains of intervals 2 and 4: the ISI profile is |2 - 4| / 4 = 0.5 everywhere.
    REQUIRE(isi_distance({0, 2, 4, 6, 8, 10, 12}, {0, 4, 8, 12}, 0, 12) == Approx(0.5));
    REQUIRE_THROWS_AS(isi_distance({}, {1.0}, 0, 10), InputError);
}

TEST_CASE("ISI- and SPIKE-distances agree with PySpike to 1e-9", "[analysis][distances][pyspike]") {
    if (std::system("/usr/bin/python3 -c 'import pyspike' >/dev/null 2>&1") != 0)
        FAIL("python3-pyspike is missing: run bash scripts/setup.sh");
    test::TempDir dir;
    const auto all = cases();
    {
        std::ofstream f(dir.file("trains.txt"));
        f.precision(17);
        for (const auto& c : all) {
            f << c.t0 << " " << c.t1 << "\n";
            for (double t : c.a)
                f << t << " ";
            f << "\n";
            for (double t : c.b)
                f << t << " ";
            f << "\n";
        }
    }
    const std::string script = dir.write("run.py", R"(import sys
import pyspike as spk
lines = open(sys.argv[1]).read().split("\n")
for k in range(0, len(lines) - 2, 3):
    t0, t1 = map(float, lines[k].split())
    a = [float(x) for x in lines[k + 1].split()]
    b = [float(x) for x in lines[k + 2].split()]
    s1, s2 = spk.SpikeTrain(a, [t0, t1]), spk.SpikeTrain(b, [t0, t1])
    print(repr(spk.isi_distance(s1, s2)), repr(spk.spike_distance(s1, s2)))
)");
    const std::string out = dir.file("out.txt");
    REQUIRE(std::system(("/usr/bin/python3 " + script + " " + dir.file("trains.txt") + " >" + out +
                         " 2>/dev/null")
                            .c_str()) == 0);
    std::istringstream results(test::read_file(out));
    for (const auto& c : all) {
        double isi_ref, spike_ref;
        REQUIRE(results >> isi_ref >> spike_ref);
        INFO("trains of " << c.a.size() << " and " << c.b.size() << " spikes on [" << c.t0 << ", "
                          << c.t1 << "]");
        REQUIRE(std::abs(isi_distance(c.a, c.b, c.t0, c.t1) - isi_ref) < 1e-9);
        REQUIRE(std::abs(spike_distance(c.a, c.b, c.t0, c.t1) - spike_ref) < 1e-9);
    }
}
