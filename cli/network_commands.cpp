#include "cli/network_commands.hpp"

#include "cli/run_network.hpp"
#include "config/network_config.hpp"
#include "experiments/coba.hpp"
#include "experiments/cuba.hpp"
#include "io/edges_file.hpp"
#include "io/output_files.hpp"
#include "sim/version.hpp"

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <optional>

namespace spikesim::cli {
namespace {

// The options every network command has.
struct CommonOptions {
    std::optional<std::string> out;
    int threads = -1; // -1: not given
    std::optional<std::uint64_t> seed;
    std::optional<double> duration;
    bool quiet = false;
    bool compress = false;
    std::optional<std::string> write_edges;
    bool overlap_exchange = false;
};

// `seed_default`: what the help shows as the seed's default (empty: none shown).
void add_common(CLI::App* cmd, CommonOptions& o, const std::string& seed_help,
                const std::string& seed_default) {
    cmd->add_option("--out,-o", o.out,
                    "HDF5 file to write (SONATA spikes and reports), on a thread of its own")
        ->type_name("FILE.h5");
    cmd->add_flag("--compress", o.compress,
                  "store the spikes deflated: files about 25 % smaller, for 4-5x the writer's "
                  "work (default: times as they are, ids packed)");
    add_threads_flag(cmd, o.threads, "worker threads (0: every core); results do not depend on it");
    auto* seed =
        cmd->add_option("--seed,-s", o.seed, seed_help)->type_name("SEED")->check(whole_number());
    if (!seed_default.empty()) seed->default_str(seed_default);
    cmd->add_option("--duration,-d", o.duration, "simulated time in ms")->type_name("MS");
    cmd->add_flag("--quiet,-q", o.quiet, "no progress line on stderr");
    cmd->add_option("--write-edges", o.write_edges,
                    "also write the built network's synapses as a SONATA edges file (per "
                    "projection: source and target ids, weight, delay; rule = \"file\" reads it)")
        ->type_name("FILE.h5");
    cmd->add_flag("--overlap-exchange", o.overlap_exchange,
                  "windows of half the minimum delay; each window's spikes travel between "
                  "processes (mpirun) while the next window advances, which hides an exchange "
                  "shorter than a window's work. Twice the windows. The spikes are the same "
                  "for any number of processes and threads with it, and differ in the last "
                  "bits from a run without it (README, 'On a cluster')");
}

// --write-edges: checked with the other paths before anything is built, written once the
// network is.
void check_edges_path(const CommonOptions& o, const std::vector<std::string>& inputs,
                      Communicator& comm) {
    if (!o.write_edges) return;
    on_root(comm, [&] {
        prepare_output_path(*o.write_edges, false, "--write-edges");
        std::vector<std::string> others = inputs;
        if (o.out) others.push_back(*o.out);
        require_not_an_input(*o.write_edges, "--write-edges", others);
    });
}

double seconds_since(std::chrono::steady_clock::time_point t) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
}

NetworkRunOptions run_options(const CommonOptions& o, double duration) {
    NetworkRunOptions r;
    r.duration = duration;
    r.out = o.out;
    r.storage = o.compress ? SpikeStorage::compact : SpikeStorage::fast;
    r.loop.overlap_exchange = o.overlap_exchange;
    return r;
}

int run_config(const std::string& config, const CommonOptions& o,
               const std::vector<std::string>& sets, const std::string& cmdline,
               Communicator& comm) {
    // A plain double, not an optional: GCC 12 warns that an optional<double> read after
    // the config is loaded may be uninitialized (a false positive that -Werror would fail on).
    const double flag_duration = o.duration ? checked_duration(*o.duration) : 0.0;
    check_edges_path(o, {config}, comm);
    on_root(comm, [&] {
        if (o.out) {
            prepare_output_path(*o.out, false, "--out");
            require_not_an_input(*o.out, "--out", {config});
        }
    });
    auto threads = limit_threads(o.threads);
    const auto start = std::chrono::steady_clock::now();
    // Rank 0 reads the file and sends its text: every rank builds from the same text.
    std::string text;
    on_root(comm, [&] { text = read_toml_text(config); });
    comm.broadcast(text);
    std::optional<ConfiguredRun> built;
    collectively(comm, [&] {
        built.emplace(
            load_config(parse_toml_text(config, std::move(text)), o.seed, sets, comm.partition()));
    });
    ConfiguredRun& c = *built;
    if (o.write_edges) write_edges(c.network, *o.write_edges, "--write-edges", comm);
    if (o.threads < 0) threads = limit_threads(c.run.threads);
    NetworkRunOptions r = run_options(o, o.duration ? flag_duration : c.run.duration);
    r.communicator = &comm;
    if (!r.out) {
        // Default: results/<config name>.h5, the directory made only now that the config
        // has been read without error.
        r.out = "results/" + std::filesystem::path(config).stem().string() + ".h5";
        on_root(comm, [&] { prepare_output_path(*r.out, true, "--out"); });
    }
    r.record = c.run.record;
    r.limits = c.run.limits;
    r.loop.overlap_exchange = o.overlap_exchange || c.run.loop.overlap_exchange;
    r.provenance = Provenance{version, cmdline, c.run.text, c.run.seed, 0};
    const RunReport report{"spikesim run " + config + ": seed " + std::to_string(c.run.seed),
                           seconds_since(start), !o.quiet};
    // The run's checks name its duration: the flag that gave it, or the config's key.
    FieldOrigins origins;
    origins.set("duration", o.duration ? FieldOrigins::Origin{"command line", "--duration", {}}
                                       : FieldOrigins::Origin{config, "simulation.duration", {}});
    return attributed(origins, "simulation",
                      [&] { return run_network_and_report(c.network, std::move(r), report); });
}

// CUBA and COBA: build (timed), run with spikes recorded only with --out.
int run_benchmark(const std::string& config, const std::string& title, const CommonOptions& o,
                  const std::string& cmdline, Communicator& comm,
                  const std::function<Network(Partition)>& build) {
    const double duration = checked_duration(o.duration.value_or(1000.0));
    check_edges_path(o, {}, comm);
    on_root(comm, [&] {
        if (o.out) prepare_output_path(*o.out, false, "--out");
    });
    auto threads = limit_threads(o.threads);
    const auto start = std::chrono::steady_clock::now();
    std::optional<Network> built;
    collectively(comm, [&] { built.emplace(build(comm.partition())); });
    Network& net = *built;
    if (o.write_edges) write_edges(net, *o.write_edges, "--write-edges", comm);
    NetworkRunOptions r = run_options(o, duration);
    r.communicator = &comm;
    if (o.out) r.record.spikes = {SpikeRecording("exc"), SpikeRecording("inh")};
    const std::uint64_t seed = net.seed();
    char text[64];
    std::snprintf(text, sizeof text, " duration=%g seed=%llu", duration,
                  static_cast<unsigned long long>(seed));
    r.provenance = Provenance{version, cmdline, config + text, seed, 0};
    const RunReport report{title + ", seed " + std::to_string(seed), seconds_since(start),
                           !o.quiet};
    FieldOrigins origins;
    origins.set("duration", {"command line", "--duration", {}});
    return attributed(origins, "simulation",
                      [&] { return run_network_and_report(net, std::move(r), report); });
}

std::string delay_text(double delay) {
    return std::to_string(delay).substr(0, 5);
}

std::string short_number(double x) { // as printf's %g
    char text[32];
    std::snprintf(text, sizeof text, "%g", x);
    return text;
}

} // namespace

Command add_run_command(CLI::App& app, Communicator& comm) {
    auto config = std::make_shared<std::string>();
    auto o = std::make_shared<CommonOptions>();
    auto* cmd = app.add_subcommand("run", "Run the network described by a TOML config file");
    cmd->add_option("config", *config, "TOML file (see docs/config.md and data/examples/)")
        ->required()
        ->type_name("CONFIG.toml");
    add_common(cmd, *o, "random seed (overrides [simulation].seed)", "");
    auto sets = std::make_shared<std::vector<std::string>>();
    cmd->add_option("--set", *sets,
                    "change a config value first (repeatable): simulation.duration=500, "
                    "population.exc.tau_m=15, population[1].v_th=-52, "
                    "projection.drive->exc.weight=0.3; the file records the effective config")
        ->type_name("KEY=VALUE")
        ->allow_extra_args(false);
    cmd->footer("Without --out the spikes go to results/<config name>.h5. Under 'mpirun -np N' "
                "the network is spread over N processes, with the same spikes (README: On a "
                "cluster).");
    return {cmd,
            [=, &comm](const std::string& cmdline) {
                return run_config(*config, *o, *sets, cmdline, comm);
            },
            true};
}

Command add_cuba_command(CLI::App& app, Communicator& comm) {
    auto cuba = std::make_shared<CubaOptions>();
    auto o = std::make_shared<CommonOptions>();
    auto* cmd = app.add_subcommand(
        "cuba", "CUBA benchmark network (Brette et al. 2007), 80 inputs per neuron");
    cmd->add_option("--neurons,-n", cuba->neurons, "number of neurons, 80 % excitatory")
        ->check(whole_number(UINT32_MAX))
        ->default_val(cuba->neurons)
        ->type_name("N");
    cmd->add_option("--delay", cuba->delay,
                    "synaptic delay in ms (0 selects the serial event queue)")
        ->default_val(cuba->delay)
        ->type_name("MS");
    add_common(cmd, *o, "random seed", "1");
    cmd->footer("Spikes are recorded only when --out is given. Default duration 1000 ms. Under "
                "'mpirun -np N' the network is spread over N processes, with the same spikes.");
    return {cmd,
            [=, &comm](const std::string& cmdline) {
                return attributed(flag_origins(*cmd), "cuba", [&] {
                    cuba->seed = o->seed.value_or(1);
                    cuba->validate();
                    const std::string title = "spikesim cuba: " + std::to_string(cuba->neurons) +
                                              " neurons, 80 inputs per neuron, delay " +
                                              delay_text(cuba->delay) + " ms";
                    const std::string config = "cuba neurons=" + std::to_string(cuba->neurons) +
                                               " delay=" + short_number(cuba->delay);
                    return run_benchmark(config, title, *o, cmdline, comm,
                                         [&](Partition part) { return build_cuba(*cuba, part); });
                });
            },
            true};
}

Command add_coba_command(CLI::App& app, Communicator& comm) {
    auto coba = std::make_shared<CobaOptions>();
    auto o = std::make_shared<CommonOptions>();
    auto* cmd = app.add_subcommand(
        "coba", "COBA benchmark network (Brette et al. 2007): conductance-based LIF, "
                "80 inputs per neuron");
    cmd->add_option("--neurons,-n", coba->neurons, "number of neurons, 80 % excitatory")
        ->check(whole_number(UINT32_MAX))
        ->default_val(coba->neurons)
        ->type_name("N");
    cmd->add_option("--delay", coba->delay, "synaptic delay in ms")
        ->default_val(coba->delay)
        ->type_name("MS");
    add_common(cmd, *o, "random seed", "1");
    cmd->footer("Spikes are recorded only when --out is given. Default duration 1000 ms. Under "
                "'mpirun -np N' the network is spread over N processes, with the same spikes.");
    return {cmd,
            [=, &comm](const std::string& cmdline) {
                return attributed(flag_origins(*cmd), "coba", [&] {
                    coba->seed = o->seed.value_or(1);
                    coba->validate();
                    const std::string title =
                        "spikesim coba: " + std::to_string(coba->neurons) +
                        " conductance-based LIF neurons, 80 inputs per neuron, "
                        "Poisson kick-start in the first 50 ms, delay " +
                        delay_text(coba->delay) + " ms";
                    const std::string config = "coba neurons=" + std::to_string(coba->neurons) +
                                               " delay=" + short_number(coba->delay);
                    return run_benchmark(config, title, *o, cmdline, comm,
                                         [&](Partition part) { return build_coba(*coba, part); });
                });
            },
            true};
}

} // namespace spikesim::cli
