#include "cli/robustness_flags.hpp"

#include "sim/errors.hpp"

#include <cstdio>

namespace spikesim::cli {

void RobustnessFlags::resolve() {
    options.kinds.clear();
    for (const auto& name : perturb) {
        if (name == "all") {
            options.kinds = {PerturbationKind::jitter, PerturbationKind::failure,
                             PerturbationKind::weight_bits, PerturbationKind::membrane};
            return;
        }
        if (name == "jitter")
            options.kinds.push_back(PerturbationKind::jitter);
        else if (name == "failure")
            options.kinds.push_back(PerturbationKind::failure);
        else if (name == "bits")
            options.kinds.push_back(PerturbationKind::weight_bits);
        else if (name == "membrane")
            options.kinds.push_back(PerturbationKind::membrane);
        else
            throw InputError("command line", "--perturb", "jitter, failure, bits, membrane or all",
                             "\"" + name + "\"");
    }
}

void add_robustness_flags(CLI::App* cmd, RobustnessFlags& f) {
    RobustnessOptions& o = f.options;
    cmd->add_option(
           "--perturb", f.perturb,
           "instead of the usual run, sweep perturbations of the substrate and "
           "compare ann, rate and ttfs: jitter (spike arrival times), failure "
           "(synaptic transmission), bits (weight precision), membrane (white-noise current "
           "into every unit) or all; written to "
           "results/<command>_robustness.h5 unless --out (docs/robustness.md)")
        ->delimiter(',')
        ->type_name("KIND,...");
    cmd->add_option("--jitter-ms", o.jitter_ms,
                    "--perturb jitter: sd of each delivery's arrival time, ms")
        ->delimiter(',')
        ->default_str("0,0.25,0.5,1,2")
        ->type_name("MS,...");
    cmd->add_option("--failure", o.failure,
                    "--perturb failure: probabilities that a delivery is dropped")
        ->delimiter(',')
        ->default_str("0,0.1,0.2,0.3,0.5")
        ->type_name("P,...");
    cmd->add_option("--weight-bits", o.weight_bits, "--perturb bits: weight precisions (0: full)")
        ->delimiter(',')
        ->default_str("0,8,6,4,3,2")
        ->type_name("BITS,...");
    cmd->add_option("--membrane-sigma", o.membrane_sigma,
                    "--perturb membrane: noise amplitudes, threshold per sqrt(ms) (Stein's "
                    "shot noise at 20 kicks per ms, sim/membrane_noise.hpp)")
        ->delimiter(',')
        ->default_str("0,0.01,0.02,0.05,0.1,0.2")
        ->type_name("SIGMA,...");
    cmd->add_option(
           "--rate-windows", o.rate_windows,
           "--perturb: rate coding read after these windows, ms (the longest is simulated)")
        ->delimiter(',')
        ->default_str("25,50,100,200")
        ->type_name("MS,...");
}

namespace {

void print_values(const char* label, const RobustnessCurve& c, const std::vector<double>& ann,
                  const std::vector<std::vector<double>>& rate, const std::vector<double>& ttfs,
                  const std::vector<double>& windows, bool synops) {
    std::printf("\n%-12s %8s", label, "ann");
    for (double w : windows) {
        char head[32];
        std::snprintf(head, sizeof head, "rate %gms", w);
        std::printf(" %11s", head);
    }
    std::printf(" %8s", "ttfs");
    if (synops) std::printf(" %12s %12s", "rate synops", "ttfs synops");
    std::printf("\n");
    for (std::size_t k = 0; k < c.strength.size(); ++k) {
        std::printf("%-12g %7.2f%%", c.strength[k], 100 * ann[k]);
        for (const auto& row : rate)
            std::printf(" %10.2f%%", 100 * row[k]);
        std::printf(" %7.2f%%", 100 * ttfs[k]);
        if (synops) std::printf(" %12.0f %12.0f", c.rate_synops[k], c.ttfs_synops[k]);
        std::printf("\n");
    }
}

} // namespace

void print_robustness(const RobustnessResult& r) {
    for (const auto& c : r.curves) {
        const std::string label = std::string(to_string(c.kind)) + " " + r.measure;
        print_values(label.c_str(), c, c.ann, c.rate, c.ttfs, r.rate_windows, true);
        if (!c.ann_cosine.empty()) {
            const std::string cos = std::string(to_string(c.kind)) + " cosine";
            print_values(cos.c_str(), c, c.ann_cosine, c.rate_cosine, c.ttfs_cosine, r.rate_windows,
                         false);
        }
    }
    std::printf("jitter: sd of every delivery's arrival time (ms; every strength runs with delays "
                "lengthened by 4 sd of the largest, rate "
                "windows counted after that); failure: probability a delivery is dropped; "
                "weight_bits: signed weights on a k-bit grid per layer (0: full precision); "
                "membrane: white-noise current into every unit, threshold per sqrt(ms). ann: "
                "the matching perturbation (per-synapse value error jitter / T, DropConnect, the "
                "same weights, the pre-activation noise a ttfs unit integrates); "
                "docs/robustness.md\n");
}

} // namespace spikesim::cli
