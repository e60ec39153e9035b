#include "experiments/kv_dale.hpp"

#include "experiments/coding.hpp"

namespace spikesim {
namespace {

// Neurons of the network built for one query, and how many of them are inhibitory.
void count_neurons(const DenseNetwork& block, const std::vector<double>& scales,
                   const ConversionOptions& conversion, const Eigen::VectorXd& query,
                   KvDaleRow& row) {
    ConversionOptions c = conversion;
    c.signed_input = c.signed_output = c.dale = true; // as run_spiking_block converts
    const SpikingNetwork s = Converter(block, scales, c).build(query, 0);
    for (const auto& p : s.network.populations()) {
        row.neurons += p.size();
        if (p.dale == Dale::inhibitory) row.inhibitory_neurons += p.size();
    }
}

} // namespace

KvDaleResult run_kv_dale(const KvExperimentOptions& o) {
    o.validate();
    const MemoryBlock mem = make_memory_block(o.kv);
    const Eigen::MatrixXd calibration = make_memory_queries(o.kv, mem, 1000, 1);
    const auto scales =
        activation_scales(mem.block, calibration, Normalisation::percentile, 99.9, true);
    const Eigen::MatrixXd q = make_memory_queries(o.kv, mem, o.kv.queries, 0);
    const Eigen::MatrixXd ann = mem.block.logits(q);
    KvDaleResult r;
    r.ann_recall = recall(ann, mem);
    r.ann_macs = double(mem.block.macs());
    r.ann_energy_pj = energy_per_mac_pj * r.ann_macs;
    for (const bool native : {false, true}) {
        KvDaleRow row;
        row.name = native ? "native" : "split";
        ConversionOptions c = o.conversion;
        c.excitatory_hidden = native;
        std::vector<double> s = scales;
        if (native)
            s.back() = split_output_scale(mem.block, calibration, Normalisation::percentile, 99.9);
        count_neurons(mem.block, s, c, q.row(0).transpose(), row);
        for (const CodingMode mode : {CodingMode::rate, CodingMode::ttfs}) {
            c.mode = mode;
            const SpikingBlockResult b = run_spiking_block(mem.block, s, q, c);
            const bool rate = mode == CodingMode::rate;
            (rate ? row.rate_recall : row.ttfs_recall) = recall(b.outputs, mem);
            (rate ? row.rate_cosine : row.ttfs_cosine) = mean_cosine(b.outputs, ann);
            (rate ? row.rate_synops : row.ttfs_synops) = b.synops_per_query;
            (rate ? row.rate_energy_pj : row.ttfs_energy_pj) =
                energy_per_synop_pj * b.synops_per_query;
            row.synapses = b.synapses;
        }
        r.rows.push_back(row);
    }
    return r;
}

} // namespace spikesim
