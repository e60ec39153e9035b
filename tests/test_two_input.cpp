// The two-input experiment against its scientific claim: equal rates, different timing,
// different response; the timing effect fades as tau_m grows.
#include "experiments/two_input.hpp"
#include "helpers.hpp"
#include "io/spike_file.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <filesystem>

using namespace spikesim;

TEST_CASE("two-input: both inputs have equal rates, measured on the generated trains",
          "[two_input]") {
    TwoInputParams p;
    p.trials = 400;
    const auto results = run_two_input(p);
    REQUIRE(results.size() == 4);
    for (const auto& r : results) {
        if (r.condition == Condition::poisson) continue;
        const auto& in = r.trials[0].inputs;
        REQUIRE(in.a.size() == std::size_t(p.spikes));
        REQUIRE(in.b.size() == std::size_t(p.spikes));
        for (double t : in.a)
            REQUIRE((t >= 0 && t < p.window));
        for (double t : in.b)
            REQUIRE((t >= 0 && t < p.window));
    }
    // Poisson: mean count N per window for both inputs; the mean of 400 trials has a
    // standard error of sqrt(N / 400) = 0.16 spikes. Allow 4 of them.
    const auto& poisson = results[3];
    REQUIRE(std::abs(poisson.mean_input_spikes_a() - p.spikes) < 4 * std::sqrt(p.spikes / 400.0));
    REQUIRE(std::abs(poisson.mean_input_spikes_b() - p.spikes) < 4 * std::sqrt(p.spikes / 400.0));
}

TEST_CASE("two-input: the membrane at the end of a burst is the sum of decayed PSPs",
          "[two_input][closed-form]") {
    TwoInputParams p;
    p.v_th = 100.0; // never fires: the trace is the pure sum
    p.v_reset = -65.0;
    const auto results = run_two_input(p);
    const auto& early_late = results[1].trials[0];
    const auto& in = early_late.inputs.a;
    const double t_end = in.back() + p.delay; // the last input of burst A arrives
    double expected = p.e_l;
    for (double t : in)
        expected += p.weight * std::exp(-(t_end - (t + p.delay)) / p.tau_m);
    const auto row = static_cast<std::size_t>(std::llround(t_end / p.record_interval));
    REQUIRE(std::abs(static_cast<double>(row) * p.record_interval - t_end) <
            1e-9); // the grid hits the arrival
    REQUIRE(early_late.trace[row] == Approx(expected).margin(1e-4));
    REQUIRE(early_late.trace[row - 1] <
            early_late.trace[row] - 0.9 * p.weight); // the jump is there
}

TEST_CASE("two-input at the defaults: early-late fires, uniform does not (the README's numbers)",
          "[two_input]") {
    const TwoInputParams p;
    const auto r = run_two_input(p);
    REQUIRE(r[0].condition == Condition::uniform);
    REQUIRE(r[0].mean_output_spikes() == 0);
    REQUIRE(r[0].mean_peak() < p.v_th - 4.0); // more than one input spike below threshold
    REQUIRE(r[1].condition == Condition::early_late);
    REQUIRE(r[1].mean_output_spikes() == 2); // one per burst
    REQUIRE(r[1].trials[0].output[0] ==
            Approx(11.0).margin(1e-12)); // 6th input of A arrives at 11 ms
    REQUIRE(r[2].condition == Condition::synchronous);
    REQUIRE(r[2].mean_output_spikes() == 3);
}

TEST_CASE("two-input: the timing effect is larger for short tau_m than for long tau_m",
          "[two_input][sweep]") {
    TwoInputParams p;
    const std::vector<int> n{6, 8, 10, 12, 15, 20};
    const std::vector<double> tau{5, 10, 50, 100};
    const Sweep s = sweep_two_input(p, n, tau);
    auto mean_effect = [&](std::size_t ti) {
        double sum = 0;
        int count = 0;
        for (std::size_t ni = 0; ni < n.size(); ++ni)
            if (double e = s.effect[ti * n.size() + ni]; std::isfinite(e)) {
                sum += e;
                ++count;
            }
        REQUIRE(count > 0);
        return sum / count;
    };
    const double short_tau = (mean_effect(0) + mean_effect(1)) / 2,
                 long_tau = (mean_effect(2) + mean_effect(3)) / 2;
    INFO("mean timing effect: tau 5-10 ms " << short_tau << ", tau 50-100 ms " << long_tau);
    REQUIRE(short_tau > 0.8);
    REQUIRE(long_tau < 0.2);
    // Long tau_m integrates: both conditions fire, with similar counts.
    REQUIRE(s.uniform_spikes[3 * n.size() + 2] > 0);
    REQUIRE(s.early_late_spikes[3 * n.size() + 2] > 0);
}

TEST_CASE("two-input: bad options exit with status 2 and write nothing",
          "[two_input][cli][bad-input]") {
    test::TempDir dir;
    const std::string out = " --out " + dir.file("t.h5");
    for (std::string args : {"--tau-m -1", "--spikes 0", "--v-th -70", "--weight nan", "--burst 80",
                             "--sweep-tau-m 5,-1", "--trials 0"}) {
        const auto r = test::run_spikesim("two-input " + args + out);
        INFO(args << ": " << r.err);
        REQUIRE(r.status == 2);
        REQUIRE_THAT(r.err, Catch::Contains(args.substr(0, args.find(' '))));
    }
    const auto config = dir.write("bad.toml", "[two_input]\ntau_m = 10.0\nspikez = 3\n");
    const auto r = test::run_spikesim("two-input --config " + config + out);
    REQUIRE(r.status == 2);
    REQUIRE_THAT(r.err, Catch::Contains("bad.toml:3") && Catch::Contains("two_input.spikez"));
    REQUIRE(std::distance(std::filesystem::directory_iterator(dir.path()), {}) == 1);
}

TEST_CASE("two-input: config values apply, flags override them, the file holds the populations",
          "[two_input][cli]") {
    test::TempDir dir;
    const auto config =
        dir.write("ti.toml", "[two_input]\ntau_m = 20.0\nspikes = 8\nsweep = false\n");
    const auto r = test::run_spikesim("two-input --config " + config + " --spikes 12 --out " +
                                      dir.file("t.h5"));
    INFO(r.err);
    REQUIRE(r.status == 0);
    REQUIRE_THAT(r.out, Catch::Contains("N = 12 spikes") && Catch::Contains("tau_m 20 ms"));
    REQUIRE_THAT(r.out, !Catch::Contains("timing effect"));
    REQUIRE(std::filesystem::exists(dir.file("t.h5")));
}

TEST_CASE("two-input: a bad value names the config file's line and key, or the flag",
          "[two_input][cli][bad-input]") {
    // The experiment names the field (tau_m); the command says where the value came from.
    test::TempDir dir;
    const std::string out = " --out " + dir.file("t.h5");
    const auto config = dir.write("bad.toml", "[two_input]\nspikes = 8\ntau_m = -1.0\n");
    auto r = test::run_spikesim("two-input --config " + config + out);
    INFO(r.err);
    REQUIRE(r.status == 2);
    REQUIRE_THAT(r.err, Catch::Contains("bad.toml:3: two_input.tau_m") &&
                            Catch::Contains("a finite number > 0"));
    r = test::run_spikesim("two-input --config " + config + " --tau-m -2" + out);
    REQUIRE(r.status == 2);
    REQUIRE_THAT(r.err, Catch::Contains("command line: --tau-m") && Catch::Contains("-2"));
    r = test::run_spikesim("two-input --burst 60" + out); // window/2 = 50
    REQUIRE(r.status == 2);
    REQUIRE_THAT(r.err, Catch::Contains("command line: --burst"));
    REQUIRE(std::distance(std::filesystem::directory_iterator(dir.path()), {}) == 1);
}

TEST_CASE("two-input: its file says how long the run was and how many neurons each "
          "population has",
          "[two_input][cli][hdf5]") {
    // Without simulated_ms a reader took the last spike as the end of the run (99.9 ms for
    // 121 ms), and without n_nodes silent neurons were dropped.
    test::TempDir dir;
    const std::string file = dir.file("t.h5");
    auto r = test::run_spikesim("two-input --no-sweep --trials 7 --out " + file);
    INFO(r.err);
    REQUIRE(r.status == 0);
    const SpikeFile f = read_spike_file(file);
    REQUIRE(f.duration_ms == 121.0); // window 100 + 20 + delay 1
    std::size_t seen = 0;
    for (const auto& p : f.populations) {
        INFO(p.name);
        REQUIRE(p.duration_ms == 121.0);
        const bool poisson = p.name.rfind("poisson", 0) == 0;
        REQUIRE(p.nodes == (poisson ? 7u : 1u));
        if (p.name == "uniform_output") REQUIRE(p.times.empty()); // silent, still there
        ++seen;
    }
    REQUIRE(seen == 12);
    r = test::run_spikesim("analyze " + file);
    REQUIRE(r.status == 0);
    REQUIRE_THAT(r.out, Catch::Contains("121.0 ms"));
}

TEST_CASE("two-input: the user's own trains run as the condition custom, beside the others",
          "[two_input]") {
    // Given early_late's own trains, custom must respond exactly as early_late does; given
    // the same spikes spread out, as uniform does.
    TwoInputParams p;
    p.custom = make_inputs(Condition::early_late, p);
    auto r = run_two_input(p);
    REQUIRE(r.size() == 5);
    REQUIRE(r[4].condition == Condition::custom);
    REQUIRE(r[4].trials.size() == 1);
    REQUIRE(r[4].trials[0].inputs.a == p.custom->a);
    REQUIRE(r[4].trials[0].output == r[1].trials[0].output);
    REQUIRE(r[4].trials[0].trace == r[1].trials[0].trace);
    REQUIRE(r[4].mean_output_spikes() == 2);

    p.custom = make_inputs(Condition::uniform, p);
    r = run_two_input(p);
    REQUIRE(r[4].trials[0].output.empty());
    REQUIRE(r[4].trials[0].trace == r[0].trials[0].trace);

    p.custom = InputTrains{{}, {}}; // silence: the membrane stays at rest
    r = run_two_input(p);
    REQUIRE(r[4].mean_peak() == Approx(p.e_l));
}

TEST_CASE("two-input: unsorted, repeated or out-of-window times and a missing train are "
          "refused, naming the flag or key and the element",
          "[two_input][cli][bad-input]") {
    test::TempDir dir;
    const std::string out = " --no-sweep --out " + dir.file("t.h5");
    const std::pair<std::string, std::string> cases[] = {
        {"--times-a 5,10,9 --times-b 1", "command line: --times-a[2]: expected times in ascending "
                                         "order without repeats (the time before is 10 ms), got 9"},
        {"--times-a 5 --times-b 3,3", "--times-b[1]: expected times in ascending order"},
        {"--times-a 5,100 --times-b 1", "--times-a[1]: expected a time in [0, window) = [0, 100)"},
        {"--times-a -1 --times-b 1", "--times-a[0]: expected a time in [0, window)"},
        {"--times-a 5,10", "--times-b: expected input B's and A's trains given together"},
    };
    for (const auto& [args, message] : cases) {
        const auto r = test::run_spikesim("two-input " + args + out);
        INFO(args << ": " << r.err);
        REQUIRE(r.status == 2);
        REQUIRE_THAT(r.err, Catch::Contains(message));
    }
    const auto unsorted = dir.write("u.toml", "[two_input]\ntimes_a = [1.0, 2.0]\n"
                                              "times_b = [30.0, 20.0]\n");
    auto r = test::run_spikesim("two-input --config " + unsorted + out);
    REQUIRE(r.status == 2);
    REQUIRE_THAT(r.err, Catch::Contains("u.toml:3: two_input.times_b[1]: expected times in "
                                        "ascending order"));
    const auto lonely = dir.write("l.toml", "[two_input]\ntimes_b = [1.0]\n");
    r = test::run_spikesim("two-input --config " + lonely + out);
    REQUIRE(r.status == 2);
    REQUIRE_THAT(r.err, Catch::Contains("two_input.times_a: expected an array of times"));
    REQUIRE(std::distance(std::filesystem::directory_iterator(dir.path()), {}) == 2);
}

TEST_CASE("two-input: --times-a and --times-b put the condition custom in the table and the file",
          "[two_input][cli]") {
    test::TempDir dir;
    const auto file = dir.file("t.h5");
    const auto r = test::run_spikesim(
        "two-input --no-sweep --times-a 0,2,4,6,8 --times-b 1,3,5,7,9 --out " + file);
    INFO(r.err);
    REQUIRE(r.status == 0);
    // Ten spikes within 10 ms, 4 mV each: threshold (15 mV) is reached.
    REQUIRE_THAT(r.out, Catch::Contains("custom              1         50.0         50.0"));
    const auto spikes = read_spike_file(file);
    bool found = false;
    for (const auto& pop : spikes.populations)
        if (pop.name == "custom_output") found = !pop.times.empty();
    REQUIRE(found);
}
