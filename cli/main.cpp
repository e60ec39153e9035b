// spikesim: the command-line front end. Every subcommand validates its input before it
// creates anything; bad input exits with status 2 and a message naming the file, the key
// and what was expected.
#include "cli/analysis_commands.hpp"
#include "cli/anatomy_command.hpp"
#include "cli/coding_command.hpp"
#include "cli/kv_command.hpp"
#include "cli/run_network.hpp"
#include "cli/two_input_command.hpp"
#include "experiments/coba.hpp"
#include "experiments/cuba.hpp"
#include "config/network_config.hpp"
#include "sim/errors.hpp"
#include "io/hdf5_handle.hpp"
#include "sim/version.hpp"

#include <CLI/CLI.hpp>
#include <tbb/global_control.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <optional>

using namespace spikesim;

namespace {

struct CommonOptions {
    std::optional<std::string> out;
    int threads = -1; // -1: not given
    std::optional<std::uint64_t> seed;
    std::optional<double> duration;
    bool quiet = false;
    bool compress = false;
};

void add_common(CLI::App* cmd, CommonOptions& o, bool seed_default_note) {
    cmd->add_option("--out,-o", o.out,
                    "HDF5 file to write (SONATA spikes and reports), on a thread of its own")
        ->type_name("FILE.h5");
    cmd->add_flag("--compress", o.compress,
                  "store the spikes deflated: files about 25 % smaller, for 4-5x the writer's "
                  "work (default: times as they are, ids packed)");
    cmd->add_option("--threads,-t", o.threads,
                    "worker threads (0: every core); results do not depend on it")
        ->check(CLI::Range(0, 1024))
        ->type_name("N");
    cmd->add_option("--seed,-s", o.seed,
                    seed_default_note ? "random seed (overrides [simulation].seed)"
                                      : "random seed (default 1)")
        ->type_name("S");
    cmd->add_option("--duration,-d", o.duration, "simulated time in ms")->type_name("MS");
    cmd->add_flag("--quiet,-q", o.quiet, "no progress line on stderr");
}

std::string command_line(int argc, char** argv) {
    std::string s;
    for (int i = 0; i < argc; ++i)
        s += (i ? " " : "") + std::string(argv[i]);
    return s;
}

double checked_duration(const std::optional<double>& d, double fallback) {
    if (!d) return fallback;
    if (!std::isfinite(*d) || *d <= 0)
        throw InputError("command line", "--duration", "a finite number > 0 (ms)",
                         std::to_string(*d));
    return *d;
}

double seconds_since(std::chrono::steady_clock::time_point t) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
}

int run_config(const std::string& config, const CommonOptions& o, const std::string& cmdline) {
    const double duration_override = checked_duration(o.duration, 1.0);
    if (o.out) check_output_path(*o.out, "--out");
    auto threads = cli::limit_threads(o.threads);
    const auto start = std::chrono::steady_clock::now();
    ConfiguredRun c = load_config(config, o.seed);
    if (o.threads < 0) threads = cli::limit_threads(c.run.threads);
    cli::RunRequest r;
    r.duration = o.duration ? duration_override : c.run.duration;
    r.out = o.out;
    r.storage = o.compress ? SpikeStorage::compact : SpikeStorage::fast;
    if (!r.out) {
        // Default: results/<config name>.h5, the results directory made only now that
        // the config has been read without error.
        std::filesystem::create_directories("results");
        r.out = "results/" + std::filesystem::path(config).stem().string() + ".h5";
        check_output_path(*r.out, "--out");
    }
    r.record_spikes = c.run.record_spikes;
    r.record_membrane = c.run.record_membrane;
    r.provenance = Provenance{version, cmdline, c.run.text, c.run.seed, 0};
    r.build_seconds = seconds_since(start);
    r.progress = !o.quiet;
    r.title = "spikesim run " + config + ": seed " + std::to_string(c.run.seed);
    return cli::run_network(c.network, r);
}

// CUBA and COBA: validate, build (timed), run with spikes recorded only with --out.
template <class Build>
int run_benchmark(const char* name, std::uint32_t neurons, double delay, bool zero_delay_ok,
                  const CommonOptions& o, const std::string& cmdline,
                  const std::string& description, Build build) {
    const double duration = checked_duration(o.duration, 1000.0);
    if (!std::isfinite(delay) || delay < 0 || (!zero_delay_ok && delay == 0))
        throw InputError("command line", "--delay",
                         zero_delay_ok ? "a finite number >= 0 (ms)" : "a finite number > 0 (ms)",
                         std::to_string(delay));
    if (o.out) check_output_path(*o.out, "--out");
    auto threads = cli::limit_threads(o.threads);
    const auto start = std::chrono::steady_clock::now();
    const std::uint64_t seed = o.seed.value_or(1);
    Network net = build(seed);
    cli::RunRequest r;
    r.duration = duration;
    r.out = o.out;
    r.storage = o.compress ? SpikeStorage::compact : SpikeStorage::fast;
    if (o.out) r.record_spikes = {"exc", "inh"};
    char config[256];
    std::snprintf(config, sizeof config, "%s neurons=%u delay=%g duration=%g seed=%llu", name,
                  neurons, delay, duration, static_cast<unsigned long long>(seed));
    r.provenance = Provenance{version, cmdline, config, seed, 0};
    r.build_seconds = seconds_since(start);
    r.progress = !o.quiet;
    r.title = std::string("spikesim ") + name + ": " + std::to_string(neurons) + " " + description +
              ", delay " + std::to_string(delay).substr(0, 5) + " ms, seed " + std::to_string(seed);
    return cli::run_network(net, r);
}

int run_cuba(std::uint32_t neurons, double delay, const CommonOptions& o,
             const std::string& cmdline) {
    return run_benchmark("cuba", neurons, delay, true, o, cmdline, "neurons, 80 inputs per neuron",
                         [&](std::uint64_t seed) {
                             CubaOptions opts;
                             opts.neurons = neurons;
                             opts.delay = delay;
                             opts.seed = seed;
                             return build_cuba(opts);
                         });
}

int run_coba(std::uint32_t neurons, double delay, double tolerance, const CommonOptions& o,
             const std::string& cmdline) {
    if (!(tolerance > 0) || !std::isfinite(tolerance) || tolerance > 0.1)
        throw InputError("command line", "--tolerance", "a number in (0, 0.1]",
                         std::to_string(tolerance));
    return run_benchmark("coba", neurons, delay, false, o, cmdline,
                         "conductance-based LIF neurons (Odeint dopri5), 80 inputs per neuron, "
                         "Poisson kick-start in "
                         "the first 50 ms",
                         [&](std::uint64_t seed) {
                             CobaOptions opts;
                             opts.neurons = neurons;
                             opts.delay = delay;
                             opts.seed = seed;
                             opts.abs_tol = opts.rel_tol = tolerance;
                             return build_coba(opts);
                         });
}

} // namespace

int main(int argc, char** argv) {
    hdf5::skip_cleanup_at_exit(); // before anything else touches HDF5
    CLI::App app{"spikesim " + std::string(version) +
                 ": an exact event-driven simulator of spiking neural networks.\n"
                 "Spike times are exact (not on a time grid) and results are identical for any "
                 "number of threads."};
    app.set_version_flag("--version,-V", std::string("spikesim ") + version);
    app.require_subcommand(1);
    app.footer(
        "Examples:\n"
        "  spikesim two-input --plot          same rate, different timing, different response\n"
        "  spikesim coding --plot             one MLP as ANN, rate-coded and time-to-first-spike "
        "spiking\n"
        "  spikesim kv --plot                 a transformer feed-forward block as key-value "
        "memory\n"
        "  spikesim anatomy --preset gpt3     neurons and synapses of GPT-3 (or --json)\n"
        "  spikesim cuba --neurons 100000 --threads 2 --out results/cuba.h5\n"
        "  spikesim coba                      conductance-based benchmark (Boost.Odeint)\n"
        "  spikesim run data/examples/ei_network.toml --duration 500 --seed 7 --out ei.h5\n"
        "  spikesim analyze results/cuba.h5   rates, CV, Fano factor, synchrony; then: spikesim "
        "plot results/cuba.h5\n"
        "Config schema: docs/config.md. Bad input exits with status 2 and creates no file.\n"
        "Run 'spikesim SUBCOMMAND --help' for a subcommand's options.");

    CommonOptions common;
    std::string config;
    auto* run = app.add_subcommand("run", "Run the network described by a TOML config file");
    run->add_option("config", config, "TOML file (see docs/config.md and data/examples/)")
        ->required()
        ->type_name("CONFIG.toml");
    add_common(run, common, true);
    run->footer("Without --out the spikes go to results/<config name>.h5.");

    std::uint32_t neurons = 4000;
    double delay = 0.1;
    auto* cuba = app.add_subcommand(
        "cuba", "CUBA benchmark network (Brette et al. 2007), 80 inputs per neuron");
    cuba->add_option("--neurons,-n", neurons, "number of neurons, 80 % excitatory")
        ->check(CLI::Range(5u, 100000000u))
        ->default_val(4000)
        ->type_name("N");
    cuba->add_option("--delay", delay, "synaptic delay in ms (0 selects the serial event queue)")
        ->default_val(0.1)
        ->type_name("MS");
    add_common(cuba, common, false);
    cuba->footer("Spikes are recorded only when --out is given. Default duration 1000 ms.");

    cli::AnalyzeOptions analyze;
    auto* analyze_cmd = cli::add_analyze_command(app, analyze);
    cli::PlotOptions plot;
    auto* plot_cmd = cli::add_plot_command(app, plot);
    cli::AnatomyOptions anatomy;
    auto* anatomy_cmd = cli::add_anatomy_command(app, anatomy);
    cli::KvCommandOptions kv;
    auto* kv_cmd = cli::add_kv_command(app, kv);
    cli::CodingOptions coding;
    auto* coding_cmd = cli::add_coding_command(app, coding);
    cli::TwoInputOptions two_input;
    auto* two_input_cmd = cli::add_two_input_command(app, two_input);

    // CLI11 would read an unknown first word as a stray argument; name it instead.
    std::uint32_t coba_neurons = 4000;
    double coba_delay = 0.1;
    auto* coba = app.add_subcommand(
        "coba", "COBA benchmark network (Brette et al. 2007): conductance-based LIF, "
                "80 inputs per neuron");
    coba->add_option("--neurons,-n", coba_neurons, "number of neurons, 80 % excitatory")
        ->check(CLI::Range(5u, 100000000u))
        ->default_val(4000)
        ->type_name("N");
    coba->add_option("--delay", coba_delay, "synaptic delay in ms")
        ->default_val(0.1)
        ->type_name("MS");
    double coba_tolerance = 1e-9;
    coba->add_option("--tolerance", coba_tolerance,
                     "absolute and relative error tolerance of the integration")
        ->default_val(1e-9)
        ->type_name("TOL");
    CommonOptions coba_common;
    add_common(coba, coba_common, false);
    coba->footer("Spikes are recorded only when --out is given. Default duration 1000 ms.");

    if (argc > 1 && argv[1][0] != '-') {
        std::string names;
        bool known = false;
        for (const auto* sub : app.get_subcommands([](CLI::App*) { return true; })) {
            names += (names.empty() ? "" : ", ") + sub->get_name();
            known |= sub->get_name() == argv[1];
        }
        if (!known) {
            std::fprintf(stderr,
                         "spikesim: error: unknown subcommand '%s'; expected one of: %s\n"
                         "Run 'spikesim --help' for usage.\n",
                         argv[1], names.c_str());
            return 2;
        }
    }

    try {
        app.parse(argc, argv);
    } catch (const CLI::CallForHelp& e) {
        return app.exit(e);
    } catch (const CLI::CallForAllHelp& e) {
        return app.exit(e);
    } catch (const CLI::CallForVersion& e) {
        return app.exit(e);
    } catch (const CLI::ParseError& e) {
        std::fprintf(stderr, "spikesim: error: %s\nRun 'spikesim --help' for usage.\n", e.what());
        return 2;
    }

    cli::install_interrupt_handler();
    const std::string cmdline = command_line(argc, argv);
    try {
        if (run->parsed()) return run_config(config, common, cmdline);
        if (coba->parsed())
            return run_coba(coba_neurons, coba_delay, coba_tolerance, coba_common, cmdline);
        if (two_input_cmd->parsed()) return cli::run_two_input_command(two_input, cmdline);
        if (coding_cmd->parsed()) return cli::run_coding_command(coding, cmdline);
        if (kv_cmd->parsed()) return cli::run_kv_command(kv, cmdline);
        if (anatomy_cmd->parsed()) return cli::run_anatomy_command(anatomy);
        if (analyze_cmd->parsed()) return cli::run_analyze_command(analyze);
        if (plot_cmd->parsed()) return cli::run_plot_command(plot);
        return run_cuba(neurons, delay, common, cmdline);
    } catch (const InputError& e) {
        std::fprintf(stderr, "spikesim: error: %s\n", e.what());
        return 2;
    } catch (const OutputError& e) {
        std::fprintf(stderr, "spikesim: error: %s; %s\n", e.what(), e.outcome().c_str());
        return 1;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "spikesim: internal error: %s\n", e.what());
        return 1;
    }
}
