#include "experiments/kv_dale_output.hpp"

#include "experiments/coding.hpp"

namespace spikesim {

void write_kv_dale(const KvDaleResult& r, const std::string& path, const Provenance& provenance) {
    SonataWriter w(path, provenance);
    w.write_experiment([&](hid_t f) {
        auto g = hdf5::create_group(f, "/kv_dale");
        hdf5::write_attribute(g.get(), "ann_recall", r.ann_recall);
        hdf5::write_attribute(g.get(), "ann_macs", r.ann_macs);
        hdf5::write_attribute(g.get(), "energy_per_mac_pj", energy_per_mac_pj);
        hdf5::write_attribute(g.get(), "energy_per_synop_pj", energy_per_synop_pj);
        for (const KvDaleRow& row : r.rows) {
            auto k = hdf5::create_group(g.get(), row.name);
            hdf5::write_attribute(k.get(), "neurons", std::int64_t(row.neurons));
            hdf5::write_attribute(k.get(), "inhibitory_neurons",
                                  std::int64_t(row.inhibitory_neurons));
            hdf5::write_attribute(k.get(), "synapses", std::int64_t(row.synapses));
            hdf5::write_attribute(k.get(), "rate_recall", row.rate_recall);
            hdf5::write_attribute(k.get(), "ttfs_recall", row.ttfs_recall);
            hdf5::write_attribute(k.get(), "rate_cosine", row.rate_cosine);
            hdf5::write_attribute(k.get(), "ttfs_cosine", row.ttfs_cosine);
            hdf5::write_attribute(k.get(), "rate_synops", row.rate_synops);
            hdf5::write_attribute(k.get(), "ttfs_synops", row.ttfs_synops);
        }
    });
    w.commit();
}

} // namespace spikesim
