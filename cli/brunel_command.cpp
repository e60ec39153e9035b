#include "cli/brunel_command.hpp"

#include "cli/format.hpp"
#include "cli/plotting.hpp"
#include "cli/run_network.hpp"
#include "experiments/brunel_output.hpp"
#include "io/output_files.hpp"
#include "sim/version.hpp"

#include <chrono>
#include <cstdio>
#include <memory>

namespace spikesim::cli {
namespace {

// The settings of the command itself, beside the experiment's options.
struct BrunelCommand {
    BrunelOptions options;
    bool no_examples = false, plot = false, quiet = false;
    std::string out = "results/brunel.h5";
    int threads = 0;
};

void print_header(const BrunelOptions& o) {
    const BrunelParams& p = o.params;
    std::printf("brunel: %u excitatory + %u inhibitory LIF neurons (delta synapses), C_E = %u "
                "and C_I = %u inputs per neuron, J = %g mV, inhibitory -g J, delay %g ms; drive "
                "C_E Poisson inputs of eta * nu_thr (nu_thr = %.3g Hz); %g ms per point, the "
                "first %g left out\n",
                p.n_exc, p.n_exc / 4, p.indegree, p.indegree / 4, p.weight(), p.delay,
                p.nu_thr_hz(), o.duration, o.transient);
    std::fflush(stdout);
}

void print_grid(const BrunelResult& r, const BrunelOptions& o) {
    std::printf("\nregime (rate Hz) by g (rows) and eta = nu_ext / nu_thr (columns)\n%6s", "g");
    for (double eta : o.eta)
        std::printf(" %16g", eta);
    for (std::size_t i = 0; i < o.g.size(); ++i) {
        std::printf("\n%6g", o.g[i]);
        for (std::size_t j = 0; j < o.eta.size(); ++j) {
            const BrunelPoint& p = r.grid[i * o.eta.size() + j];
            char cell[32];
            std::snprintf(cell, sizeof cell, "%s (%.1f)", to_string(p.regime), p.features.rate_hz);
            std::printf(" %16s", cell);
        }
    }
    std::printf("\n");
}

void print_examples(const BrunelResult& r) {
    if (r.examples.empty()) return;
    std::printf("\nBrunel's example points (Fig. 8):\n%-3s %5s %5s %9s %7s %6s %8s %7s %7s  %-8s "
                "%s\n",
                "", "g", "eta", "rate Hz", "CV", "chi", "peak Hz", "conc.", "slow", "regime",
                "Brunel");
    const auto& expected = brunel_examples();
    for (std::size_t k = 0; k < r.examples.size(); ++k) {
        const BrunelPoint& p = r.examples[k];
        const RegimeFeatures& f = p.features;
        std::printf("%-3s %5g %5g %9.1f %7.2f %6.2f %8.1f %7.2f %7.2f  %-8s %s\n",
                    p.example.c_str(), p.g, p.eta, f.rate_hz, f.mean_cv, f.chi, f.peak_hz,
                    f.peak_concentration, f.slow_modulation, to_string(p.regime),
                    to_string(expected[k].regime));
    }
    std::printf("CV: mean over neurons of their interspike intervals'; chi: Golomb's synchrony "
                "(1 ms bins); peak, conc.: the population rate's spectral peak and the share of "
                "the power above the Poisson floor there; slow: relative amplitude of the "
                "oscillation below 60 Hz (docs/brunel.md)\n");
}

int run(BrunelCommand c, const CLI::App& cmd, const std::string& command_line) {
    return attributed(flag_origins(cmd), "brunel", [&] {
        BrunelOptions& o = c.options;
        o.examples = !c.no_examples;
        o.validate();
        prepare_output_path(c.out, cmd.get_option("--out")->count() == 0, "--out");
        if (c.plot) require_plotting();
        const auto limit = limit_threads(c.threads);
        print_header(o);
        const auto start = std::chrono::steady_clock::now();
        const BrunelResult r =
            run_brunel(o, [&](std::size_t done, std::size_t total, const BrunelPoint& p) {
                if (c.quiet) return;
                const double s =
                    std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
                std::fprintf(stderr, "[spikesim] %zu/%zu g %g eta %g: %s, %.1f Hz (%.0f s)\n", done,
                             total, p.g, p.eta, to_string(p.regime), p.features.rate_hz, s);
            });
        print_grid(r, o);
        print_examples(r);
        write_brunel(
            r, o, c.out,
            Provenance{version, command_line, brunel_config_text(o), o.params.seed, c.threads});
        std::printf("\noutput: %s\n", c.out.c_str());
        if (c.plot) plot_experiment("plot_brunel.py", c.out);
        return 0;
    });
}

} // namespace

Command add_brunel_command(CLI::App& app) {
    auto c = std::make_shared<BrunelCommand>();
    BrunelOptions& o = c->options;
    BrunelParams& p = o.params;
    auto* cmd = app.add_subcommand(
        "brunel", "Regimes of ongoing activity of a recurrent E/I network (Brunel 2000) over "
                  "relative inhibition g and external drive eta = nu_ext / nu_thr");
    cmd->add_option("--g", o.g, "relative inhibition values (inhibitory weight -g J)")
        ->delimiter(',')
        ->default_str("2,3,4,5,6,7,8")
        ->type_name("G,G,...");
    cmd->add_option("--eta", o.eta, "drive values nu_ext / nu_thr (1: mean input at threshold)")
        ->delimiter(',')
        ->default_str("1,1.5,2,3,4")
        ->type_name("X,X,...");
    cmd->add_option("--n-exc", p.n_exc, "excitatory neurons N_E (N_I = N_E / 4)")
        ->check(whole_number(UINT32_MAX))
        ->default_val(p.n_exc)
        ->type_name("N");
    cmd->add_option("--indegree", p.indegree,
                    "excitatory inputs per neuron C_E (C_I = C_E / 4); below 1000 give --j too")
        ->check(whole_number(UINT32_MAX))
        ->default_val(p.indegree)
        ->type_name("K");
    cmd->add_option("--j", p.j,
                    "synaptic weight J in mV (default 100 mV / C_E: the mean input "
                    "of Brunel's network)")
        ->type_name("MV");
    cmd->add_option("--delay", p.delay, "synaptic delay D, ms")
        ->default_val(p.delay)
        ->type_name("MS");
    cmd->add_option("--duration,-d", o.duration, "simulated time per point, ms")
        ->default_val(o.duration)
        ->type_name("MS");
    cmd->add_option("--transient", o.transient, "ms left out of the analysis at the start")
        ->default_val(o.transient)
        ->type_name("MS");
    cmd->add_option("--seed,-s", p.seed, "seed of connectivity, initial potentials and drive")
        ->check(whole_number())
        ->default_val(p.seed)
        ->type_name("SEED");
    cmd->add_flag("--no-examples", c->no_examples,
                  "skip Brunel's four example points (A SR, B SI fast, C AI, D SI slow)");
    cmd->add_option("--out,-o", c->out, "HDF5 output")->default_val(c->out)->type_name("FILE.h5");
    cmd->add_flag("--plot", c->plot, "PNG figures next to the output file");
    cmd->add_flag("--quiet,-q", c->quiet, "no progress lines on stderr");
    add_threads_flag(cmd, c->threads,
                     "worker threads (0: every core); results do not depend on it");
    cmd->footer("Defaults: about 10 minutes on 2 cores. A quick look: --g 3,5,6 --eta 2,4 "
                "--no-examples. Figures: --plot (the (g, eta) plane and the examples' rasters).");
    return {cmd, [=](const std::string& command_line) { return run(*c, *cmd, command_line); }};
}

} // namespace spikesim::cli
