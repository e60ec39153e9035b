#include "experiments/robustness.hpp"

#include "sim/errors.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>

namespace spikesim {

const char* to_string(PerturbationKind k) {
    switch (k) {
    case PerturbationKind::jitter:
        return "jitter";
    case PerturbationKind::failure:
        return "failure";
    case PerturbationKind::weight_bits:
        return "weight_bits";
    case PerturbationKind::membrane:
        return "membrane";
    }
    return "?";
}

Perturbation perturbation_of(PerturbationKind k, double strength) {
    Perturbation p;
    switch (k) {
    case PerturbationKind::jitter:
        p.jitter_ms = strength;
        break;
    case PerturbationKind::failure:
        p.failure = strength;
        break;
    case PerturbationKind::weight_bits:
        p.weight_bits = int(strength);
        break;
    case PerturbationKind::membrane:
        p.membrane_sigma = strength;
        break;
    }
    return p;
}

const std::vector<double>& RobustnessOptions::strengths(PerturbationKind k) const {
    switch (k) {
    case PerturbationKind::jitter:
        return jitter_ms;
    case PerturbationKind::failure:
        return failure;
    case PerturbationKind::weight_bits:
        return weight_bits;
    case PerturbationKind::membrane:
        return membrane_sigma;
    }
    return jitter_ms;
}

Perturbation RobustnessOptions::perturbation(PerturbationKind k, double strength) const {
    Perturbation p = perturbation_of(k, strength);
    if (k == PerturbationKind::jitter && !jitter_ms.empty())
        p.delay_margin_ms =
            SynapticNoise{0.0, *std::max_element(jitter_ms.begin(), jitter_ms.end())}.bound();
    return p;
}

void RobustnessOptions::validate() const {
    if (kinds.empty()) throw InputError("coding", "perturb", "at least one perturbation");
    for (auto k : kinds) {
        const auto& values = strengths(k);
        if (values.empty())
            throw InputError("coding", to_string(k), "at least one strength", "none");
        for (double v : values) {
            if (k == PerturbationKind::weight_bits && v != std::round(v))
                throw InputError("coding", "weight_bits", "whole numbers of bits",
                                 format_number(v));
            perturbation_of(k, v).validate("coding");
        }
    }
    if (rate_windows.empty()) throw InputError("coding", "rate_windows", "at least one window");
    for (double w : rate_windows)
        if (!std::isfinite(w) || w <= 0)
            throw InputError("coding", "rate_windows", "windows > 0 (ms)", format_number(w));
}

namespace {

double ann_accuracy(const CodingSetup& s, const Perturbation& p, const CodingOptions& o) {
    const Eigen::MatrixXd z =
        perturbed_logits(s.ann, s.scales, s.test.x, p,
                         TtfsTiming{o.conversion.phase, o.conversion.delay}, o.conversion.seed);
    std::size_t right = 0;
    for (Eigen::Index i = 0; i < z.rows(); ++i) {
        Eigen::Index best;
        z.row(i).maxCoeff(&best);
        right += int(best) == s.test.y[std::size_t(i)];
    }
    return double(right) / double(z.rows());
}

ModeResult spiking(const CodingSetup& s, const CodingOptions& o, CodingMode mode,
                   const Perturbation& p, const std::vector<double>& windows) {
    CodingRun run;
    run.conversion = o.conversion;
    run.conversion.mode = mode;
    run.conversion.dale = false;
    run.conversion.perturbation = p;
    run.raster_samples = 0;
    run.ranks = o.ranks;
    if (mode == CodingMode::rate) {
        // Jitter lengthens every delay by its bound (models/conversion.hpp); the windows
        // start after that extra latency of the layers, so that it is not counted against
        // rate coding as lost input.
        const double extra = double(s.ann.layers().size()) * p.delay_lengthening();
        run.conversion.duration = *std::max_element(windows.begin(), windows.end());
        for (double w : windows)
            run.times.push_back(w + extra);
    }
    return evaluate_spiking(s.ann, s.scales, s.test, run, s.ann_predictions);
}

} // namespace

RobustnessResult
sweep_perturbations(const RobustnessOptions& o, const std::string& measure,
                    const RobustnessPoint& point,
                    const std::function<void(PerturbationKind, double, double)>& on_point) {
    RobustnessResult r;
    r.measure = measure;
    r.rate_windows = o.rate_windows;
    std::sort(r.rate_windows.begin(), r.rate_windows.end());
    for (auto kind : o.kinds) {
        RobustnessCurve c;
        c.kind = kind;
        c.rate.assign(r.rate_windows.size(), {});
        for (double strength : o.strengths(kind)) {
            const auto start = std::chrono::steady_clock::now();
            c.strength.push_back(strength);
            point(o.perturbation(kind, strength), c);
            if (on_point)
                on_point(kind, strength,
                         std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
                             .count());
        }
        r.curves.push_back(std::move(c));
    }
    return r;
}

RobustnessResult
run_robustness(const CodingSetup& setup, const CodingOptions& coding, const RobustnessOptions& o,
               const std::function<void(PerturbationKind, double, double)>& on_point) {
    o.validate();
    std::vector<double> windows = o.rate_windows;
    std::sort(windows.begin(), windows.end());
    const auto point = [&](const Perturbation& p, RobustnessCurve& c) {
        c.ann.push_back(ann_accuracy(setup, p, coding));
        const ModeResult rate = spiking(setup, coding, CodingMode::rate, p, windows);
        for (std::size_t k = 0; k < windows.size(); ++k)
            c.rate[k].push_back(rate.accuracy_at[k]);
        c.rate_synops.push_back(rate.synops_per_sample);
        const ModeResult ttfs = spiking(setup, coding, CodingMode::ttfs, p, {});
        c.ttfs.push_back(ttfs.accuracy);
        c.ttfs_synops.push_back(ttfs.synops_per_sample);
    };
    return sweep_perturbations(o, "accuracy", point, on_point);
}

} // namespace spikesim
