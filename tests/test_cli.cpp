// The command line against bad input: every case exits with status 2, names the file, the
// key and what was expected, and leaves an existing output file untouched.
#include "helpers.hpp"
#include "io/spike_file.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <sstream>
#include <unistd.h>

using namespace spikesim;
using Catch::Contains;

namespace {

const std::string valid = R"(
[simulation]
duration = 50.0
seed = 3

[[population]]
name = "in"
model = "poisson"
dale = "excitatory"
size = 10
rate = 50.0

[[population]]
name = "n"
model = "lif_delta"
dale = "excitatory"
size = 5
tau_m = 10.0
v_th = -50.0
v_reset = -65.0

[[projection]]
source = "in"
target = "n"
rule = "fixed_probability"
p = 0.5
weight = 2.0
delay = 1.0
)";

std::string replace(std::string text, const std::string& from, const std::string& to) {
    const auto at = text.find(from);
    REQUIRE(at != std::string::npos);
    return text.replace(at, from.size(), to);
}

// spikesim with `arguments` under a file size limit of `limit_kb`, which stands in for a
// full disk: a write past it fails with EFBIG (SIGXFSZ ignored). Its stderr and status go
// to the files "err" and "status" in `dir`.
test::CommandResult run_with_file_size_limit(const test::TempDir& dir, std::size_t limit_kb,
                                             const std::string& arguments) {
    const std::string script = "trap \"\" XFSZ; ulimit -f " + std::to_string(limit_kb) + "; " +
                               std::string(SPIKESIM_BINARY) + " " + arguments + " >/dev/null 2>" +
                               dir.file("err") + "; echo $? >" + dir.file("status");
    REQUIRE(std::system(("bash -c '" + script + "'").c_str()) == 0);
    return {std::stoi(test::read_file(dir.file("status"))), "", test::read_file(dir.file("err"))};
}

// What a write that hit the limit must look like: status 1, the file and the system's
// reason named, what the user is left with, and no HDF5 error stack.
void require_file_too_large(const test::CommandResult& r, const std::string& path,
                            const std::string& outcome) {
    INFO(r.err);
    REQUIRE(r.status == 1);
    REQUIRE_THAT(r.err, Contains("could not write " + path) && Contains("File too large") &&
                            Contains(outcome));
    REQUIRE_THAT(r.err, !Contains("HDF5-DIAG") && !Contains("internal error"));
}

struct BadCase {
    std::string what, config;
    std::vector<std::string> expected; // substrings of the message
};

} // namespace

TEST_CASE("the valid base config runs and writes its file", "[cli]") {
    test::TempDir dir;
    const auto config = dir.write("ok.toml", valid);
    const auto r = test::run_spikesim("run " + config + " --out " + dir.file("ok.h5") + " -q");
    INFO(r.err);
    REQUIRE(r.status == 0);
    REQUIRE_THAT(r.out, Contains("synaptic events"));
    REQUIRE(std::filesystem::exists(dir.file("ok.h5")));
}

TEST_CASE(
    "bad configs exit with status 2, a message naming file, key and expectation, and no output",
    "[cli][bad-input]") {
    const std::vector<BadCase> cases{
        {"unknown key",
         replace(valid, "tau_m = 10.0", "tau_mm = 10.0"),
         {"population[1].tau_mm", "a key this section knows", ":18:"}},
        {"unknown projection key",
         replace(valid, "p = 0.5", "p = 0.5\nprobability = 0.5"),
         {"projection[0].probability", "a key this section knows"}},
        {"missing key", replace(valid, "size = 5\n", ""), {"population[1].size", "required"}},
        {"wrong type",
         replace(valid, "size = 5", "size = \"five\""),
         {"population[1].size", "an integer", "\"five\""}},
        {"NaN", replace(valid, "tau_m = 10.0", "tau_m = nan"), {"population[1].tau_m", "finite"}},
        {"infinity", replace(valid, "rate = 50.0", "rate = inf"), {"population[0].rate", "finite"}},
        {"tau <= 0",
         replace(valid, "tau_m = 10.0", "tau_m = -2.0"),
         {"population[1].tau_m", "> 0", "-2"}},
        {"threshold <= reset",
         replace(valid, "v_th = -50.0", "v_th = -70.0"),
         {"population[1].v_th", "v_reset"}},
        {"negative delay",
         replace(valid, "delay = 1.0", "delay = -1.0"),
         {"projection[0].delay", ">= 0"}},
        {"probability > 1", replace(valid, "p = 0.5", "p = 1.5"), {"projection[0].p", "[0, 1]"}},
        {"probability < 0", replace(valid, "p = 0.5", "p = -0.1"), {"projection[0].p", "[0, 1]"}},
        {"empty population",
         replace(valid, "size = 5", "size = 0"),
         {"population[1].size", "between 1"}},
        {"unknown population",
         replace(valid, "target = \"n\"", "target = \"m\""),
         {"projection[0].target", "\"m\""}},
        {"Dale's law",
         replace(valid, "weight = 2.0", "weight = -2.0"),
         {"projection[0]", "'in->n'", "-2", "excitatory"}},
        {"unknown model",
         replace(valid, "model = \"lif_delta\"", "model = \"lif_deltaa\""),
         {"population[1].model", "lif_exp"}},
        {"unknown rule",
         replace(valid, "fixed_probability", "fixed_probabilty"),
         {"projection[0].rule", "one_to_one"}},
        {"bad dale",
         replace(valid, "dale = \"excitatory\"\nsize = 5", "dale = \"exc\"\nsize = 5"),
         {"population[1].dale", "mixed"}},
        {"not TOML", "this is [not toml", {"valid TOML"}},
        {"duplicate population",
         replace(valid, "name = \"n\"", "name = \"in\""),
         {"population[1].name", "not used before"}},
        {"zero duration",
         replace(valid, "duration = 50.0", "duration = 0.0"),
         {"simulation.duration", "> 0"}},
        {"no population", "[simulation]\nduration = 5.0\n", {"population", "required"}},
    };
    for (const auto& c : cases) {
        SECTION(c.what) {
            test::TempDir dir;
            const auto config = dir.write("bad.toml", c.config);
            const auto out = dir.write("existing.h5", "precious");
            const auto r = test::run_spikesim("run " + config + " --out " + out + " -q");
            INFO(c.what << "\nstderr: " << r.err);
            REQUIRE(r.status == 2);
            REQUIRE_THAT(r.err, Contains("bad.toml"));
            for (const auto& e : c.expected)
                REQUIRE_THAT(r.err, Contains(e));
            REQUIRE(test::read_file(out) == "precious"); // not overwritten
            REQUIRE(std::distance(std::filesystem::directory_iterator(dir.path()), {}) ==
                    2); // nothing created
        }
    }
}

TEST_CASE("unreadable config files exit with status 2", "[cli][bad-input]") {
    test::TempDir dir;
    auto r = test::run_spikesim("run " + dir.file("absent.toml") + " -q");
    REQUIRE(r.status == 2);
    REQUIRE_THAT(r.err, Contains("absent.toml") && Contains("readable TOML file"));
    r = test::run_spikesim("run " + dir.path().string() + " -q");
    REQUIRE(r.status == 2);
    REQUIRE_THAT(r.err, Contains("readable TOML file"));
    REQUIRE(!std::filesystem::exists("results/absent.h5"));
}

TEST_CASE("bad command-line values exit with status 2 and create nothing", "[cli][bad-input]") {
    test::TempDir dir;
    const auto config = dir.write("ok.toml", valid);
    struct Case {
        std::string args, expected;
    };
    const std::vector<Case> cases{
        {"run " + config + " --out " + dir.file("no/such/dir/x.h5"), "no directory"},
        {"run " + config + " --out " + dir.path().string(), "a directory"},
        {"run " + config + " --duration nan --out " + dir.file("x.h5"), "--duration"},
        {"run " + config + " --duration -5 --out " + dir.file("x.h5"), "--duration"},
        {"run " + config + " --threads -1 --out " + dir.file("x.h5"), "--threads"},
        {"run " + config + " --seed abc --out " + dir.file("x.h5"), "--seed"},
        {"run " + config + " --bogus", "--bogus"},
        {"cuba --neurons 2", "--neurons"},
        {"cuba --delay -1", "--delay"},
        {"cuba --out " + dir.file("missing/c.h5"), "no directory"},
        {"frobnicate", "frobnicate"},
        {"", "ubcommand is required"},
    };
    for (const auto& c : cases) {
        const auto r = test::run_spikesim(c.args);
        INFO(c.args << "\nstderr: " << r.err);
        REQUIRE(r.status == 2);
        REQUIRE_THAT(r.err, Contains(c.expected));
    }
    REQUIRE(std::distance(std::filesystem::directory_iterator(dir.path()), {}) ==
            1); // only ok.toml
}

namespace {
// The whitespace-separated words of the output line that starts with `start`.
std::vector<std::string> words_of_line(const std::string& out, const std::string& start) {
    std::istringstream lines(out);
    std::string line;
    while (std::getline(lines, line))
        if (line.rfind(start, 0) == 0) {
            std::istringstream words(line.substr(start.size()));
            std::vector<std::string> w;
            for (std::string x; words >> x;)
                w.push_back(x);
            return w;
        }
    return {};
}
} // namespace

TEST_CASE("the summary's last row counts neurons, not spike sources", "[cli]") {
    // It averaged 10 Poisson sources at 50 Hz with 5 neurons into one rate.
    test::TempDir dir;
    auto r =
        test::run_spikesim("run " + dir.write("ok.toml", valid) + " -q --out " + dir.file("ok.h5"));
    INFO(r.out << r.err);
    REQUIRE(r.status == 0);
    const auto all = words_of_line(r.out, "all neurons");
    REQUIRE(all.size() == 4); // neurons, synapses out, spikes, rate
    REQUIRE(all[0] == "5");
    const auto n = words_of_line(r.out, "n ");
    REQUIRE(n.size() == 6);
    REQUIRE(all[2] == n[4]); // the neurons' spikes, and so their rate
    REQUIRE(all[3] == n[5]);
    // A network without synapses: no minimum delay to speak of.
    r = test::run_spikesim("run " +
                           dir.write("alone.toml", "[[population]]\nname = \"n\"\nmodel = "
                                                   "\"lif_delta\"\nsize = 2\ni_e = 20.0\n") +
                           " -q --out " + dir.file("alone.h5"));
    REQUIRE(r.status == 0);
    REQUIRE_THAT(r.out, Contains("no synapses") && !Contains("the minimum delay"));
}

TEST_CASE("--help teaches and --version answers", "[cli]") {
    auto r = test::run_spikesim("--help");
    REQUIRE(r.status == 0);
    REQUIRE_THAT(r.out, Contains("run") && Contains("cuba") && Contains("Examples"));
    r = test::run_spikesim("run --help");
    REQUIRE(r.status == 0);
    REQUIRE_THAT(r.out, Contains("--threads") && Contains("--out") && Contains("docs/config.md"));
    r = test::run_spikesim("--version");
    REQUIRE(r.status == 0);
    REQUIRE_THAT(r.out, Contains("spikesim 0."));
}

TEST_CASE("cuba runs from the command line and records only with --out", "[cli]") {
    test::TempDir dir;
    auto r = test::run_spikesim("cuba --neurons 500 --duration 200 -q");
    REQUIRE(r.status == 0);
    REQUIRE_THAT(r.out, Contains("exc") && Contains("inh") && Contains("real-time factor"));
    r = test::run_spikesim("cuba --neurons 500 --duration 200 -q --out " + dir.file("c.h5"));
    REQUIRE(r.status == 0);
    REQUIRE(std::filesystem::exists(dir.file("c.h5")));
}

TEST_CASE("an interrupted run exits with 130 and leaves no output file", "[cli]") {
    test::TempDir dir;
    const std::string out = dir.file("cut.h5");
    // A run of several seconds, interrupted after one.
    const std::string script = std::string(SPIKESIM_BINARY) + " cuba --neurons 100000 -q --out " +
                               out + " >/dev/null 2>" + dir.file("err") +
                               " & pid=$!; sleep 1; kill -INT $pid; wait $pid; echo $? >" +
                               dir.file("status");
    REQUIRE(std::system(("bash -c '" + script + "'").c_str()) == 0);
    REQUIRE(test::read_file(dir.file("status")) == "130\n");
    REQUIRE_THAT(test::read_file(dir.file("err")),
                 Contains("interrupted") && Contains("no output file"));
    REQUIRE(!std::filesystem::exists(out));
    REQUIRE(std::distance(std::filesystem::directory_iterator(dir.path()), {}) == 2); // err, status
}

TEST_CASE("an output file that cannot be written in full is an error with its reason, and "
          "no file is left",
          "[cli][hdf5]") {
    // The limit, 64 KB, is hit by the writer's thread during the 1 s run (its chunk cache
    // overflows), and by the final flush in the 100 ms run.
    test::TempDir dir;
    const std::string out = dir.file("big.h5");
    const std::string duration = GENERATE("1000", "100");
    CAPTURE(duration);
    const auto r = run_with_file_size_limit(
        dir, 64, "cuba --neurons 50000 --threads 2 -q --duration " + duration + " --out " + out);
    require_file_too_large(r, out, "no output file written");
    REQUIRE(!std::filesystem::exists(out));
    REQUIRE(std::distance(std::filesystem::directory_iterator(dir.path()), {}) == 2); // err, status
}

TEST_CASE("analyze that cannot write its results leaves the spike file as it was",
          "[cli][hdf5][analysis]") {
    // HDF5 would change the file in place: a full disk half way through would break the
    // file that holds the spikes. The limit stops the copy of the file (its size less
    // 8 KB), or lets the copy be made but not the 160 KB of per-neuron rates (plus 40 KB).
    const int margin_kb = GENERATE(-8, 40);
    CAPTURE(margin_kb);
    test::TempDir dir;
    const std::string file = dir.file("c.h5");
    REQUIRE(test::run_spikesim("cuba --neurons 20000 --duration 1000 -q --out " + file).status ==
            0);
    const std::string before = test::read_file(file);
    const auto limit_kb =
        static_cast<std::size_t>(static_cast<int>(before.size() / 1024) + margin_kb);
    const auto r = run_with_file_size_limit(dir, limit_kb, "analyze " + file);
    require_file_too_large(r, file, "the file is left as it was");
    REQUIRE(test::read_file(file) == before);
    // c.h5, err and status: no temporary copy left behind.
    REQUIRE(std::distance(std::filesystem::directory_iterator(dir.path()), {}) == 3);
    // Without the limit the same command writes its results.
    const auto ok = test::run_spikesim("analyze " + file);
    INFO(ok.err);
    REQUIRE(ok.status == 0);
    REQUIRE(test::read_file(file).size() > before.size());
}

TEST_CASE("analyze through a symbolic link updates the file it points to", "[cli][analysis]") {
    test::TempDir dir;
    std::filesystem::create_directory(dir.file("data"));
    const std::string file = dir.file("data/c.h5"), link = dir.file("link.h5");
    REQUIRE(test::run_spikesim("cuba --neurons 400 --duration 200 -q --out " + file).status == 0);
    std::filesystem::create_symlink(file, link);
    const auto r = test::run_spikesim("analyze " + link);
    INFO(r.err);
    REQUIRE(r.status == 0);
    REQUIRE(std::filesystem::is_symlink(link));
    REQUIRE_THAT(test::read_file(file), Contains("analysis"));
    REQUIRE(std::distance(std::filesystem::directory_iterator(dir.file("data")), {}) == 1);
}

TEST_CASE("the option --compress stores the same spikes in a smaller file", "[cli][hdf5]") {
    test::TempDir dir;
    const std::string run = "cuba --neurons 4000 --duration 500 -q --out ";
    REQUIRE(test::run_spikesim(run + dir.file("fast.h5")).status == 0);
    REQUIRE(test::run_spikesim(run + dir.file("compact.h5") + " --compress").status == 0);
    const auto fast = read_spike_file(dir.file("fast.h5"));
    const auto compact = read_spike_file(dir.file("compact.h5"));
    REQUIRE(fast.populations.size() == 2);
    REQUIRE(compact.populations.size() == 2);
    for (std::size_t p = 0; p < 2; ++p) {
        CAPTURE(fast.populations[p].name);
        REQUIRE(fast.populations[p].times.size() > 1000);
        REQUIRE(compact.populations[p].times == fast.populations[p].times);
        REQUIRE(compact.populations[p].node_ids == fast.populations[p].node_ids);
    }
    // Deflated times shrink to about 2/3; packed and deflated ids are about even.
    const auto fast_bytes = std::filesystem::file_size(dir.file("fast.h5"));
    const auto compact_bytes = std::filesystem::file_size(dir.file("compact.h5"));
    CAPTURE(fast_bytes, compact_bytes);
    REQUIRE(static_cast<double>(compact_bytes) < 0.85 * static_cast<double>(fast_bytes));
}

TEST_CASE("coba runs from the command line", "[cli][ode]") {
    test::TempDir dir;
    const auto r =
        test::run_spikesim("coba --neurons 400 --duration 200 -q --out " + dir.file("c.h5"));
    INFO(r.err);
    REQUIRE(r.status == 0);
    REQUIRE_THAT(r.out, Contains("lif_cond_exp") && Contains("kick"));
    REQUIRE(std::filesystem::exists(dir.file("c.h5")));
    REQUIRE(test::run_spikesim("coba --delay 0").status == 2); // the windowed loop needs a delay
}

TEST_CASE("a temporary file left by a killed run is removed by the next run into the same file",
          "[cli][hdf5]") {
    // After SIGKILL nothing can remove .out.h5.tmp.PID; it stayed for good. The run is
    // killed once its temporary exists (polled: a fixed sleep was too short under a
    // sanitizer on a loaded machine), or after 120 s.
    test::TempDir dir;
    const std::string out = dir.file("out.h5");
    const std::string script =
        std::string(SPIKESIM_BINARY) + " cuba --neurons 100000 -q --out " + out +
        " >/dev/null 2>&1 & pid=$!; for i in $(seq 1200); do ls -a " + dir.path().string() +
        " | grep -q out.h5.tmp && break; sleep 0.1; done; kill -KILL $pid; wait $pid; ls -a " +
        dir.path().string() + " >" + dir.file("listing");
    REQUIRE(std::system(("bash -c '" + script + "'").c_str()) == 0);
    REQUIRE_THAT(test::read_file(dir.file("listing")), Contains(".out.h5.tmp."));
    REQUIRE(!std::filesystem::exists(out));
    // A temporary of a process that still runs (this one) is left alone.
    const std::string alive = dir.write(".out.h5.tmp." + std::to_string(::getpid()), "x");
    const auto r = test::run_spikesim("cuba --neurons 500 --duration 50 -q --out " + out);
    REQUIRE(r.status == 0);
    REQUIRE(std::filesystem::exists(out));
    std::vector<std::string> left;
    for (const auto& e : std::filesystem::directory_iterator(dir.path()))
        left.push_back(e.path().filename().string());
    std::sort(left.begin(), left.end());
    REQUIRE(left == std::vector<std::string>{std::filesystem::path(alive).filename().string(),
                                             "listing", "out.h5"});
}

TEST_CASE("an output that is a symbolic link stays one: the file it points to is replaced",
          "[cli][hdf5]") {
    // run --out replaced the link with a regular file, while analyze wrote through it.
    test::TempDir dir;
    const std::string target = dir.file("target.h5"), link = dir.file("link.h5");
    std::filesystem::create_symlink(target, link);
    auto r = test::run_spikesim("cuba --neurons 500 --duration 50 -q --out " + link);
    INFO(r.err);
    REQUIRE(r.status == 0);
    REQUIRE(std::filesystem::is_symlink(link));
    REQUIRE(read_spike_file(target).populations.size() == 2);
    r = test::run_spikesim("analyze " + link);
    REQUIRE(r.status == 0);
    REQUIRE(std::filesystem::is_symlink(link));
}
