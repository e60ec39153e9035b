#include "cli/two_input_command.hpp"
#include "cli/format.hpp"

#include "cli/plotting.hpp"
#include "cli/run_network.hpp"
#include "sim/errors.hpp"
#include "io/sonata_writer.hpp"
#include "config/toml_reader.hpp"
#include "sim/version.hpp"

#include <tbb/global_control.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

namespace spikesim::cli {
namespace {

// Each parameter: its flag, its config key, where it lives.
struct NumberParam {
    const char* flag;
    const char* key;
    double TwoInputParams::*field;
    const char* help;
};
const NumberParam number_params[] = {
    {"--tau-m", "tau_m", &TwoInputParams::tau_m, "membrane time constant, ms"},
    {"--weight", "weight", &TwoInputParams::weight, "jump of v per input spike, mV"},
    {"--v-th", "v_th", &TwoInputParams::v_th, "threshold, mV"},
    {"--e-l", "e_l", &TwoInputParams::e_l, "resting potential, mV"},
    {"--v-reset", "v_reset", &TwoInputParams::v_reset, "reset potential, mV"},
    {"--t-ref", "t_ref", &TwoInputParams::t_ref, "refractory period, ms"},
    {"--delay", "delay", &TwoInputParams::delay, "synaptic delay, ms"},
    {"--window", "window", &TwoInputParams::window,
     "interval over which both inputs send N spikes, ms"},
    {"--burst", "burst", &TwoInputParams::burst, "burst width in early_late and synchronous, ms"},
    {"--record-interval", "record_interval", &TwoInputParams::record_interval,
     "membrane sampling interval, ms"},
};

void read_config(TwoInputOptions& o, const std::set<std::string>& given) {
    const std::string& file = *o.config;
    std::error_code ec;
    if (std::filesystem::is_directory(file, ec))
        throw InputError(file, "", "a readable TOML file", "a directory");
    std::ifstream in(file);
    if (!in) throw InputError(file, "", "a readable TOML file", "a file that cannot be opened");
    std::stringstream text;
    text << in.rdbuf();
    toml::value root;
    try {
        root = toml::parse(text, file);
    } catch (const std::exception& e) {
        throw InputError(file, "", "valid TOML", e.what());
    }
    TomlTable top(root, file, "");
    if (!top.has("two_input")) throw top.error("two_input", "a [two_input] table", "none");
    TomlTable t(top.at("two_input"), file, "two_input");
    top.finish();
    TwoInputParams& p = o.params;
    // Flags given on the command line win over the file.
    for (const auto& np : number_params)
        if (!given.count(np.flag))
            p.*np.field = t.number(np.key, p.*np.field);
        else
            t.number(np.key, 0.0);
    auto integer = [&](const char* key, const char* flag, auto& field) {
        const auto v = t.integer(key, static_cast<std::int64_t>(field));
        if (!given.count(flag)) field = static_cast<std::remove_reference_t<decltype(field)>>(v);
    };
    integer("spikes", "--spikes", p.spikes);
    integer("trials", "--trials", p.trials);
    integer("seed", "--seed", p.seed);
    if (t.has("sweep_spikes") && !given.count("--sweep-spikes")) {
        o.sweep_spikes.clear();
        for (double x : t.numbers(t.at("sweep_spikes"), t.key_path("sweep_spikes"))) {
            if (x < 1 || x != std::floor(x))
                throw t.error("sweep_spikes", "whole numbers >= 1", format_number(x));
            o.sweep_spikes.push_back(static_cast<int>(x));
        }
    }
    if (t.has("sweep_tau_m") && !given.count("--sweep-tau-m"))
        o.sweep_tau = t.numbers(t.at("sweep_tau_m"), t.key_path("sweep_tau_m"));
    o.sweep = t.boolean("sweep", o.sweep) && !given.count("--no-sweep");
    t.finish();
}

void validate_sweep(const TwoInputOptions& o) {
    if (!o.sweep) return;
    if (o.sweep_spikes.empty())
        throw InputError("two-input", "--sweep-spikes", "at least one value", "none");
    if (o.sweep_tau.empty())
        throw InputError("two-input", "--sweep-tau-m", "at least one value", "none");
    for (int n : o.sweep_spikes)
        if (n < 1 || n > 100000)
            throw InputError("two-input", "--sweep-spikes", "integers from 1 to 100000",
                             std::to_string(n));
    for (double tau : o.sweep_tau)
        if (!(tau > 0) || !std::isfinite(tau))
            throw InputError("two-input", "--sweep-tau-m", "numbers > 0 (ms)", format_number(tau));
}

void print_table(const TwoInputParams& p, const std::vector<ConditionResult>& results,
                 const Sweep* sweep) {
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

void write_file(SonataWriter& w, const TwoInputParams& p,
                const std::vector<ConditionResult>& results, const Sweep* sweep) {
    const hid_t f = w.file();
    auto params = hdf5::create_group(f, "/two_input");
    auto attrs = [&](hid_t g) {
        hdf5::write_attribute(g, "spikes_per_input", static_cast<std::int64_t>(p.spikes));
        for (const auto& np : number_params)
            hdf5::write_attribute(g, np.key, p.*np.field);
        hdf5::write_attribute(g, "trials", static_cast<std::int64_t>(p.trials));
    };
    attrs(params.get());
    for (const auto& r : results) {
        const std::string c = to_string(r.condition);
        const auto n = static_cast<std::uint32_t>(r.trials.size());
        auto spikes_of = [&](const std::string& role, auto pick) {
            const std::string pop = c + "_" + role;
            std::vector<std::pair<double, std::uint64_t>> all;
            for (std::uint32_t k = 0; k < n; ++k)
                for (double t : pick(r.trials[k]))
                    all.emplace_back(t, k);
            std::sort(all.begin(), all.end());
            std::vector<double> t;
            std::vector<std::uint64_t> id;
            for (auto& [ti, ki] : all) {
                t.push_back(ti);
                id.push_back(ki);
            }
            w.declare_spikes(pop);
            w.write_spikes(pop, t, id);
            auto g = hdf5::open_group(f, "/spikes/" + pop);
            hdf5::write_attribute(g.get(), "condition", c);
            hdf5::write_attribute(g.get(), "role", role);
            attrs(g.get());
        };
        spikes_of("input_a", [](const TrialResult& t) { return t.inputs.a; });
        spikes_of("input_b", [](const TrialResult& t) { return t.inputs.b; });
        spikes_of("output", [](const TrialResult& t) { return t.output; });
        std::vector<std::uint32_t> nodes(n);
        for (std::uint32_t k = 0; k < n; ++k)
            nodes[k] = k;
        w.declare_report(c + "_output", nodes, p.record_interval);
        const std::size_t rows = r.trials[0].trace.size();
        std::vector<float> values(rows * n);
        for (std::size_t row = 0; row < rows; ++row)
            for (std::uint32_t k = 0; k < n; ++k)
                values[row * n + k] = r.trials[k].trace[row];
        w.write_report(c + "_output", values);
        auto g = hdf5::create_group(f, "/two_input/" + c);
        hdf5::write_attribute(g.get(), "condition", c);
        hdf5::write_attribute(g.get(), "output_spikes", r.mean_output_spikes());
        hdf5::write_attribute(g.get(), "input_spikes_a", r.mean_input_spikes_a());
        hdf5::write_attribute(g.get(), "input_spikes_b", r.mean_input_spikes_b());
        hdf5::write_attribute(g.get(), "peak_mv", r.mean_peak());
        hdf5::write_attribute(g.get(), "first_spike_ms", r.trials[0].first_spike());
    }
    if (sweep) {
        auto g = hdf5::create_group(f, "/two_input/sweep");
        std::vector<double> n(sweep->spikes.begin(), sweep->spikes.end());
        hdf5::write_vector(g.get(), "spikes", std::span<const double>(n));
        hdf5::write_vector(g.get(), "tau_m", std::span<const double>(sweep->tau_m));
        hdf5::write_vector(g.get(), "effect", std::span<const double>(sweep->effect));
        hdf5::write_vector(g.get(), "uniform_output_spikes",
                           std::span<const double>(sweep->uniform_spikes));
        hdf5::write_vector(g.get(), "early_late_output_spikes",
                           std::span<const double>(sweep->early_late_spikes));
        hdf5::write_attribute(g.get(), "layout",
                              std::string("[tau_m index][spikes index], row-major"));
        hdf5::write_attribute(
            g.get(), "effect_definition",
            std::string(
                "|n_early_late - n_uniform| / (n_early_late + n_uniform), NaN if both are 0"));
    }
}

} // namespace

CLI::App* add_two_input_command(CLI::App& app, TwoInputOptions& o) {
    auto* cmd = app.add_subcommand(
        "two-input",
        "Two inputs with the same spike rate but different timing drive a LIF neuron differently");
    o.command = cmd;
    cmd->add_option("--config,-c", o.config,
                    "TOML file with a [two_input] table (keys as the options, with _)")
        ->type_name("FILE.toml");
    cmd->add_option("--spikes,-N", o.params.spikes, "N, spikes per input within the window")
        ->default_val(10);
    for (const auto& np : number_params)
        cmd->add_option(np.flag, o.params.*np.field, np.help)
            ->default_val(o.params.*np.field)
            ->type_name("X");
    cmd->add_option("--trials", o.params.trials, "Poisson trials")->default_val(20);
    cmd->add_option("--seed,-s", o.params.seed, "random seed (Poisson trains)")->default_val(1);
    cmd->add_option("--sweep-spikes", o.sweep_spikes,
                    "N values of the sweep (default 1,2,3,4,5,6,8,10,12,15,20)")
        ->delimiter(',')
        ->type_name("N,N,...");
    cmd->add_option("--sweep-tau-m", o.sweep_tau,
                    "tau_m values of the sweep, ms (default 1,2,5,10,20,50,100)")
        ->delimiter(',')
        ->type_name("MS,MS,...");
    cmd->add_flag("--no-sweep", o.no_sweep, "skip the (N, tau_m) sweep");
    cmd->add_option("--out,-o", o.out, "HDF5 output (SONATA spikes and membrane reports)")
        ->default_val(o.out)
        ->type_name("FILE.h5");
    cmd->add_flag("--plot", o.plot, "write PNG figures next to the output file");
    cmd->add_option("--threads,-t", o.threads, "worker threads for the sweep (0: every core)")
        ->check(CLI::Range(0, 1024));
    cmd->footer("Conditions: uniform (spikes evenly over the window, B half an interval after A), "
                "early_late (A's N "
                "spikes in the first burst ms, B's in the last), synchronous (both in the first "
                "burst, coincident), "
                "poisson (Poisson trains of the same rate).");
    return cmd;
}

int run_two_input_command(TwoInputOptions o, const std::string& command_line) {
    std::set<std::string> given; // the long flags given on the command line
    for (const auto* opt : o.command->get_options())
        if (opt->count() > 0)
            for (const auto& l : opt->get_lnames())
                given.insert("--" + l);
    if (o.no_sweep) o.sweep = false;
    if (o.config) read_config(o, given);
    o.params.validate();
    validate_sweep(o);
    const bool default_out = !given.count("--out");
    if (default_out)
        std::filesystem::create_directories(std::filesystem::path(o.out).parent_path());
    check_output_path(o.out, "--out");
    if (o.plot) require_plotting();

    const auto limit = limit_threads(o.threads);
    const auto results = run_two_input(o.params);
    std::optional<Sweep> sweep;
    if (o.sweep) sweep = sweep_two_input(o.params, o.sweep_spikes, o.sweep_tau);
    print_table(o.params, results, sweep ? &*sweep : nullptr);

    std::ostringstream config;
    config << "two-input spikes=" << o.params.spikes;
    for (const auto& np : number_params)
        config << " " << np.key << "=" << o.params.*np.field;
    config << " trials=" << o.params.trials;
    SonataWriter w(o.out,
                   Provenance{version, command_line, config.str(), o.params.seed, o.threads});
    write_file(w, o.params, results, sweep ? &*sweep : nullptr);
    w.commit();
    std::printf("\noutput: %s\n", o.out.c_str());
    if (o.plot) plot_experiment("plot_two_input.py", o.out);
    return 0;
}

} // namespace spikesim::cli
