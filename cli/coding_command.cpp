#include "cli/coding_command.hpp"

#include "cli/conversion_flags.hpp"
#include "cli/format.hpp"
#include "cli/plotting.hpp"
#include "cli/robustness_flags.hpp"
#include "cli/run_network.hpp"
#include "experiments/coding_output.hpp"
#include "experiments/dale_native_output.hpp"
#include "experiments/robustness_output.hpp"
#include "io/output_files.hpp"
#include "io/weights_file.hpp"
#include "sim/version.hpp"

#include <cstdio>
#include <map>
#include <memory>

namespace spikesim::cli {
namespace {

// The settings of the command itself, beside the experiment's options.
struct CodingCommand {
    CodingOptions options;
    RobustnessFlags robustness;
    DaleNativeOptions dale_native;
    std::string out = "results/coding.h5";
    bool plot = false;
    int threads = 0;
};

void print_table(const std::vector<ModeResult>& results, std::uint64_t macs) {
    std::printf("\n%-10s %9s %9s %11s %12s %12s %11s %11s %10s\n", "mode", "accuracy", "agree",
                "spikes/neu", "synops", "energy (nJ)", "latency ms", "stable ms", "undecided");
    for (const auto& r : results)
        std::printf("%-10s %8.2f%% %8.2f%% %11.3f %12.0f %12.2f %11s %11s %9.1f%%\n",
                    r.name.c_str(), 100 * r.accuracy, 100 * r.agreement_with_ann,
                    r.spikes_per_neuron, r.synops_per_sample, r.energy_pj / 1000.0,
                    number_or_dash(r.latency_ms, "%.2f").c_str(),
                    number_or_dash(r.stable_ms, "%.2f").c_str(), 100 * r.undecided);
    std::printf("synops: synaptic operations per sample (spikes x fan-out; for ann its %llu MACs). "
                "Energy proxy "
                "(Horowitz 2014, 45 nm): %.1f pJ per MAC, %.1f pJ per synaptic operation; memory "
                "access, which "
                "dominates both in practice, is not counted.\n",
                static_cast<unsigned long long>(macs), energy_per_mac_pj, energy_per_synop_pj);
    std::printf("latency: mean time to the first output spike; stable: mean time after which the "
                "decision no "
                "longer changes (ttfs: both include the hidden-layer phases).\n");
    for (const auto& r : results) {
        if (r.times.empty()) continue;
        std::printf("%-10s accuracy (synaptic operations so far) vs time%s:", r.name.c_str(),
                    r.mode == CodingMode::ttfs ? " after the last hidden phase" : "");
        for (std::size_t k = 0; k < r.times.size(); ++k)
            std::printf(" %g ms %.1f%% (%.0f synops);", r.times[k], 100 * r.accuracy_at[k],
                        r.synops_at[k]);
        std::printf("\n");
    }
}

void print_header(const CodingSetup& s, const CodingOptions& o) {
    std::printf("coding: digits 8x8, %zu training / %zu test samples; network", s.train.size(),
                s.test.size());
    for (const auto& l : s.ann.layers())
        std::printf(" %lld", static_cast<long long>(l.w.cols()));
    std::printf(
        " %lld (%s), %s in %.2f s\n", static_cast<long long>(s.ann.layers().back().w.rows()),
        s.ann.layers().size() < 2                      ? "linear"
        : s.ann.layers().front().f == Activation::relu ? "ReLU"
                                                       : to_string(s.ann.layers().front().f),
        s.loaded ? "loaded" : "trained", s.train_seconds);
    const auto& c = o.conversion;
    std::printf("rate: %s input, %s normalisation, %g spikes/ms at scale, %g ms, readout %s; "
                "ttfs: phase T = %g ms; delay %g ms\n",
                to_string(c.encoding), c.normalisation == Normalisation::max ? "max" : "p99.9",
                c.max_rate, c.duration, c.readout == Readout::membrane ? "membrane" : "spikes",
                c.phase, c.delay);
    std::fflush(stdout); // the header before the progress lines on stderr
}

int run_robustness_sweep(CodingCommand& c, const CLI::App& cmd, const std::string& command_line) {
    CodingOptions& o = c.options;
    c.robustness.resolve();
    c.robustness.options.validate();
    const bool default_out = cmd.get_option("--out")->count() == 0;
    if (default_out) c.out = "results/coding_robustness.h5";
    Communicator& comm = *o.ranks;
    on_root(comm, [&] {
        prepare_output_path(c.out, default_out, "--out");
        if (o.weights) require_not_an_input(c.out, "--out", {*o.weights});
        if (c.plot) require_plotting();
    });
    const auto limit = limit_threads(c.threads);
    const CodingSetup setup = prepare_coding(o);
    print_header(setup, o);
    const RobustnessResult r = run_robustness(
        setup, o, c.robustness.options, [&](PerturbationKind k, double strength, double seconds) {
            if (comm.is_root())
                std::fprintf(stderr, "[spikesim] %s %g: ann, rate and ttfs in %.2f s\n",
                             to_string(k), strength, seconds);
        });
    print_robustness(r);
    on_root(comm, [&] {
        write_robustness(
            r, c.out,
            Provenance{version, command_line, coding_config_text(o), o.train.seed, c.threads});
        std::printf("\noutput: %s\n", c.out.c_str());
        if (c.plot) plot("plot_robustness.py", c.out);
    });
    return 0;
}

void print_dale_native(const DaleNativeResult& r) {
    std::printf("\n%-12s %9s %9s %9s %9s %10s %12s %11s %12s %12s\n", "network", "I units", "ann",
                "rate", "ttfs", "synapses", "rate synops", "ttfs synops", "rate nJ", "ttfs nJ");
    for (std::size_t k = 0; k < r.rows.size(); ++k) {
        const DaleRow& row = r.rows[k];
        const std::string name = row.name + (k == r.preferred ? "*" : "");
        std::printf("%-12s %9s %8.2f%% %8.2f%% %8.2f%% %10zu %12.0f %11.0f %12.2f %12.3f\n",
                    name.c_str(), number_or_dash(row.inhibitory_fraction, "%.2f").c_str(),
                    100 * row.ann, 100 * row.rate, 100 * row.ttfs, row.synapses, row.rate_synops,
                    row.ttfs_synops, energy_per_synop_pj * row.rate_synops / 1000,
                    energy_per_synop_pj * row.ttfs_synops / 1000);
    }
    std::printf("split: the unconstrained network, every input and hidden unit an E and an I copy; "
                "native: trained with each hidden unit excitatory or inhibitory (the fraction of "
                "I units) and excitatory inputs, no copies; *: the lowest training loss. "
                "Synapses of the spiking network; synops per sample.\n");
}

int run_dale_native_comparison(CodingCommand& c, const CLI::App& cmd,
                               const std::string& command_line) {
    CodingOptions& o = c.options;
    c.dale_native.validate();
    if (o.weights)
        throw InputError("command line", "--weights", "no weights with --dale native (it trains)",
                         *o.weights);
    const bool default_out = cmd.get_option("--out")->count() == 0;
    if (default_out) c.out = "results/coding_dale.h5";
    Communicator& comm = *o.ranks;
    on_root(comm, [&] { prepare_output_path(c.out, default_out, "--out"); });
    const auto limit = limit_threads(c.threads);
    std::printf("coding --dale native: the digits MLP unconstrained with the E/I split, and "
                "trained under Dale's law\n");
    std::fflush(stdout);
    const DaleNativeResult r =
        run_dale_native(o, c.dale_native, [&](const DaleRow& row, double seconds) {
            if (comm.is_root())
                std::fprintf(stderr, "[spikesim] %s: trained and run in %.2f s\n",
                             dale_row_name(row).c_str(), seconds);
        });
    print_dale_native(r);
    on_root(comm, [&] {
        write_dale_native(
            r, c.out,
            Provenance{version, command_line, coding_config_text(o), o.train.seed, c.threads});
        std::printf("\noutput: %s\n", c.out.c_str());
    });
    return 0;
}

int run(CodingCommand c, const CLI::App& cmd, const std::string& command_line, Communicator& comm) {
    return attributed(flag_origins(cmd), "coding", [&] {
        CodingOptions& o = c.options;
        o.conversion.seed = o.train.seed;
        o.ranks = &comm;
        o.validate();
        const RootPrints root_prints(comm);
        if (c.robustness.given()) return run_robustness_sweep(c, cmd, command_line);
        if (o.dale == "native") return run_dale_native_comparison(c, cmd, command_line);
        on_root(comm, [&] {
            prepare_output_path(c.out, cmd.get_option("--out")->count() == 0, "--out");
            if (o.weights) require_not_an_input(c.out, "--out", {*o.weights});
            if (c.plot) require_plotting();
        });
        const auto limit = limit_threads(c.threads);
        const CodingSetup setup = prepare_coding(o);
        print_header(setup, o);
        const CodingResult r = run_coding(setup, o, [&](const ModeResult& m, double seconds) {
            if (comm.is_root())
                std::fprintf(stderr, "[spikesim] %s: %zu samples in %.2f s\n", m.name.c_str(),
                             m.samples, seconds);
        });
        print_table(r.modes, r.ann.macs());
        on_root(comm, [&] {
            write_coding(
                r, c.out,
                Provenance{version, command_line, coding_config_text(o), o.train.seed, c.threads});
            const std::string weights = coding_weights_path(c.out);
            if (!r.loaded) save_weights(r.ann, weights);
            std::printf("\noutput: %s%s\n", c.out.c_str(),
                        r.loaded ? "" : (", weights: " + weights).c_str());
            if (c.plot) plot_experiment("plot_coding.py", c.out);
        });
        return 0;
    });
}

} // namespace

Command add_coding_command(CLI::App& app, Communicator& comm) {
    auto c = std::make_shared<CodingCommand>();
    CodingOptions& o = c->options;
    auto* cmd = app.add_subcommand(
        "coding", "One MLP on the digits data, three modes: ANN, spiking rate coding, "
                  "spiking time-to-first-spike coding");
    cmd->add_option("--mode", o.mode, "ann, rate, ttfs or all")
        ->default_val(o.mode)
        ->type_name("MODE");
    cmd->add_option("--dale", o.dale,
                    "on: E/I split, off: mixed populations, both; native: train under Dale's "
                    "law and compare with the split (a table of its own)")
        ->default_val(o.dale)
        ->type_name("WHICH");
    add_conversion_flags(cmd, o.conversion, "sample", true);
    cmd->add_option("--samples", o.samples, "test samples to run (0: all)")
        ->default_val(o.samples)
        ->type_name("N");
    auto* weights = cmd->add_option("--weights", o.weights,
                                    "load a trained network instead of training: the _weights.h5 "
                                    "of an earlier run, or an .npz of W0, b0, W1, b1, ... "
                                    "(docs/coding.md)")
                        ->type_name("FILE");
    cmd->add_option("--hidden", o.hidden, "hidden layer widths of the network trained")
        ->delimiter(',')
        ->default_str("64")
        ->type_name("W,W,...")
        ->excludes(weights);
    cmd->add_option("--epochs", o.train.epochs, "training epochs")
        ->default_val(o.train.epochs)
        ->type_name("N")
        ->excludes(weights);
    cmd->add_option("--seed,-s", o.train.seed, "seed of training and Poisson inputs")
        ->check(whole_number())
        ->default_val(o.train.seed)
        ->type_name("SEED");
    add_choice(cmd, "--normalisation", o.conversion.normalisation,
               {{"max", Normalisation::max}, {"p99.9", Normalisation::percentile}},
               "max or p99.9 (robust)", "p99.9");
    add_choice(cmd, "--readout", o.conversion.readout,
               {{"spikes", Readout::spikes}, {"membrane", Readout::membrane}},
               "rate output: spikes (counts) or membrane (non-spiking)", "spikes");
    cmd->add_option("--out,-o", c->out, "HDF5 output; the weights go next to it as _weights.h5")
        ->default_val(c->out)
        ->type_name("FILE.h5");
    cmd->add_flag("--plot", c->plot, "PNG figures next to the output file");
    add_threads_flag(cmd, c->threads, "worker threads (0: every core)");
    add_robustness_flags(cmd, c->robustness);
    cmd->add_option("--inhibitory-fractions", c->dale_native.inhibitory_fractions,
                    "--dale native: fractions of inhibitory hidden units trained")
        ->delimiter(',')
        ->default_str("0.1,0.2,0.3,0.5")
        ->type_name("F,...");
    cmd->add_flag("--off-inputs", c->dale_native.on_off_inputs,
                  "--dale native: inputs as ON/OFF pairs (x and 1 - x, both excitatory) "
                  "instead of the pixels alone");
    return {
        cmd,
        [=, &comm](const std::string& command_line) { return run(*c, *cmd, command_line, comm); },
        true};
}

} // namespace spikesim::cli
