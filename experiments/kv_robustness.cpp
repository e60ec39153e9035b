// `run_kv_robustness`: the robustness sweep on the key-value block's memory workload.
#include "experiments/kv_experiment.hpp"
#include "experiments/robustness.hpp"

#include <algorithm>

namespace spikesim {
namespace {

struct Scored {
    double recall, cosine, synops;
};

Scored score(const Eigen::MatrixXd& outputs, const MemoryBlock& m, const Eigen::MatrixXd& clean_ann,
             double synops) {
    return {recall(outputs, m), mean_cosine(outputs, clean_ann), synops};
}

} // namespace

RobustnessResult
run_kv_robustness(const KvExperimentOptions& options, const RobustnessOptions& o,
                  const std::function<void(PerturbationKind, double, double)>& on_point) {
    options.validate();
    o.validate();
    ConversionOptions conversion = options.conversion;
    conversion.seed = options.kv.seed;
    const MemoryWorkload w = make_memory_workload(options.kv);
    const MemoryBlock& mem = w.memory;
    const std::vector<double>& scales = w.scales;
    const Eigen::MatrixXd& q = w.queries;
    const Eigen::MatrixXd clean = mem.block.logits(q);

    std::vector<double> windows = o.rate_windows;
    std::sort(windows.begin(), windows.end());
    const auto point = [&](const Perturbation& p, RobustnessCurve& c) {
        conversion.perturbation = p;
        const Scored ann =
            score(perturbed_logits(mem.block, scales, q, p,
                                   TtfsTiming{conversion.phase, conversion.delay}, conversion.seed),
                  mem, clean, 0);
        c.ann.push_back(ann.recall);
        c.ann_cosine.push_back(ann.cosine);
        c.rate_cosine.resize(windows.size());
        for (std::size_t k = 0; k < windows.size(); ++k) {
            ConversionOptions rate = conversion;
            rate.mode = CodingMode::rate;
            rate.duration = windows[k];
            const auto run = run_spiking_block(mem.block, scales, q, rate, 0, options.ranks);
            const Scored s = score(run.outputs, mem, clean, run.synops_per_query);
            c.rate[k].push_back(s.recall);
            c.rate_cosine[k].push_back(s.cosine);
            if (k + 1 == windows.size()) c.rate_synops.push_back(s.synops);
        }
        ConversionOptions ttfs = conversion;
        ttfs.mode = CodingMode::ttfs;
        const auto run = run_spiking_block(mem.block, scales, q, ttfs, 0, options.ranks);
        const Scored s = score(run.outputs, mem, clean, run.synops_per_query);
        c.ttfs.push_back(s.recall);
        c.ttfs_cosine.push_back(s.cosine);
        c.ttfs_synops.push_back(s.synops);
    };
    return sweep_perturbations(o, "recall", point, on_point);
}

} // namespace spikesim
