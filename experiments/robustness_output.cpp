#include "experiments/robustness_output.hpp"

namespace spikesim {
namespace {

void write_rows(hid_t g, const std::string& name, const std::vector<std::vector<double>>& rows,
                std::size_t columns) {
    std::vector<double> flat;
    for (const auto& row : rows)
        flat.insert(flat.end(), row.begin(), row.end());
    hdf5::write_matrix(g, name, rows.size(), columns, flat.data());
}

} // namespace

void write_robustness(const RobustnessResult& r, const std::string& path,
                      const Provenance& provenance) {
    SonataWriter w(path, provenance);
    w.write_experiment([&](hid_t f) {
        auto g = hdf5::create_group(f, "/robustness");
        hdf5::write_attribute(g.get(), "measure", r.measure);
        hdf5::write_vector(g.get(), "rate_windows_ms", std::span<const double>(r.rate_windows));
        for (const auto& c : r.curves) {
            auto k = hdf5::create_group(g.get(), to_string(c.kind));
            hdf5::write_vector(k.get(), "strength", std::span<const double>(c.strength));
            hdf5::write_vector(k.get(), "ann_" + r.measure, std::span<const double>(c.ann));
            hdf5::write_vector(k.get(), "ttfs_" + r.measure, std::span<const double>(c.ttfs));
            write_rows(k.get(), "rate_" + r.measure, c.rate, c.strength.size());
            if (!c.ann_cosine.empty()) {
                hdf5::write_vector(k.get(), "ann_cosine", std::span<const double>(c.ann_cosine));
                hdf5::write_vector(k.get(), "ttfs_cosine", std::span<const double>(c.ttfs_cosine));
                write_rows(k.get(), "rate_cosine", c.rate_cosine, c.strength.size());
            }
            hdf5::write_vector(k.get(), "rate_synops", std::span<const double>(c.rate_synops));
            hdf5::write_vector(k.get(), "ttfs_synops", std::span<const double>(c.ttfs_synops));
        }
    });
    w.commit();
}

} // namespace spikesim
