// Every finding of the black-box audit (issue 18): crafted configs, flags and spike files
// that crashed, hung, ran out of memory or were accepted silently. One row each: the exit
// status, what the message must say, and that nothing was created or changed.
#include "helpers.hpp"
#include "io/hdf5_handle.hpp"

#include <catch2/catch.hpp>

#include <filesystem>
#include <limits>
#include <map>

using namespace spikesim;

namespace {

struct BadInput {
    std::string what;
    std::map<std::string, std::string> files; // name -> content, made in a fresh directory
    std::string arguments;                    // $DIR is that directory
    std::vector<std::string> message;         // each must appear on stderr
    std::string shell_prefix = {};            // e.g. a ulimit
};

std::string replace_dir(std::string text, const std::string& dir) {
    for (std::size_t at; (at = text.find("$DIR")) != std::string::npos;)
        text.replace(at, 4, dir);
    return text;
}

std::string population(const std::string& name, const std::string& model, std::uint64_t size,
                       const std::string& keys = {}) {
    return "[[population]]\nname = \"" + name + "\"\nmodel = \"" + model +
           "\"\nsize = " + std::to_string(size) + "\n" + keys;
}

std::string projection(const std::string& rule_and_keys) {
    return "[[projection]]\nsource = \"n\"\ntarget = \"n\"\ndelay = 1.0\n" + rule_and_keys;
}

std::string driven_neuron(const std::string& weight) {
    return "[[population]]\nname = \"a\"\nmodel = \"spike_generator\"\ndale = "
           "\"excitatory\"\nspike_times = [[1.0]]\n" +
           population("n", "lif_delta", 1) +
           "[[projection]]\nsource = \"a\"\ntarget = \"n\"\nrule = \"all_to_all\"\ndelay = "
           "1.0\nweight = " +
           weight + "\n";
}

std::vector<BadInput> config_cases() {
    const std::string deep = "x = " + std::string(100000, '[') + std::string(100000, ']') + "\n";
    const std::string n10 = population("n", "lif_delta", 10);
    return {
        {"a TOML file nested 100,000 deep (a stack overflow in the parser)",
         {{"c.toml", deep}},
         "run $DIR/c.toml",
         {"c.toml:1", "nested at most 64 deep", "nesting 100000 deep"}},
        {"bytes that are not UTF-8 (toml11 read past its buffer on some; found by the fuzzer)",
         {{"c.toml", "a = 'abc\xff\xff'\n"}},
         "run $DIR/c.toml --out $DIR/o.h5 -q",
         {"c.toml:1", "UTF-8"}},
        {"the same through two-input --config",
         {{"c.toml", "[two_input]\n" + deep}},
         "two-input --config $DIR/c.toml --out $DIR/t.h5",
         {"c.toml:2", "nested at most 64 deep"}},
        {"a delay of 1e-300 ms (windows of 1e-300 ms)",
         {{"c.toml", n10 + "[[projection]]\nsource = \"n\"\ntarget = \"n\"\nrule = "
                           "\"one_to_one\"\nweight = 1.0\ndelay = 1e-300\n"}},
         "run $DIR/c.toml --out $DIR/o.h5 --duration 1 --threads 1 -q",
         {"--duration", "windows of the minimum delay"}},
        {"overlap_exchange that is not a boolean",
         {{"c.toml", "[simulation]\noverlap_exchange = \"yes\"\n" + n10}},
         "run $DIR/c.toml --out $DIR/o.h5 -q",
         {"c.toml:2", "simulation.overlap_exchange", "true or false"}},
        {"a huge duration on a quiet network with the exchange overlapped (windows of half "
         "the delay)",
         {{"c.toml", "[simulation]\nduration = 1e300\n" + n10}},
         "run $DIR/c.toml --out $DIR/o.h5 -q --overlap-exchange",
         {"c.toml: simulation.duration", "windows of half the minimum delay", "1e+300 ms"}},
        {"a huge duration on a quiet network",
         {{"c.toml", "[simulation]\nduration = 1e300\n" + n10}},
         "run $DIR/c.toml --out $DIR/o.h5 -q",
         {"c.toml: simulation.duration", "at most 1e+08 windows", "1e+300 ms"}},
        {"a membrane interval of 1e-9 ms",
         {{"c.toml",
           n10 + "[[record.membrane]]\npopulation = \"n\"\nneurons = [0]\ninterval = 1e-9\n"}},
         "run $DIR/c.toml --out $DIR/o.h5 -q",
         {"record membrane of 'n': interval", "samples per neuron"}},
        {"an AdEx v_peak where its exponential term overflows",
         {{"c.toml", population("n", "adex", 1, "v_peak = 2000.0\n")}},
         "run $DIR/c.toml --out $DIR/o.h5 -q",
         {"c.toml:5: population[0].v_peak", "v_t + 700 delta_t", "1349.6", "2000"}},
        {"an AdEx membrane time constant of 1e-301 ms (steps would never end)",
         {{"c.toml", population("n", "adex", 1, "c_m = 1e-300\n")}},
         "run $DIR/c.toml --out $DIR/o.h5 -q",
         {"c.toml:5: population[0].c_m", "c_m / g_l of at least 1e-6 ms", "1e-300"}},
        {"an Izhikevich a of 1e9 per ms",
         {{"c.toml", population("n", "izhikevich", 1, "a = 1e9\n")}},
         "run $DIR/c.toml --out $DIR/o.h5 -q",
         {"c.toml:5: population[0].a", "1e6 per ms", "1e+09"}},
        {"an Izhikevich rel_tol (a key of versions that integrated it with Odeint)",
         {{"c.toml", population("n", "izhikevich", 1, "rel_tol = 1e-8\n")}},
         "run $DIR/c.toml --out $DIR/o.h5 -q",
         {"c.toml:5: population[0].rel_tol", "expected a key this section knows"}},
        {"populations of more than 2^32 neurons in all (the first alone does not fit)",
         {{"c.toml",
           population("a", "lif_delta", 3000000000) + population("b", "lif_delta", 3000000000)}},
         "run $DIR/c.toml --out $DIR/o.h5 -q",
         {"population[0].size", "fits in memory", "192 GB"}},
        {"all-to-all of 10^10 synapses",
         {{"c.toml", population("n", "lif_delta", 100000) +
                         projection("rule = \"all_to_all\"\nweight = 1.0\n")}},
         "run $DIR/c.toml --out $DIR/o.h5 -q",
         {"c.toml:5: projection[0]", "fits in memory", "40 GB"}},
        {"a fixed in-degree k of 2*10^9",
         {{"c.toml", n10 + projection("rule = \"fixed_indegree\"\nk = 2000000000\nweight = 1\n")}},
         "run $DIR/c.toml --out $DIR/o.h5 -q",
         {"projection[0]", "fits in memory", "80 GB"}},
        {"a Poisson rate of 10^12 Hz",
         {{"c.toml", population("p", "poisson", 10, "rate = 1e12\n")}},
         "run $DIR/c.toml --out $DIR/o.h5 -q",
         {"population[0].rate", "1e6 Hz", "1e+12"}},
        {"a regular interval of 1e-300 ms",
         {{"c.toml", population("p", "regular", 10, "interval = 1e-300\n")}},
         "run $DIR/c.toml --out $DIR/o.h5 -q",
         {"population[0].interval", "1e-300"}},
        {"E_L of 1e300 with t_ref = 0",
         {{"c.toml", population("n", "lif_delta", 10, "e_l = 1e300\nt_ref = 0\n")}},
         "run $DIR/c.toml --out $DIR/o.h5 -q",
         {"population[0].e_l", "1e+300"}},
        {"I_e of 1e300 with t_ref = 0",
         {{"c.toml", population("n", "lif_exp", 10, "i_e = 1e300\nt_ref = 0\n")}},
         "run $DIR/c.toml --out $DIR/o.h5 -q",
         {"population[0].i_e", "1e+300"}},
        {"a neuron that fires every 2e-10 ms on its own",
         {{"c.toml",
           population("n", "lif_delta", 10, "v_reset = -50.0000000001\nt_ref = 0\ni_e = 20\n")}},
         "run $DIR/c.toml --out $DIR/o.h5 -q",
         {"population[0].t_ref", "at most every 1e-6 ms"}},
        {"a weight of 1e39 (beyond float32)",
         {{"c.toml", driven_neuron("1e39")}},
         "run $DIR/c.toml --out $DIR/o.h5 -q",
         {"projection[0].weight", "1e+39"}},
        {"a weight of 1e300",
         {{"c.toml", driven_neuron("1e300")}},
         "run $DIR/c.toml --out $DIR/o.h5 -q",
         {"projection[0].weight", "1e+300"}},
        {"a v_init range that overflows",
         {{"c.toml", population("n", "lif_delta", 10, "v_init = [-1e308, 1e308]\n")}},
         "run $DIR/c.toml --out $DIR/o.h5 -q",
         {"population[0].v_init", "-1e+308"}},
        {"an excitatory weight of -1e-50 (-0 as float32)",
         {{"c.toml", driven_neuron("-1e-50")}},
         "run $DIR/c.toml --out $DIR/o.h5 -q",
         {"projection[0].weight", "Dale's law", "-1e-50"}},
        {"--out equal to the config file (it would be overwritten)",
         {{"c.toml", n10}},
         "run $DIR/c.toml --out $DIR/c.toml -q",
         {"--out", "an input of the run", "c.toml"}},
        {"two-input --out equal to its --config",
         {{"c.toml", "[two_input]\nspikes = 4\n"}},
         "two-input --config $DIR/c.toml --out $DIR/c.toml",
         {"--out", "an input of the run"}},
        {"a network beyond the memory a 2 GiB limit leaves (was killed without a message)",
         {{"c.toml", population("n", "lif_delta", 40000) +
                         projection("rule = \"all_to_all\"\nweight = 1.0\n")}},
         "run $DIR/c.toml --out $DIR/o.h5 -q",
         {"projection[0]", "fits in memory", "ulimit -v"},
         "ulimit -v 2097152;"},
    };
}

std::vector<BadInput> flag_cases() {
    return {
        {"cuba --delay 1e-9 (the progress line announced 5,189,675 s left)",
         {},
         "cuba --delay 1e-9 -q",
         {"--duration", "windows of the minimum delay (1e-09 ms)"}},
        {"--seed -1", {}, "cuba --seed -1 -q", {"--seed", "whole number", "-1"}},
        {"a seed beyond 64 bits",
         {},
         "cuba --seed 18446744073709551616 -q",
         {"--seed", "18446744073709551616"}},
        {"anatomy counts beyond 2^64 (they wrapped around)",
         {},
         "anatomy --linear 4294967296,4294967297",
         {"--linear", "2^64"}},
        {"anatomy: a GPT beyond 2^64", {}, "anatomy --gpt 1000000000,1000000", {"--gpt"}},
    };
}

// The directory's files and their contents.
std::map<std::string, std::string> snapshot(const std::filesystem::path& dir) {
    std::map<std::string, std::string> files;
    for (const auto& e : std::filesystem::directory_iterator(dir))
        files[e.path().filename().string()] = test::read_file(e.path().string());
    return files;
}

// AddressSanitizer reserves terabytes of address space: under `ulimit -v` it cannot start.
#if defined(__SANITIZE_ADDRESS__)
constexpr bool address_sanitizer = true;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
constexpr bool address_sanitizer = true;
#else
constexpr bool address_sanitizer = false;
#endif
#else
constexpr bool address_sanitizer = false;
#endif

void check(const BadInput& c) {
    if (!c.shell_prefix.empty() && address_sanitizer) return;
    test::TempDir dir;
    for (const auto& [name, content] : c.files)
        dir.write(name, content);
    const auto before = snapshot(dir.path());
    const std::string args = replace_dir(c.arguments, dir.path().string());
    const auto r = c.shell_prefix.empty()
                       ? test::run_spikesim(args)
                       : test::run_shell(c.shell_prefix + " " + SPIKESIM_BINARY + " " + args);
    INFO(c.what << "\n  spikesim " << args << "\n  stderr: " << r.err);
    CHECK(r.status == 2);
    for (const auto& part : c.message)
        CHECK_THAT(r.err, Catch::Contains(part));
    CHECK_THAT(r.err, !Catch::Contains("internal error"));
    CHECK(snapshot(dir.path()) == before); // nothing created, nothing changed
}

} // namespace

TEST_CASE("bad configs of the audit exit with status 2, a message, and nothing written",
          "[bad-input][audit]") {
    for (const auto& c : config_cases())
        check(c);
}

TEST_CASE("bad flags of the audit exit with status 2 and a message", "[bad-input][audit]") {
    for (const auto& c : flag_cases())
        check(c);
}

namespace {

// A spike file with one population "p", then `spoil` applied to the open file.
template <class Spoil> void write_spike_file(const std::string& path, Spoil spoil) {
    auto file = hdf5::create_file(path);
    auto g = hdf5::create_group(file.get(), "/spikes/p");
    spoil(file.get(), g.get());
}

} // namespace

TEST_CASE("spike files the reader must not trust are refused by analyze and plot alike",
          "[bad-input][audit][analysis]") {
    // They gave std::bad_alloc, hangs, empty results or a Python traceback.
    const double t1[] = {1.0}, inf = std::numeric_limits<double>::infinity();
    const std::uint64_t id0[] = {0}, huge_id[] = {std::uint64_t(1) << 40};
    auto plain = [&](hid_t, hid_t g) {
        hdf5::write_vector(g, "timestamps", std::span<const double>(t1));
        hdf5::write_vector(g, "node_ids", std::span<const std::uint64_t>(id0));
    };
    struct Case {
        std::string what;
        std::function<void(hid_t, hid_t)> spoil;
        std::vector<std::string> message;
    };
    const std::vector<Case> cases{
        {"node ids of 2^40",
         [&](hid_t, hid_t g) {
             hdf5::write_vector(g, "timestamps", std::span<const double>(t1));
             hdf5::write_vector(g, "node_ids", std::span<const std::uint64_t>(huge_id));
         },
         {"/spikes/p/node_ids", "1099511627776"}},
        {"n_nodes = -1",
         [&](hid_t f, hid_t g) {
             plain(f, g);
             hdf5::write_attribute(g, "n_nodes", std::int64_t(-1));
         },
         {"/spikes/p n_nodes", "-1"}},
        {"simulated_ms = inf",
         [&](hid_t f, hid_t g) {
             plain(f, g);
             hdf5::write_attribute(f, "simulated_ms", inf);
         },
         {"simulated_ms", "inf"}},
        {"simulated_ms = 1e11",
         [&](hid_t f, hid_t g) {
             plain(f, g);
             hdf5::write_attribute(f, "simulated_ms", 1e11);
         },
         {"simulated_ms", "1e+11"}},
        {"2-D timestamps (flattened silently before)",
         [&](hid_t, hid_t g) {
             const double m[] = {1, 2, 3, 4};
             hdf5::write_matrix(g, "timestamps", 2, 2, m);
             hdf5::write_vector(g, "node_ids", std::span<const std::uint64_t>(id0));
         },
         {"/spikes/p/timestamps", "one-dimensional"}},
    };
    for (const auto& c : cases) {
        test::TempDir dir;
        const std::string file = dir.file("s.h5");
        write_spike_file(file, c.spoil);
        const std::string before = test::read_file(file);
        for (const std::string command : {"analyze ", "plot "}) {
            const auto r = test::run_spikesim(command + file);
            INFO(c.what << ": " << command << r.err);
            CHECK(r.status == 2);
            CHECK_THAT(r.err, Catch::Contains("s.h5"));
            for (const auto& part : c.message)
                CHECK_THAT(r.err, Catch::Contains(part));
            CHECK_THAT(r.err, !Catch::Contains("Traceback") && !Catch::Contains("internal"));
        }
        CHECK(test::read_file(file) == before);
        CHECK(std::distance(std::filesystem::directory_iterator(dir.path()), {}) == 1);
    }
}
