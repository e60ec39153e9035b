#include "experiments/kv_dale.hpp"

#include "experiments/coding.hpp"

namespace spikesim {

KvDaleResult run_kv_dale(const KvExperimentOptions& o) {
    o.validate();
    const MemoryWorkload w = make_memory_workload(o.kv);
    const MemoryBlock& mem = w.memory;
    const Eigen::MatrixXd ann = mem.block.logits(w.queries);
    KvDaleResult r;
    r.ann_recall = recall(ann, mem);
    r.ann_macs = double(mem.block.macs());
    r.ann_energy_pj = energy_per_mac_pj * r.ann_macs;
    for (const bool native : {false, true}) {
        KvDaleRow row;
        row.name = native ? "native" : "split";
        ConversionOptions c = o.conversion;
        c.excitatory_hidden = native;
        std::vector<double> s = w.scales;
        if (native)
            s.back() =
                split_output_scale(mem.block, w.calibration, Normalisation::percentile, 99.9);
        for (const CodingMode mode : {CodingMode::rate, CodingMode::ttfs}) {
            c.mode = mode;
            const SpikingBlockResult b = run_spiking_block(mem.block, s, w.queries, c, 0, o.ranks);
            const bool rate = mode == CodingMode::rate;
            (rate ? row.rate_recall : row.ttfs_recall) = recall(b.outputs, mem);
            (rate ? row.rate_cosine : row.ttfs_cosine) = mean_cosine(b.outputs, ann);
            (rate ? row.rate_synops : row.ttfs_synops) = b.synops_per_query;
            (rate ? row.rate_energy_pj : row.ttfs_energy_pj) =
                energy_per_synop_pj * b.synops_per_query;
            row.neurons = b.neurons;
            row.inhibitory_neurons = b.inhibitory_neurons;
            row.synapses = b.synapses;
        }
        r.rows.push_back(row);
    }
    return r;
}

} // namespace spikesim
