#include "cli/two_input_command.hpp"

#include "cli/format.hpp"
#include "cli/plotting.hpp"
#include "cli/run_network.hpp"
#include "experiments/two_input_config.hpp"
#include "experiments/two_input_output.hpp"
#include "io/output_files.hpp"
#include "sim/version.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <memory>
#include <optional>
#include <set>

namespace spikesim::cli {
namespace {

// The settings of the command itself, beside the experiment's options.
struct TwoInputCommand {
    TwoInputOptions options;
    std::optional<std::string> config;
    std::string out = "results/two_input.h5";
    bool no_sweep = false, plot = false;
    int threads = 0;
    std::vector<double> times_a, times_b; // --times-a, --times-b
};

void print_table(const TwoInputResult& result) {
    const TwoInputParams& p = result.params;
    const auto& results = result.conditions;
    const Sweep* sweep = result.sweep ? &*result.sweep : nullptr;
    const double rate = 1000.0 * p.spikes / p.window;
    std::printf(
        "two-input: two inputs of N = %d spikes in %g ms each (%g Hz each); LIF tau_m %g ms, "
        "threshold %g mV above rest, %g mV per input spike\n\n",
        p.spikes, p.window, rate, p.tau_m, p.v_th - p.e_l, p.weight);
    std::printf("%-12s %8s %12s %12s %15s %17s %12s\n", "condition", "trials", "rate A (Hz)",
                "rate B (Hz)", "output spikes", "first spike (ms)", "peak v (mV)");
    for (const auto& r : results) {
        double first = std::nan("");
        for (const auto& t : r.trials)
            if (!t.output.empty())
                first = std::isnan(first) ? t.output[0] : std::min(first, t.output[0]);
        std::printf(
            "%-12s %8zu %12.1f %12.1f %15s %17s %12.2f\n", to_string(r.condition), r.trials.size(),
            r.mean_input_spikes_a() * 1000.0 / p.window,
            r.mean_input_spikes_b() * 1000.0 / p.window,
            number_or_dash(r.mean_output_spikes(), r.trials.size() > 1 ? "%.2f" : "%.0f").c_str(),
            number_or_dash(first, "%.3f").c_str(), r.mean_peak());
    }
    std::printf("(poisson: means over trials; first spike: earliest over trials)\n");
    if (!sweep) return;
    std::printf("\ntiming effect |n_early_late - n_uniform| / (n_early_late + n_uniform): 1 = the "
                "response is all "
                "timing, 0 = rate alone decides, - = no output in either condition\n%-10s",
                "tau_m\\N");
    for (int n : sweep->spikes)
        std::printf("%6d", n);
    std::printf("\n");
    for (std::size_t ti = 0; ti < sweep->tau_m.size(); ++ti) {
        std::printf("%-10g", sweep->tau_m[ti]);
        for (std::size_t ni = 0; ni < sweep->spikes.size(); ++ni)
            std::printf(
                "%6s",
                number_or_dash(sweep->effect[ti * sweep->spikes.size() + ni], "%.2f").c_str());
        std::printf("\n");
    }
}

// The fields given on the command line (they win over a config file).
std::set<std::string> given_fields(const CLI::App& cmd) {
    std::set<std::string> given;
    for (const CLI::Option* opt : cmd.get_options())
        if (opt->count() > 0)
            for (std::string name : opt->get_lnames()) {
                std::replace(name.begin(), name.end(), '-', '_');
                given.insert(name == "no_sweep" ? "sweep" : name);
            }
    return given;
}

int run(TwoInputCommand c, const CLI::App& cmd, const std::string& command_line) {
    FieldOrigins origins = flag_origins(cmd);
    origins.set("sweep", {"command line", "--no-sweep", std::nullopt});
    if (c.no_sweep) c.options.sweep = false;
    const std::set<std::string> given = given_fields(cmd);
    if (given.count("times_a") != given.count("times_b"))
        throw InputError("command line", given.count("times_a") ? "--times-b" : "--times-a",
                         "input B's and A's trains given together (an empty --times-b= for "
                         "none)",
                         "none");
    if (given.count("times_a")) c.options.params.custom = InputTrains{c.times_a, c.times_b};
    if (c.config) read_two_input_config(*c.config, c.options, given, origins);
    return attributed(origins, "two_input", [&] {
        c.options.validate();
        prepare_output_path(c.out, !given.count("out"), "--out");
        if (c.config) require_not_an_input(c.out, "--out", {*c.config});
        if (c.plot) require_plotting();
        const auto limit = limit_threads(c.threads);
        const TwoInputResult result = run_two_input(c.options);
        print_table(result);
        const TwoInputParams& p = c.options.params;
        write_two_input(
            result, c.out,
            Provenance{version, command_line, two_input_config_text(p), p.seed, c.threads});
        std::printf("\noutput: %s\n", c.out.c_str());
        if (c.plot) plot_experiment("plot_two_input.py", c.out);
        return 0;
    });
}

std::string flag_of(const char* key) {
    std::string flag = std::string("--") + key;
    std::replace(flag.begin(), flag.end(), '_', '-');
    return flag;
}

} // namespace

Command add_two_input_command(CLI::App& app) {
    auto c = std::make_shared<TwoInputCommand>();
    TwoInputParams& p = c->options.params;
    auto* cmd = app.add_subcommand(
        "two-input",
        "Two inputs with the same spike rate but different timing drive a LIF neuron differently");
    cmd->add_option("--config,-c", c->config,
                    "TOML file with a [two_input] table (keys as the options, with _)")
        ->type_name("FILE.toml");
    cmd->add_option("--spikes,-N", p.spikes, "N, spikes per input within the window")
        ->default_val(p.spikes)
        ->type_name("N");
    for (const auto& n : two_input_numbers)
        cmd->add_option(flag_of(n.key), p.*n.field, n.help)
            ->default_val(p.*n.field)
            ->type_name("X");
    cmd->add_option("--trials", p.trials, "Poisson trials")->default_val(p.trials)->type_name("N");
    cmd->add_option("--seed,-s", p.seed, "random seed (Poisson trains)")
        ->check(whole_number())
        ->default_val(p.seed)
        ->type_name("SEED");
    cmd->add_option("--sweep-spikes", c->options.sweep_spikes, "N values of the sweep")
        ->delimiter(',')
        ->default_str("1,2,3,4,5,6,8,10,12,15,20")
        ->type_name("N,N,...");
    cmd->add_option("--sweep-tau-m", c->options.sweep_tau_m, "tau_m values of the sweep, ms")
        ->delimiter(',')
        ->default_str("1,2,5,10,20,50,100")
        ->type_name("MS,MS,...");
    cmd->add_option(
           "--times-a", c->times_a,
           "your own spike times for input A, ms, in [0, window): run as the "
           "condition custom beside the others (with --times-b; an empty --times-b= for none)")
        ->delimiter(',')
        ->expected(0, -1)
        ->type_name("MS,MS,...");
    cmd->add_option("--times-b", c->times_b, "your own spike times for input B, ms")
        ->delimiter(',')
        ->expected(0, -1)
        ->type_name("MS,MS,...");
    cmd->add_flag("--no-sweep", c->no_sweep, "skip the (N, tau_m) sweep");
    cmd->add_option("--out,-o", c->out, "HDF5 output (SONATA spikes and membrane reports)")
        ->default_val(c->out)
        ->type_name("FILE.h5");
    cmd->add_flag("--plot", c->plot, "write PNG figures next to the output file");
    add_threads_flag(cmd, c->threads, "worker threads for the sweep (0: every core)");
    cmd->footer(
        "Conditions: uniform (spikes evenly over the window, B half an interval after "
        "A), early_late (A's N spikes in the first burst ms, B's in the last), "
        "synchronous (both in the first burst, coincident), poisson (Poisson trains of "
        "the same rate), and custom when --times-a and --times-b (or times_a, times_b) give "
        "your own trains: ascending, without repeats, within the window. A --config file's "
        "[two_input] table takes the same keys as the "
        "options (tau_m for --tau-m, sweep = false for --no-sweep; docs/config.md); "
        "options given on the command line win.");
    return {cmd, [=](const std::string& command_line) { return run(*c, *cmd, command_line); }};
}

} // namespace spikesim::cli
