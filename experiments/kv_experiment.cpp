#include "experiments/kv_experiment.hpp"

#include "experiments/coding.hpp"
#include "sim/errors.hpp"

#include <algorithm>
#include <cmath>

namespace spikesim {
namespace {

constexpr double nan = std::numeric_limits<double>::quiet_NaN();

std::vector<CodingMode> modes_of(const std::string& mode) {
    std::vector<CodingMode> m{CodingMode::ann}; // the reference, always
    for (CodingMode c : {CodingMode::rate, CodingMode::ttfs})
        if (mode == "all" || mode == to_string(c)) m.push_back(c);
    return m;
}

// Outputs and key activations of one mode on a set of queries.
struct ModeRun {
    Eigen::MatrixXd outputs, keys;
    SpikingBlockResult spiking;
};
ModeRun run_mode(CodingMode mode, const DenseNetwork& block, const std::vector<double>& scales,
                 const Eigen::MatrixXd& q, ConversionOptions conversion, Communicator* ranks,
                 std::size_t rasters = 0) {
    ModeRun r;
    if (mode == CodingMode::ann) {
        const auto a = block.forward_all(q);
        r.outputs = a[2];
        r.keys = a[1];
        r.spiking.readout_ms = nan;
        r.spiking.synops_per_query = double(block.macs());
        return r;
    }
    conversion.mode = mode;
    r.spiking = run_spiking_block(block, scales, q, conversion, rasters, ranks);
    r.outputs = r.spiking.outputs;
    r.keys = r.spiking.keys;
    return r;
}

std::vector<double> robust_scales(const DenseNetwork& block, const Eigen::MatrixXd& calibration) {
    return activation_scales(block, calibration, Normalisation::percentile, 99.9, true);
}

// The cost measures of a mode, from whichever workload ran.
void set_costs(KvModeSummary& s, const ModeRun& r, bool is_ann) {
    s.synops = r.spiking.synops_per_query;
    s.energy_pj = (is_ann ? energy_per_mac_pj : energy_per_synop_pj) * s.synops;
    s.readout_ms = r.spiking.readout_ms;
    s.spikes_per_neuron = r.spiking.spikes_per_neuron;
}

void run_memory_workload(const KvExperimentOptions& o, const std::vector<CodingMode>& modes,
                         KvExperimentResult& result) {
    MemoryWorkload w = make_memory_workload(o.kv);
    result.memory = std::move(w.memory);
    const MemoryBlock& mem = *result.memory;
    const std::vector<double>& scales = w.scales;
    const Eigen::MatrixXd& q = w.queries;
    result.first_query = q.row(0).transpose();
    const ModeRun ann = run_mode(CodingMode::ann, mem.block, scales, q, o.conversion, o.ranks);
    for (std::size_t k = 0; k < modes.size(); ++k) {
        const ModeRun r =
            k == 0 ? ann : run_mode(modes[k], mem.block, scales, q, o.conversion, o.ranks, 3);
        auto& s = result.modes[k];
        s.recall = recall(r.outputs, mem);
        s.cosine = mean_cosine(r.outputs, ann.outputs);
        s.relative_l2 = relative_l2(r.outputs, ann.outputs);
        s.key_correlation = pearson(r.keys, ann.keys);
        set_costs(s, r, k == 0);
        s.keys = r.keys;
        s.rasters = r.spiking.rasters;
    }
}

void run_random_workload(const KvExperimentOptions& o, const std::vector<CodingMode>& modes,
                         bool costs_here, KvExperimentResult& result) {
    const DenseNetwork block = make_random_block(o.kv);
    const auto scales = robust_scales(block, make_random_inputs(o.kv, 1000, 1));
    const Eigen::MatrixXd x = make_random_inputs(o.kv, o.kv.queries, 0);
    const ModeRun ann = run_mode(CodingMode::ann, block, scales, x, o.conversion, o.ranks);
    for (std::size_t k = 0; k < modes.size(); ++k) {
        const ModeRun r =
            k == 0 ? ann : run_mode(modes[k], block, scales, x, o.conversion, o.ranks);
        auto& s = result.modes[k];
        s.random_cosine = mean_cosine(r.outputs, ann.outputs);
        s.random_relative_l2 = relative_l2(r.outputs, ann.outputs);
        if (!costs_here) continue;
        s.key_correlation = pearson(r.keys, ann.keys);
        set_costs(s, r, k == 0);
    }
}

// Recall over the noise level and over the number of stored pairs.
void run_sweeps(const KvExperimentOptions& o, const std::vector<CodingMode>& modes,
                KvExperimentResult& result) {
    auto recall_at = [&](KvOptions kv, std::size_t k) {
        kv.queries = o.sweep_queries;
        const MemoryWorkload w = make_memory_workload(kv, 500);
        const MemoryBlock& mb = w.memory;
        const auto& scales = w.scales;
        const auto& q = w.queries;
        return recall(run_mode(modes[k], mb.block, scales, q, o.conversion, o.ranks).outputs, mb);
    };
    result.noise_recall.assign(modes.size(), {});
    result.memories_recall.assign(modes.size(), {});
    for (std::size_t k = 0; k < modes.size(); ++k) {
        for (double n : o.sweep_noise) {
            KvOptions kv = o.kv;
            kv.noise = n;
            result.noise_recall[k].push_back(recall_at(kv, k));
        }
        for (int m : o.sweep_memories) {
            KvOptions kv = o.kv;
            kv.memories = m;
            result.memories_recall[k].push_back(recall_at(kv, k));
        }
    }
}

} // namespace

ConversionOptions KvExperimentOptions::default_conversion() {
    ConversionOptions c;
    c.duration = 100.0;
    return c;
}

void KvExperimentOptions::validate() const {
    kv.validate();
    conversion.validate("kv");
    auto bad = [](const char* field, const std::string& expected, double got) {
        return InputError("kv", field, expected, format_number(got));
    };
    if (mode != "ann" && mode != "rate" && mode != "ttfs" && mode != "all")
        throw InputError("kv", "mode", "one of ann, rate, ttfs, all", "\"" + mode + "\"");
    if (workload != "memory" && workload != "random" && workload != "both")
        throw InputError("kv", "workload", "one of memory, random, both", "\"" + workload + "\"");
    if (conversion.encoding == RateEncoding::current)
        throw InputError("kv", "encoding", "poisson or regular", "current");
    if (sweep_queries < 1) throw bad("sweep_queries", "an integer >= 1", sweep_queries);
    for (double n : sweep_noise)
        if (!(n >= 0) || !std::isfinite(n)) throw bad("sweep_noise", "numbers >= 0", n);
    for (int m : sweep_memories)
        if (m < 1 || m > kv.d_ff) throw bad("sweep_memories", "integers from 1 to d_ff", m);
}

KvExperimentResult run_kv(const KvExperimentOptions& options) {
    options.validate();
    KvExperimentOptions o = options;
    o.conversion.seed = o.kv.seed; // the Poisson inputs draw from the experiment's seed
    const auto modes = modes_of(o.mode);
    const bool memory = o.workload != "random", random = o.workload != "memory";
    KvExperimentResult result;
    for (CodingMode m : modes)
        result.modes.push_back(
            KvModeSummary{to_string(m), nan, nan, nan, nan, nan, nan, 0, 0, nan, 0, {}, {}});
    if (memory) run_memory_workload(o, modes, result);
    if (random) run_random_workload(o, modes, !memory, result);
    if (memory && o.sweep) run_sweeps(o, modes, result);
    return result;
}

} // namespace spikesim
