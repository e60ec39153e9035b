#include "experiments/coding_output.hpp"

#include <filesystem>
#include <sstream>

namespace spikesim {
namespace {

void write_mode(hid_t results, const ModeResult& r) {
    auto g = hdf5::create_group(results, r.name);
    hdf5::write_attribute(g.get(), "accuracy", r.accuracy);
    hdf5::write_attribute(g.get(), "agreement_with_ann", r.agreement_with_ann);
    hdf5::write_attribute(g.get(), "synops_per_sample", r.synops_per_sample);
    hdf5::write_attribute(g.get(), "spikes_per_neuron", r.spikes_per_neuron);
    hdf5::write_attribute(g.get(), "energy_pj", r.energy_pj);
    hdf5::write_attribute(g.get(), "latency_ms", r.latency_ms);
    hdf5::write_attribute(g.get(), "stable_ms", r.stable_ms);
    hdf5::write_attribute(g.get(), "undecided", r.undecided);
    hdf5::write_attribute(g.get(), "samples", static_cast<std::int64_t>(r.samples));
    hdf5::write_attribute(g.get(), "neurons", static_cast<std::int64_t>(r.neurons));
    hdf5::write_attribute(g.get(), "synapses", static_cast<std::int64_t>(r.synapses));
    if (r.times.empty()) return;
    hdf5::write_vector(g.get(), "times_ms", std::span<const double>(r.times));
    hdf5::write_vector(g.get(), "accuracy_at", std::span<const double>(r.accuracy_at));
    hdf5::write_vector(g.get(), "synops_at", std::span<const double>(r.synops_at));
}

const char* name_of(Normalisation n) {
    return n == Normalisation::max ? "max" : "p99.9";
}
const char* name_of(Readout r) {
    return r == Readout::membrane ? "membrane" : "spikes";
}

} // namespace

void write_coding(const CodingResult& result, const std::string& path,
                  const Provenance& provenance) {
    SonataWriter w(path, provenance);
    w.write_experiment([&](hid_t f) {
        auto g = hdf5::create_group(f, "/results");
        hdf5::write_attribute(g.get(), "energy_per_mac_pj", energy_per_mac_pj);
        hdf5::write_attribute(g.get(), "energy_per_synop_pj", energy_per_synop_pj);
        hdf5::write_attribute(g.get(), "macs", static_cast<std::int64_t>(result.ann.macs()));
        for (const auto& r : result.modes)
            write_mode(g.get(), r);
    });
    for (const auto& r : result.modes)
        for (const SpikeRaster& raster : r.rasters)
            w.write_raster(raster, r.name + "_");
    w.commit();
}

std::string coding_weights_path(const std::string& results_path) {
    return std::filesystem::path(results_path).replace_extension("").string() + "_weights.h5";
}

std::string coding_config_text(const CodingOptions& o) {
    const auto& c = o.conversion;
    std::ostringstream config;
    config << "coding mode=" << o.mode << " dale=" << o.dale
           << " encoding=" << to_string(c.encoding) << " normalisation=" << name_of(c.normalisation)
           << " readout=" << name_of(c.readout) << " duration=" << c.duration
           << " phase=" << c.phase << " delay=" << c.delay << " max_rate=" << c.max_rate
           << " epochs=" << o.train.epochs;
    return config.str();
}

} // namespace spikesim
