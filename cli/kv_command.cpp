#include "cli/kv_command.hpp"

#include "cli/conversion_flags.hpp"
#include "cli/format.hpp"
#include "cli/plotting.hpp"
#include "cli/robustness_flags.hpp"
#include "cli/run_network.hpp"
#include "experiments/coding.hpp"
#include "experiments/kv_dale_output.hpp"
#include "experiments/kv_output.hpp"
#include "experiments/robustness_output.hpp"
#include "io/output_files.hpp"
#include "sim/version.hpp"

#include <algorithm>
#include <cstdio>
#include <map>
#include <memory>
#include <numeric>

namespace spikesim::cli {
namespace {

// The settings of the command itself, beside the experiment's options.
struct KvCommand {
    KvExperimentOptions options;
    RobustnessFlags robustness;
    bool no_sweep = false, plot = false;
    std::string dale = "split"; // or "native": the Dale comparison
    std::string out = "results/kv.h5";
    int threads = 0;
};

void print_summary(const KvExperimentResult& r, const KvExperimentOptions& o) {
    const auto& c = o.conversion;
    std::printf("kv: feed-forward block d = %d, d_ff = %d (ReLU); memory: M = %d pairs, query "
                "noise %g, threshold %g; %d queries\nspiking: Dale-compliant (ON/OFF inputs, "
                "E/I key copies, E/I output pairs); rate: %s input, %g ms; ttfs: phase %g ms; "
                "delay %g ms\n\n",
                o.kv.d, o.kv.d_ff, o.kv.memories, o.kv.noise, o.kv.threshold, o.kv.queries,
                to_string(c.encoding), c.duration, c.phase, c.delay);
    std::printf("%-6s %8s %8s %9s %10s %10s %9s %10s %11s %10s\n", "mode", "recall", "cosine",
                "rel. L2", "rand cos", "rand L2", "key corr", "synops", "energy nJ", "readout ms");
    for (const auto& s : r.modes)
        std::printf("%-6s %8s %8s %9s %10s %10s %9s %10.0f %11.2f %10s\n", s.name.c_str(),
                    number_or_dash(s.recall).c_str(), number_or_dash(s.cosine).c_str(),
                    number_or_dash(s.relative_l2).c_str(), number_or_dash(s.random_cosine).c_str(),
                    number_or_dash(s.random_relative_l2).c_str(),
                    number_or_dash(s.key_correlation).c_str(), s.synops, s.energy_pj / 1000,
                    number_or_dash(s.readout_ms, "%.1f").c_str());
    std::printf("cosine, rel. L2: output against the ann output (memory workload); rand: the "
                "random workload; key corr: Pearson correlation of decoded key activations with "
                "the ann's; synops per query (ann: MACs); energy %.1f pJ/MAC, %.1f pJ/synaptic "
                "operation (Horowitz 2014)\n",
                energy_per_mac_pj, energy_per_synop_pj);
}

void print_sweeps(const KvExperimentResult& r, const KvExperimentOptions& o) {
    if (r.noise_recall.empty()) return;
    std::printf("\nrecall vs noise (M = %d):", o.kv.memories);
    for (std::size_t k = 0; k < r.modes.size(); ++k) {
        std::printf("\n  %-5s", r.modes[k].name.c_str());
        for (std::size_t j = 0; j < o.sweep_noise.size(); ++j)
            std::printf("  %g: %.2f", o.sweep_noise[j], r.noise_recall[k][j]);
    }
    std::printf("\nrecall vs stored pairs M (noise %g):", o.kv.noise);
    for (std::size_t k = 0; k < r.modes.size(); ++k) {
        std::printf("\n  %-5s", r.modes[k].name.c_str());
        for (std::size_t j = 0; j < o.sweep_memories.size(); ++j)
            std::printf("  %d: %.2f", o.sweep_memories[j], r.memories_recall[k][j]);
    }
    std::printf("\n");
}

void interpret(const MemoryBlock& m, const Eigen::VectorXd& query,
               const std::vector<KvModeSummary>& modes) {
    const Attribution a = attribute(m.block, query);
    std::vector<int> order(std::size_t(a.activation.size()));
    std::iota(order.begin(), order.end(), 0);
    std::sort(order.begin(), order.end(),
              [&](int i, int j) { return a.activation[i] > a.activation[j]; });
    std::printf(
        "\nquery 0 (stored key 0 plus noise): the top keys and what each adds to the output\n%-6s",
        "key");
    for (const auto& s : modes)
        std::printf(" %12s", (s.name + " act").c_str());
    std::printf(" %14s %16s\n", "|contribution|", "cos(contr, v_0)");
    for (int k = 0; k < 5; ++k) {
        const int j = order[std::size_t(k)];
        std::printf("%-6d", j);
        for (const auto& s : modes)
            std::printf(" %12.3f", s.keys(0, j));
        const Eigen::VectorXd c = a.contribution.col(j);
        std::printf(" %14.3f %16.3f\n", c.norm(),
                    c.norm() > 0 ? c.dot(m.values.row(0).transpose()) / c.norm() : 0.0);
    }
    const Eigen::VectorXd total = a.contribution.rowwise().sum() + m.block.layers()[1].b;
    std::printf(
        "sum of all contributions + b_down = the ann output (max difference %.1e)\n",
        (total - m.block.logits(query.transpose()).row(0).transpose()).cwiseAbs().maxCoeff());
}

int run_robustness_sweep(KvCommand& c, const CLI::App& cmd, const std::string& command_line) {
    KvExperimentOptions& o = c.options;
    c.robustness.resolve();
    c.robustness.options.validate();
    const bool default_out = cmd.get_option("--out")->count() == 0;
    if (default_out) c.out = "results/kv_robustness.h5";
    Communicator& comm = *o.ranks;
    on_root(comm, [&] {
        prepare_output_path(c.out, default_out, "--out");
        if (c.plot) require_plotting();
    });
    const auto limit = limit_threads(c.threads);
    std::printf("kv: memory workload, d = %d, d_ff = %d, M = %d pairs, query noise %g; %d "
                "queries\n",
                o.kv.d, o.kv.d_ff, o.kv.memories, o.kv.noise, o.kv.queries);
    std::fflush(stdout);
    const RobustnessResult r = run_kv_robustness(
        o, c.robustness.options, [&](PerturbationKind k, double strength, double seconds) {
            if (comm.is_root())
                std::fprintf(stderr, "[spikesim] %s %g: ann, rate and ttfs in %.2f s\n",
                             to_string(k), strength, seconds);
        });
    print_robustness(r);
    on_root(comm, [&] {
        write_robustness(
            r, c.out, Provenance{version, command_line, kv_config_text(o), o.kv.seed, c.threads});
        std::printf("\noutput: %s\n", c.out.c_str());
        if (c.plot) plot("plot_robustness.py", c.out);
    });
    return 0;
}

void print_kv_dale(const KvDaleResult& r) {
    std::printf("%-8s %8s %6s %9s %12s %12s %12s %12s %12s %12s\n", "", "neurons", "inh",
                "synapses", "rate recall", "ttfs recall", "rate cosine", "ttfs cosine",
                "rate synops", "ttfs synops");
    for (const KvDaleRow& row : r.rows)
        std::printf("%-8s %8u %6u %9zu %11.1f%% %11.1f%% %11.1f%% %11.1f%% %12.0f %12.0f\n",
                    row.name.c_str(), row.neurons, row.inhibitory_neurons, row.synapses,
                    100 * row.rate_recall, 100 * row.ttfs_recall, 100 * row.rate_cosine,
                    100 * row.ttfs_cosine, row.rate_synops, row.ttfs_synops);
    std::printf("ann: recall %.1f%%, %.0f multiply-accumulates per query (%.0f pJ)\n"
                "split: every input and key unit as an excitatory and an inhibitory copy; "
                "native: every key unit excitatory, inputs by an excitatory and an inhibitory "
                "pathway, values split by sign across the output pair (docs/coding.md)\n",
                100 * r.ann_recall, r.ann_macs, r.ann_energy_pj);
}

int run_dale_comparison(KvCommand& c, const CLI::App& cmd, const std::string& command_line) {
    const KvExperimentOptions& o = c.options;
    const bool default_out = cmd.get_option("--out")->count() == 0;
    if (default_out) c.out = "results/kv_dale.h5";
    Communicator& comm = *o.ranks;
    on_root(comm, [&] {
        prepare_output_path(c.out, default_out, "--out");
        if (c.plot) std::fprintf(stderr, "[spikesim] kv --dale native writes a table, no figure\n");
    });
    const auto limit = limit_threads(c.threads);
    std::printf("kv --dale native: memory workload, d = %d, d_ff = %d, M = %d pairs, query noise "
                "%g; %d queries\n\n",
                o.kv.d, o.kv.d_ff, o.kv.memories, o.kv.noise, o.kv.queries);
    std::fflush(stdout);
    const KvDaleResult r = run_kv_dale(o);
    print_kv_dale(r);
    on_root(comm, [&] {
        write_kv_dale(r, c.out,
                      Provenance{version, command_line, kv_config_text(o), o.kv.seed, c.threads});
        std::printf("\noutput: %s\n", c.out.c_str());
    });
    return 0;
}

int run(KvCommand c, const CLI::App& cmd, const std::string& command_line, Communicator& comm) {
    FieldOrigins origins = flag_origins(cmd);
    origins.set("sweep", {"command line", "--no-sweep", std::nullopt});
    return attributed(origins, "kv", [&] {
        KvExperimentOptions& o = c.options;
        if (c.no_sweep) o.sweep = false;
        o.ranks = &comm;
        o.validate();
        const RootPrints root_prints(comm);
        if (c.dale != "split" && c.dale != "native")
            throw InputError("command line", "--dale", "split or native", "\"" + c.dale + "\"");
        if (c.robustness.given()) return run_robustness_sweep(c, cmd, command_line);
        if (c.dale == "native") return run_dale_comparison(c, cmd, command_line);
        on_root(comm, [&] {
            prepare_output_path(c.out, cmd.get_option("--out")->count() == 0, "--out");
            if (c.plot) require_plotting();
        });
        const auto limit = limit_threads(c.threads);
        const KvExperimentResult r = run_kv(o);
        print_summary(r, o);
        print_sweeps(r, o);
        if (r.memory) interpret(*r.memory, r.first_query, r.modes);
        on_root(comm, [&] {
            write_kv(r, o, c.out,
                     Provenance{version, command_line, kv_config_text(o), o.kv.seed, c.threads});
            std::printf("\noutput: %s\n", c.out.c_str());
            if (c.plot) plot_experiment("plot_kv.py", c.out);
        });
        return 0;
    });
}

} // namespace

Command add_kv_command(CLI::App& app, Communicator& comm) {
    auto c = std::make_shared<KvCommand>();
    KvExperimentOptions& o = c->options;
    auto* cmd = app.add_subcommand(
        "kv", "A transformer feed-forward block as key-value memory, as rate neurons and as "
              "Dale-compliant spiking neurons (rate and time-to-first-spike coding)");
    cmd->add_option("--workload", o.workload, "memory, random or both")
        ->default_val(o.workload)
        ->type_name("WHICH");
    cmd->add_option("--mode", o.mode, "ann, rate, ttfs or all")
        ->default_val(o.mode)
        ->type_name("MODE");
    cmd->add_option("--d", o.kv.d, "model width d")->default_val(o.kv.d)->type_name("N");
    cmd->add_option("--d-ff", o.kv.d_ff, "key units d_ff")->default_val(o.kv.d_ff)->type_name("N");
    cmd->add_option("--memories,-M", o.kv.memories, "stored key-value pairs")
        ->default_val(o.kv.memories)
        ->type_name("N");
    cmd->add_option("--noise", o.kv.noise,
                    "norm of the noise added to a stored key (keys have norm 1)")
        ->default_val(o.kv.noise)
        ->type_name("X");
    cmd->add_option("--threshold", o.kv.threshold, "key detection threshold (cosine)")
        ->default_val(o.kv.threshold)
        ->type_name("X");
    cmd->add_option("--queries", o.kv.queries, "queries per workload")
        ->default_val(o.kv.queries)
        ->type_name("N");
    cmd->add_option("--seed,-s", o.kv.seed,
                    "seed of keys, values, weights, queries and Poisson inputs")
        ->check(whole_number())
        ->default_val(o.kv.seed)
        ->type_name("SEED");
    add_conversion_flags(cmd, o.conversion, "query", false);
    cmd->add_option("--sweep-noise", o.sweep_noise, "noise values of the recall sweep")
        ->delimiter(',')
        ->default_str("0,0.25,0.5,0.75,1")
        ->type_name("X,X,...");
    cmd->add_option("--sweep-memories", o.sweep_memories, "M values of the recall sweep")
        ->delimiter(',')
        ->default_str("8,16,32,48,64")
        ->type_name("N,N,...");
    cmd->add_option("--sweep-queries", o.sweep_queries, "queries per sweep point")
        ->default_val(o.sweep_queries)
        ->type_name("N");
    cmd->add_flag("--no-sweep", c->no_sweep, "skip the sweeps");
    cmd->add_option("--out,-o", c->out, "HDF5 output")->default_val(c->out)->type_name("FILE.h5");
    cmd->add_flag("--plot", c->plot, "PNG figures next to the output file");
    add_threads_flag(cmd, c->threads, "worker threads (0: every core)");
    add_robustness_flags(cmd, c->robustness);
    cmd->add_option("--dale", c->dale,
                    "split (the spiking block's E/I copies of inputs and keys) or native: "
                    "instead of the usual run, compare the split with every key unit "
                    "excitatory once (feed-forward inhibition, values split by sign); written "
                    "to results/kv_dale.h5 unless --out (docs/coding.md)")
        ->default_val(c->dale)
        ->type_name("HOW");
    return {
        cmd,
        [=, &comm](const std::string& command_line) { return run(*c, *cmd, command_line, comm); },
        true};
}

} // namespace spikesim::cli
