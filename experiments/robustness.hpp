#pragma once
// Robustness of the codes (`spikesim coding --perturb`): the trained MLP run as ann, rate
// (read at several window lengths) and ttfs while one perturbation of the substrate grows
// (models/perturbation.hpp): spike-time jitter, synaptic failure, weight precision,
// membrane noise. Every
// strength runs the same test samples with the same Poisson input trains, so that accuracy
// differences come from the perturbation alone.
#include "experiments/coding.hpp"

#include <functional>
#include <string>
#include <vector>

namespace spikesim {

enum class PerturbationKind { jitter, failure, weight_bits, membrane };
// "jitter", "failure", "weight_bits", "membrane"
const char* to_string(PerturbationKind k);
// The Perturbation of kind `k` at `strength` (ms, a probability, bits (0: none), or the
// threshold per sqrt(ms)).
Perturbation perturbation_of(PerturbationKind k, double strength);

struct RobustnessOptions {
    std::vector<PerturbationKind> kinds{PerturbationKind::jitter, PerturbationKind::failure,
                                        PerturbationKind::weight_bits, PerturbationKind::membrane};
    std::vector<double> jitter_ms{0, 0.25, 0.5, 1, 2};
    std::vector<double> failure{0, 0.1, 0.2, 0.3, 0.5};
    std::vector<double> weight_bits{0, 8, 6, 4, 3, 2};                 // 0: full precision
    std::vector<double> membrane_sigma{0, 0.01, 0.02, 0.05, 0.1, 0.2}; // threshold per sqrt(ms)
    std::vector<double> rate_windows{25, 50, 100, 200}; // ms; the longest is the rate run's
    // Kind k at `strength`; for jitter, with the delays of the largest jitter of the sweep
    // (Perturbation::delay_margin_ms), so that strengths differ by the jitter alone.
    Perturbation perturbation(PerturbationKind k, double strength) const;
    // The strengths of kind k.
    const std::vector<double>& strengths(PerturbationKind k) const;
    // InputError "coding" naming the field (jitter_ms, failure, weight_bits,
    // membrane_sigma, rate_windows).
    void validate() const;
};

struct RobustnessCurve {
    PerturbationKind kind;
    std::vector<double> strength;
    std::vector<double> ann, ttfs;                // accuracy at each strength
    std::vector<std::vector<double>> rate;        // [window][strength]
    std::vector<double> rate_synops, ttfs_synops; // per sample, at each strength
    // The key-value block only: cosine of the output with the unperturbed ANN's.
    std::vector<double> ann_cosine, ttfs_cosine;
    std::vector<std::vector<double>> rate_cosine; // [window][strength]
};

struct RobustnessResult {
    std::string measure = "accuracy"; // or "recall" (the key-value block)
    std::vector<double> rate_windows;
    std::vector<RobustnessCurve> curves;
};

// `on_point(kind, strength, seconds)` after each strength.
RobustnessResult
run_robustness(const CodingSetup& setup, const CodingOptions& coding,
               const RobustnessOptions& options,
               const std::function<void(PerturbationKind, double, double)>& on_point = {});

// What both sweeps share: for every strength of every kind, `point(perturbation, curve)`
// appends that strength's measures to the kind's curve (whose strength is already
// appended); the result has the sorted windows and `measure`.
using RobustnessPoint = std::function<void(const Perturbation&, RobustnessCurve&)>;
RobustnessResult
sweep_perturbations(const RobustnessOptions& options, const std::string& measure,
                    const RobustnessPoint& point,
                    const std::function<void(PerturbationKind, double, double)>& on_point);

struct KvExperimentOptions;
// The same for the key-value block's memory workload (`spikesim kv --perturb`): recall and
// the cosine of the output with the unperturbed ANN's (experiments/kv_robustness.cpp).
RobustnessResult
run_kv_robustness(const KvExperimentOptions& kv, const RobustnessOptions& options,
                  const std::function<void(PerturbationKind, double, double)>& on_point = {});

} // namespace spikesim
