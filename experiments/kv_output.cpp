#include "experiments/kv_output.hpp"

#include <algorithm>
#include <sstream>

namespace spikesim {
namespace {

void write_mode(hid_t results, const KvModeSummary& s) {
    auto g = hdf5::create_group(results, s.name);
    hdf5::write_attribute(g.get(), "recall", s.recall);
    hdf5::write_attribute(g.get(), "cosine", s.cosine);
    hdf5::write_attribute(g.get(), "relative_l2", s.relative_l2);
    hdf5::write_attribute(g.get(), "random_cosine", s.random_cosine);
    hdf5::write_attribute(g.get(), "random_relative_l2", s.random_relative_l2);
    hdf5::write_attribute(g.get(), "key_correlation", s.key_correlation);
    hdf5::write_attribute(g.get(), "synops_per_query", s.synops);
    hdf5::write_attribute(g.get(), "energy_pj", s.energy_pj);
    hdf5::write_attribute(g.get(), "readout_ms", s.readout_ms);
    if (s.keys.size() == 0) return;
    const Eigen::Index rows = std::min<Eigen::Index>(s.keys.rows(), 50);
    const Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor> k =
        s.keys.topRows(rows);
    hdf5::write_matrix(g.get(), "key_activations", std::size_t(k.rows()), std::size_t(k.cols()),
                       k.data());
}

void write_sweeps(hid_t f, const KvExperimentResult& r, const KvExperimentOptions& o) {
    auto g = hdf5::create_group(f, "/sweep");
    hdf5::write_vector(g.get(), "noise", std::span<const double>(o.sweep_noise));
    std::vector<double> ms(o.sweep_memories.begin(), o.sweep_memories.end());
    hdf5::write_vector(g.get(), "memories", std::span<const double>(ms));
    for (std::size_t k = 0; k < r.modes.size(); ++k) {
        hdf5::write_vector(g.get(), "recall_vs_noise_" + r.modes[k].name,
                           std::span<const double>(r.noise_recall[k]));
        hdf5::write_vector(g.get(), "recall_vs_memories_" + r.modes[k].name,
                           std::span<const double>(r.memories_recall[k]));
    }
}

} // namespace

void write_kv(const KvExperimentResult& result, const KvExperimentOptions& options,
              const std::string& path, const Provenance& provenance) {
    SonataWriter w(path, provenance);
    w.write_experiment([&](hid_t f) {
        auto results = hdf5::create_group(f, "/results");
        for (const auto& s : result.modes)
            write_mode(results.get(), s);
        if (!result.noise_recall.empty()) write_sweeps(f, result, options);
    });
    for (const auto& s : result.modes)
        for (const SpikeRaster& raster : s.rasters)
            w.write_raster(raster, s.name + "_");
    w.commit();
}

std::string kv_config_text(const KvExperimentOptions& o) {
    std::ostringstream config;
    config << "kv d=" << o.kv.d << " d_ff=" << o.kv.d_ff << " memories=" << o.kv.memories
           << " noise=" << o.kv.noise << " threshold=" << o.kv.threshold
           << " queries=" << o.kv.queries << " duration=" << o.conversion.duration
           << " phase=" << o.conversion.phase << " encoding=" << to_string(o.conversion.encoding);
    return config.str();
}

} // namespace spikesim
