#include "experiments/dale_native_output.hpp"

#include <cstdio>

namespace spikesim {

std::string dale_row_name(const DaleRow& row) {
    if (row.name != "native") return row.name;
    char text[32];
    std::snprintf(text, sizeof text, "native_%g", row.inhibitory_fraction);
    return text;
}

void write_dale_native(const DaleNativeResult& r, const std::string& path,
                       const Provenance& provenance) {
    SonataWriter w(path, provenance);
    w.write_experiment([&](hid_t f) {
        auto g = hdf5::create_group(f, "/dale");
        hdf5::write_attribute(g.get(), "preferred", dale_row_name(r.rows[r.preferred]));
        hdf5::write_attribute(g.get(), "energy_per_mac_pj", energy_per_mac_pj);
        hdf5::write_attribute(g.get(), "energy_per_synop_pj", energy_per_synop_pj);
        for (const DaleRow& row : r.rows) {
            auto k = hdf5::create_group(g.get(), dale_row_name(row));
            hdf5::write_attribute(k.get(), "inhibitory_fraction", row.inhibitory_fraction);
            hdf5::write_attribute(k.get(), "train_loss", row.train_loss);
            hdf5::write_attribute(k.get(), "ann_accuracy", row.ann);
            hdf5::write_attribute(k.get(), "rate_accuracy", row.rate);
            hdf5::write_attribute(k.get(), "ttfs_accuracy", row.ttfs);
            hdf5::write_attribute(k.get(), "synapses", std::int64_t(row.synapses));
            hdf5::write_attribute(k.get(), "rate_synops", row.rate_synops);
            hdf5::write_attribute(k.get(), "ttfs_synops", row.ttfs_synops);
            hdf5::write_attribute(k.get(), "violations", std::int64_t(row.violations));
        }
    });
    w.commit();
}

} // namespace spikesim
